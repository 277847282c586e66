import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { relative, resolve } from "node:path";
import { wordEdits } from "../model/identity.ts";
import { InputError } from "../platform/input-error.ts";
import type { PaperFacts } from "../model/paper.ts";
import { mapInHalves, PARALLEL_FROM } from "../platform/workers.ts";
import { pageFileNames } from "./paths.ts";
import { parsePage } from "./front-matter.ts";
import { curatorEdits, hashBody, pageFacts, type CuratedFields } from "./page-data.ts";
import { isIngestPage, SOURCE_FACT_KEYS, withoutRefusedValues, type FrontMatter } from "./schema.ts";

/** Reading the pages in content/papers/ as the ingest needs them: checked, with the curator's edits told apart. */

/** A paper page already written, as the stages need it. */
export interface PublishedPage {
  id: string;
  slug: string;
  date: string;
  rank: number;
  issues: string[];
  /** The page's text (as scraped where kept), for src/model/identity.ts to compare when no identical text claims the page. */
  title: string;
  abstract: string;
  /** What the page records of the paper beyond its text (arXiv id, authors, …). */
  facts: PaperFacts;
  /** What the curator corrected since the ingest wrote the page (src/model/paper.ts: CURATED_KEYS). */
  curated: CuratedFields;
}

/** A paper page already on disk. */
export interface StoredPage {
  path: string;
  slug: string;
  data: FrontMatter;
  content: string;
  /** A hash of the file's bytes, to tell whether a rewrite changes it (the text itself is not kept: 100,000 pages). */
  textHash: string;
  /** Values of the sources' facts the schema refuses, left out of `data`: `file:line: key: …` (the next write drops them). */
  refused: string[];
}

/**
 * The line of a page file on which a front-matter key is written (else the first line): for `categories.2`, the
 * third item of the top-level list `categories` where the list is written one item a line, as the ingest writes it.
 */
export function keyLine(text: string, key: string): number {
  const [top, item] = key.split(".");
  const lines = text.split("\n");
  const index = lines.findIndex((line) => line.startsWith(`${top}:`));
  if (index < 0) return 1;
  if (!/^\d+$/.test(item ?? "")) return index + 1;
  let seen = -1;
  for (let i = index + 1; i < lines.length && /^\s/.test(lines[i]); i++) {
    if (/^\s*- /.test(lines[i]) && lines[i].indexOf("-") === lines[index + 1].indexOf("-") && ++seen === Number(item)) return i + 1;
  }
  return index + 1;
}

/**
 * Parses one page and, if the ingest wrote it, checks it against the schema; throws an InputError naming file,
 * line and key. `page` is the checked data; hand-made pages have none. A value of the sources' facts the schema
 * refuses (a page an older version wrote) is left out and named in `refused`, rather than stopping every run.
 */
export function checkPage(path: string, text: string): { data: Record<string, unknown>; page?: FrontMatter; content: string; refused: string[] } {
  const file = relative(process.cwd(), path);
  let parsed;
  try {
    parsed = parsePage(text);
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    throw new InputError(file, (mark?.line ?? 0) + 2, (error as Error).message.split("\n")[0]);
  }
  if (!isIngestPage(parsed.data)) return { ...parsed, refused: [] };
  const { page, problem, refused } = withoutRefusedValues(parsed.data, (key) => SOURCE_FACT_KEYS.includes(key));
  if (problem) throw new InputError(file, keyLine(text, problem.key), problem.message);
  return { ...parsed, page, refused: refused.map((r) => `${file}:${keyLine(text, r.key)}: ${r.message}; left out`) };
}

/**
 * Reads every page in `dir`, keyed by paper id. A page that does not parse or check stops the run.
 * From `parallelFrom` pages on, a worker thread reads the second half meanwhile
 * (src/store/page-read-worker.ts): one more day at 100,000 papers starts by reading them all.
 */
