import { z } from "zod";
import { ANNOUNCE_TYPES } from "../paper.ts";
import { ARXIV_ID_PATTERN } from "../sources/arxiv-id.ts";
import { isIsoDate } from "../sources/digest-date.ts";
import { SLUG_PATTERN } from "./slugs.ts";

/**
 * The front matter of a paper page (`content/papers/<slug>.md`), checked by the ingest when it
 * reads pages and by Eleventy when it builds them, so a curator's slip stops the build with a
 * message rather than silently dropping a paper from the site. Keys not listed are the curator's
 * own and are kept as they are. https://zod.dev
 */

/** YAML reads an unquoted 2025-03-17 as a date: accept it as the day it names. */
const isoDay = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
  z.string().refine(isIsoDate, { error: "expected a date written YYYY-MM-DD" }),
);
const words = z.array(z.string());

/**
 * Keys the ingest generates that a curator may still correct: a fixed title, a better one-line
 * summary, a paper filed under the right topic, an author's name spelled right, a wrong link taken
 * out (src/pages/page-data.ts keeps such an edit).
 */
export const CURATED_KEYS = ["title", "summary", "topics", "authors", "links"] as const;

export const LINK_KINDS = ["code", "dataset", "model", "demo", "project"] as const;

/** The keys the ingest writes, and rewrites every run (bar the curator's corrections, src/stages/curated.ts). */
const generatedShape = {
  title: z.string().min(1),
  slug: z.string().regex(SLUG_PATTERN, { error: "expected lower-case ASCII words joined by hyphens" }),
  /** Stable identity: a hash of the text the paper was first read with (src/identity.ts). */
  id: z.string().regex(/^[0-9a-f]{16}$/, { error: "expected the 16 hex digits the ingest wrote" }),
  /** The first issue the paper appeared in. */
  date: isoDay,
  /** Every issue it appears in, oldest first; empty once its digests no longer list it. */
  issues: z.array(isoDay),
  /** Its 1-based position in its first issue. */
  rank: z.number().int().positive(),
  topics: words,
  topic_terms: z.record(z.string(), words),
  summary: z.string(),
  links: z.array(z.object({ url: z.url({ protocol: /^https?$/ }), kind: z.enum(LINK_KINDS) })),
  // What arXiv and Hugging Face say of the paper, where a source did (src/facts.ts).
  arxiv_id: z.string().regex(ARXIV_ID_PATTERN, { error: "expected an arXiv id such as 2501.00656, without its version" }).optional(),
  arxiv_version: z.number().int().positive().optional(),
  authors: words.optional(),
  /** arXiv categories, the primary first. */
  categories: z.array(z.string().regex(/^[a-z-]+(?:\.[A-Za-z-]+)?$/, { error: "expected an arXiv category such as cs.LG" })).optional(),
  upvotes: z.number().int().nonnegative().optional(),
  /** When arXiv received the first version. */
  submitted: isoDay.optional(),
  /** How arXiv listings announced it: new, cross(-listed), replace(d). */
  announcements: z.array(z.object({ date: isoDay, type: z.enum(ANNOUNCE_TYPES), listing: z.string() })).optional(),
  ai_summary: z.string().optional(),
  ai_keywords: words.optional(),
  /** The text as scraped, where cleaning changed it. */
  title_raw: z.string().optional(),
  abstract_raw: z.string().optional(),
  /** `file:line` of each listing it was read from. */
  sources: words,
  /** A hash of the body the ingest wrote: a different body is the curator's edit, and is kept. */
  body_hash: z.string(),
  /** Hashes of the curated keys as the ingest made them: a value that differs is the curator's edit, and is kept. */
  generated_hashes: z.partialRecord(z.enum(CURATED_KEYS), z.string()).optional(),
};

/** Keys a curator adds that the site shows: checked like the others, never written by the ingest. */
const curatorShape = {
  /** A word from the curator, shown with the paper on the site, in the feeds and in the newsletter. */
  note: z.string().optional(),
};

/** The keys the ingest owns; every other key is the curator's and is kept as it is. */
export const GENERATED_KEYS: readonly string[] = Object.keys(generatedShape);

export const paperPageSchema = z.looseObject({ ...generatedShape, ...curatorShape });

export type PaperPage = z.infer<typeof paperPageSchema>;

/** A page written by hand (no `id`) is free-form; one the ingest wrote must follow the schema. */
export function isPaperPage(data: Record<string, unknown>): boolean {
  return data.id !== undefined;
}

export type PageCheck = { page: PaperPage; problem?: undefined } | { page?: undefined; problem: { key: string; message: string } };

/** A page's data as the schema reads it, or its first problem in one line: the key, what was expected and what was found. */
export function checkPaperPage(data: Record<string, unknown>): PageCheck {
  const result = paperPageSchema.safeParse(data);
  if (result.success) return { page: result.data };
  const issue = result.error.issues[0];
  const key = issue.path.map(String).join(".");
  const found = issue.path.reduce<unknown>((value, step) => (value as Record<PropertyKey, unknown> | undefined)?.[step], data);
  const expected = issue.message.replace(/^Invalid input: /, "").replace(/, received \w+$/, "");
  return { problem: { key, message: `${key}: ${expected}, ${found === undefined ? "but it is missing" : `found ${JSON.stringify(found)}`}` } };
}
