import { hash } from "node:crypto";
import { relative } from "node:path";
import { InputError } from "../platform/input-error.ts";
import { parsePage } from "./front-matter.ts";
import { isIngestPage, SOURCE_FACT_KEYS, withoutRefusedValues, type FrontMatter } from "./schema.ts";

/** Checking one page file's text: what src/store/read.ts (the ingest) and src/store/parse-cache.ts (the build, and the ingest through it) parse a page with. */

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

/** A hash of a page file's text: whether a rewrite would change the file. */
export function pageTextHash(text: string): string {
  return hash("sha1", text, "base64");
}

/**
 * `value` with every string, array and plain object copied, so that nothing in it refers to the text it was parsed
 * from; anything else (numbers, dates) is kept as it is. A string is copied through JSON, which gives a flat new one.
 */
export function ownCopy<T>(value: T): T {
  if (typeof value === "string") return JSON.parse(JSON.stringify(value)) as T;
  if (Array.isArray(value)) return value.map(ownCopy) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, ownCopy(item)])) as T;
  return value;
}
