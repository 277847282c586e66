import { httpUrl } from "../text/urls.ts";
import { InputError, lineAt } from "../platform/input-error.ts";
import type { PaperLink } from "../model/paper.ts";
import { parseArxivRef } from "../model/arxiv.ts";
import { DigestReader, quote, type ParsedDigest } from "./digest-reader.ts";
import { collapseWhitespace } from "../text/plain.ts";

/**
 * A response of Hugging Face's `/api/daily_papers`: an array of entries, each with the paper under
 * `paper` — its arXiv `id`, `title`, `summary`, `authors` ({name}), `publishedAt`, `upvotes`, and
 * where known `githubRepo`, `projectPage`, `ai_summary` and `ai_keywords`.
 * https://huggingface.co/docs/hub/en/api#get-apidailypapers
 */

/** Parses JSON text, or throws an InputError with the line of the syntax error. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    const line = position ? lineAt(text, Number(position[1])) : /end of JSON input/.test(message) ? text.split("\n").length : 1;
    throw new InputError(file, line, `malformed JSON: ${message.replace(/\s*in JSON at position \d+.*$/, "")}`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const stringOf = (value: unknown) => (typeof value === "string" ? value : "");

/** Whether a parsed JSON document looks like a daily-papers response. */
export function isDailyPapers(json: unknown): json is unknown[] {
  return Array.isArray(json) && json.every((entry) => isObject(entry) && isObject(entry.paper));
}

export function parseHfDaily(json: unknown, text: string, file: string, date: string): ParsedDigest {
  if (isObject(json) && typeof json.error === "string") throw new InputError(file, 1, `Hugging Face answered with an error: ${json.error}`);
  if (!Array.isArray(json)) throw new InputError(file, 1, "a JSON digest must be Hugging Face's daily-papers list (an array of entries with a `paper`)");
  const reader = new DigestReader(file, date);
  let cursor = 0;
  json.forEach((entry, index) => {
    const paper = isObject(entry) && isObject(entry.paper) ? entry.paper : undefined;
    const id = stringOf(paper?.id);
    // JSON.parse keeps no positions: an entry's line is where its id is next written.
    const at = id ? text.indexOf(JSON.stringify(id), cursor) : -1;
    if (at >= 0) cursor = at;
    const line = lineAt(text, at >= 0 ? at : cursor);
    if (!paper) {
      reader.warn(line, `entry ${index + 1} has no "paper" object; skipped`);
      return;
    }
    const title = collapseWhitespace(stringOf(paper.title) || stringOf((entry as Record<string, unknown>).title));
    const abstract = collapseWhitespace(stringOf(paper.summary));
    if (!title || !abstract) {
      reader.warn(line, `entry ${index + 1} has no ${title ? "summary" : "title"}; skipped`);
      return;
    }
    const ref = parseArxivRef(id);
    if (!ref) reader.warn(line, `entry ${index + 1}: ${quote(id)} is not an arXiv id; read without one`);
    const links: PaperLink[] = [];
    const code = httpUrl(stringOf(paper.githubRepo));
    const project = httpUrl(stringOf(paper.projectPage));
    if (code) links.push({ url: code, kind: "code" });
    if (project) links.push({ url: project, kind: "project" });
    const authors = Array.isArray(paper.authors)
      ? paper.authors.map((a) => collapseWhitespace(isObject(a) ? stringOf(a.name) : stringOf(a))).filter(Boolean)
      : [];
    reader.add(line, title, abstract, ref, {
      authors,
      upvotes: typeof paper.upvotes === "number" && Number.isInteger(paper.upvotes) && paper.upvotes >= 0 ? paper.upvotes : undefined,
      submitted: /^\d{4}-\d{2}-\d{2}/.test(stringOf(paper.publishedAt)) ? stringOf(paper.publishedAt).slice(0, 10) : "",
      links,
      aiSummary: collapseWhitespace(stringOf(paper.ai_summary)),
      aiKeywords: Array.isArray(paper.ai_keywords) ? paper.ai_keywords.map((k) => collapseWhitespace(stringOf(k))).filter(Boolean) : [],
    });
  });
  return reader.result();
}
