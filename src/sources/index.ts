import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { InputError } from "../platform/input-error.ts";
import { parseArxivAtom } from "./arxiv-atom.ts";
import { parseArxivRdf, parseArxivRss } from "./arxiv-rss.ts";
import { dateFromFileName, isIsoDate } from "../model/dates.ts";
import { isDailyPapers, parseHfDaily, parseJson } from "./hf-daily.ts";
import type { ParsedDigest } from "./digest-reader.ts";
import { parseTrending } from "./trending.ts";
import { parseXml } from "./xml.ts";

/** Files in content/digests/ that are digests; which format each holds is read from its content. */
export const DIGEST_EXTENSIONS = [".txt", ".xml", ".json"];

export const FORMATS = ["trending text", "arXiv API Atom", "arXiv RSS", "arXiv RSS 1.0", "Hugging Face daily papers"] as const;

/**
 * Parses a digest in whichever format its content is: an XML document whose root is Atom's
 * `<feed>`, RSS's `<rss>` or RSS 1.0's `<rdf:RDF>` (arXiv's RSS before 2024), a JSON daily-papers list,
 * or else the trending-papers text.
 */
export function parseDigest(text: string, file: string, date: string): ParsedDigest & { format: (typeof FORMATS)[number] } {
  const start = text.trimStart()[0];
  if (start === "<") {
    const { root, element } = parseXml(text, file);
    if (root === "feed") return { format: "arXiv API Atom", ...parseArxivAtom(element, text, file, date) };
    if (root === "rss") return { format: "arXiv RSS", ...parseArxivRss(element, text, file, date) };
    // The parser reads names without their namespace prefix: `<rdf:RDF>` is "RDF".
    if (root === "RDF") return { format: "arXiv RSS 1.0", ...parseArxivRdf(element, text, file, date) };
    throw new InputError(file, 1, `an XML document with root <${root}> is no digest format known here (${FORMATS.join(", ")})`);
  }
  if (start === "[" || start === "{") {
    const json = parseJson(text, file);
    if (isDailyPapers(json) || (typeof json === "object" && json !== null && "error" in json)) {
      return { format: "Hugging Face daily papers", ...parseHfDaily(json, text, file, date) };
    }
    throw new InputError(
      file,
      1,
      `a JSON document that is not a Hugging Face daily-papers list (an array of entries with a "paper"), so no digest format known here (${FORMATS.join(", ")})`,
    );
  }
  if (text.includes("\0")) throw new InputError(file, 1, `a binary file, not a digest (${FORMATS.join(", ")})`);
  return { format: "trending text", ...parseTrending(text, file, date) };
}

/** Removes a byte-order mark and turns CRLF and old-Mac CR line endings into \n, so every line number counts the same lines. */
export function normaliseNewlines(text: string): string {
  return text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

/** Reads one digest. Its date comes from `date` if given, else from its file name. */
export function readDigest(file: string, date?: string): ReturnType<typeof parseDigest> & { date: string } {
  if (!DIGEST_EXTENSIONS.includes(extname(file).toLowerCase())) {
    throw new InputError(file, 1, `"${extname(file)}" is not a digest file (known: ${DIGEST_EXTENSIONS.join(", ")})`);
  }
  if (date !== undefined && !isIsoDate(date)) throw new InputError(file, 1, `--date "${date}" is not a YYYY-MM-DD date`);
  const issueDate = date ?? dateFromFileName(file);
  if (!issueDate) {
    throw new InputError(file, 1, `cannot tell the issue date: name the file YYYY-MM-DD${extname(file)} or pass --date YYYY-MM-DD`);
  }
  let text: string;
  try {
    text = normaliseNewlines(readFileSync(file, "utf8"));
  } catch (error) {
    throw new InputError(file, 1, `cannot read: ${(error as Error).message}`);
  }
  const parsed = parseDigest(text, file, issueDate);
  // Bytes that are not UTF-8 decode to U+FFFD: say where, rather than publish "�".
  const badLine = text.split("\n").findIndex((line) => line.includes("\uFFFD"));
  if (badLine >= 0) parsed.warnings.unshift({ file, line: badLine + 1, message: "text is not valid UTF-8 here (shown as �); save the digest as UTF-8" });
  return { ...parsed, date: issueDate };
}