export function readStoredPages(dir: string, parallelFrom = PARALLEL_FROM): Map<string, StoredPage> {
  const pages = mapInHalves(pageFileNames(dir), parallelFrom, (name) => readStoredPageFile(dir, name), {
    module: new URL("./page-read-worker.ts", import.meta.url),
    input: (share) => ({ dir, names: share }),
  });
  return new Map(pages.filter((page) => page !== undefined).map((page) => [page.data.id, page]));
}

/** The page `name` in `dir`, checked; undefined for a hand-made page, which the ingest leaves alone. */
export function readStoredPageFile(dir: string, name: string): StoredPage | undefined {
  const path = resolve(dir, name);
  const text = readFileSync(path, "utf8");
  const { page, content, refused } = checkPage(path, text);
  // Kept as copies: the parser's strings are slices of the file's text, which they would keep whole, with what parsing
  // left beside it (a page read took 11 KB of heap, its copy 5 KB: at 100,000 papers, half a gigabyte; docs/scale.md).
  return page && { path, slug: name.slice(0, -3), data: ownCopy(page), content: ownCopy(content), textHash: pageTextHash(text), refused };
}

/**
 * `value` with every string, array and plain object copied, so that nothing in it refers to the text it was parsed
 * from; anything else (numbers, dates) is kept as it is. A string is copied through JSON, which gives a flat new one.
 */
function ownCopy<T>(value: T): T {
  if (typeof value === "string") return JSON.parse(JSON.stringify(value)) as T;
  if (Array.isArray(value)) return value.map(ownCopy) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, ownCopy(item)])) as T;
  return value;
}

/** A hash of a page file's text: whether a rewrite would change the file. */
export function pageTextHash(text: string): string {
  return createHash("sha1").update(text).digest("base64");
}

/** Whether the curator rewrote the body the ingest wrote. */
export function bodyEdited(page: StoredPage): boolean {
  return hashBody(page.content) !== page.data.body_hash;
}

/** What the pipeline needs to know of a page: its place in the archive and its text. */
export function publishedPage(page: StoredPage): PublishedPage {
  const { data } = page;
  // The text as scraped where kept, else as shown; a body the curator rewrote says nothing of the source.
  const abstract = data.abstract_raw ?? (bodyEdited(page) ? "" : page.content);
  // A title the curator rewrote is not the source's: the scraped one is kept beside it (`title_raw`).
  return {
    id: data.id,
    slug: page.slug,
    date: data.date,
    rank: data.rank,
    issues: data.issues,
    title: data.title_raw ?? data.title,
    abstract,
    facts: pageFacts(data),
    curated: curatorEdits(data),
  };
}

/**
 * Topics the curator chose must be the taxonomy's: a slip stops the run with the page's file and
 * line, as any other bad value in a page does.
 */
export function checkCuratedTopics(page: StoredPage, edits: CuratedFields, topics: ReadonlySet<string>): void {
  if (!edits.topics) return;
  const unknown = edits.topics.filter((topic) => !topics.has(topic));
  // A slip of a few letters names the topic meant: the nearest within three edits.
  const nearest = (slug: string) =>
    [...topics]
      .map((topic) => ({ topic, edits: wordEdits([...slug], [...topic], 3) }))
      .filter((t) => t.edits <= 3)
      .sort((a, b) => a.edits - b.edits)[0]?.topic;
  const meant = unknown.map(nearest).filter((topic) => topic !== undefined);
  const problem =
    edits.topics.length === 0
      ? "topics: list at least one topic"
      : unknown.length
        ? `topics: ${unknown.map((t) => `"${t}"`).join(", ")} ${unknown.length > 1 ? "are not topics" : "is not a topic"} of the taxonomy (_data/taxonomy.json)` +
          (meant.length ? `; did you mean ${meant.map((t) => `"${t}"`).join(", ")}?` : "")
        : undefined;
  if (problem) throw new InputError(relative(process.cwd(), page.path), keyLine(readFileSync(page.path, "utf8"), "topics"), problem);
}
