import { z } from "zod";
import { ANNOUNCE_TYPES, CURATED_KEYS, LINK_KINDS } from "../model/paper.ts";
import { ACM_PATTERN, ARXIV_CATEGORY_PATTERN, ARXIV_ID_PATTERN, MSC_PATTERN } from "../model/arxiv.ts";
import { isIsoDate, isoDay } from "../model/dates.ts";
import { slugSchema } from "../model/slugs.ts";

/**
 * The front matter of a paper page (`content/papers/<slug>.md`), checked by the ingest when it
 * reads pages and by Eleventy when it builds them, so a curator's slip stops the build with a
 * message rather than silently dropping a paper from the site. Keys not listed are the curator's
 * own and are kept as they are. https://zod.dev
 */

/** YAML reads an unquoted 2025-03-17 as a date: accept it as the day it names. */
const day = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? isoDay(value) : value),
  z.string().refine(isIsoDate, { error: "expected a date written YYYY-MM-DD" }),
);
const words = z.array(z.string());

/** The keys the ingest writes, and rewrites every run (bar the curator's corrections, src/ingest/stages/curated.ts). */
const generatedShape = {
  title: z.string().min(1),
  slug: slugSchema,
  /** Stable identity: a hash of the text the paper was first read with (src/model/identity.ts). */
  id: z.string().regex(/^[0-9a-f]{16}$/, { error: "expected the 16 hex digits the ingest wrote" }),
  /** The first issue the paper appeared in. */
  date: day,
  /** Every issue it appears in, oldest first; empty once its digests no longer list it. */
  issues: z.array(day),
  /** Its 1-based position in its first issue. */
  rank: z.number().int().positive(),
  topics: words,
  topic_terms: z.record(z.string(), words),
  summary: z.string(),
  links: z.array(z.object({ url: z.url({ protocol: /^https?$/ }), kind: z.enum(LINK_KINDS) })),
  // What arXiv and Hugging Face say of the paper, where a source did (src/model/facts.ts).
  arxiv_id: z.string().regex(ARXIV_ID_PATTERN, { error: "expected an arXiv id such as 2501.00656, without its version" }).optional(),
  arxiv_version: z.number().int().positive().optional(),
  authors: words.optional(),
  /** arXiv categories, the primary first. */
  categories: z.array(z.string().regex(ARXIV_CATEGORY_PATTERN, { error: "expected an arXiv category such as cs.LG" })).optional(),
  /** The authors' own classification, where arXiv listed it: MSC and ACM codes. */
  msc: z.array(z.string().regex(MSC_PATTERN, { error: "expected an MSC code such as 68T05" })).optional(),
  acm: z.array(z.string().regex(ACM_PATTERN, { error: "expected an ACM class such as I.2.6" })).optional(),
  upvotes: z.number().int().nonnegative().optional(),
  /** When arXiv received the first version. */
  submitted: day.optional(),
  /** How arXiv listings announced it: new, cross(-listed), replace(d). */
  announcements: z.array(z.object({ date: day, type: z.enum(ANNOUNCE_TYPES), listing: z.string() })).optional(),
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

export type FrontMatter = z.infer<typeof paperPageSchema>;

/** A page written by hand (no `id`) is free-form; one the ingest wrote must follow the schema. */
export function isIngestPage(data: Record<string, unknown>): boolean {
  return data.id !== undefined;
}

export interface Refusal {
  /** The value's path, `categories.1`. */
  key: string;
  /** One line: the key, what was expected and what was found. */
  message: string;
}

export type PageCheck = { page: FrontMatter; problem?: undefined } | { page?: undefined; problem: Refusal };

/** A page's data as the schema reads it, or its first problem in one line: the key, what was expected and what was found. */
export function checkPaperPage(data: Record<string, unknown>): PageCheck {
  const result = paperPageSchema.safeParse(data);
  return result.success ? { page: result.data } : { problem: refusal(result.error.issues[0], data) };
}

/** The value at a path of keys and indexes, or undefined where the path leads nowhere. */
function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((value, step) => (value as Record<PropertyKey, unknown> | undefined)?.[step], data);
}

function refusal(issue: z.core.$ZodIssue, data: Record<string, unknown>): Refusal {
  const key = issue.path.map(String).join(".");
  const found = valueAt(data, issue.path);
  const expected = issue.message.replace(/^Invalid input: /, "").replace(/, received \w+$/, "");
  return { key, message: `${key}: ${expected}, ${found === undefined ? "but it is missing" : `found ${JSON.stringify(found)}`}` };
}

/** What the ingest records of a paper from its sources: a value here the schema refuses can go without losing the page. */
export const SOURCE_FACT_KEYS: readonly string[] = [
  ...["arxiv_id", "arxiv_version", "categories", "msc", "acm", "upvotes", "submitted", "announcements", "ai_summary", "ai_keywords"],
];

const REFUSED = Symbol("refused");

/**
 * A page's data with every value the schema refuses taken out where the schema lets it go — an element of a list,
 * an optional key — among the top-level keys `mayDrop` allows, and what was taken out. `problem` is the first
 * refusal that cannot go (a required key, or one `mayDrop` keeps): the page cannot be had without a fix.
 */
export function withoutRefusedValues(
  data: Record<string, unknown>,
  mayDrop: (key: string) => boolean,
): { page: FrontMatter; refused: Refusal[]; problem?: undefined } | { page?: undefined; refused: Refusal[]; problem: Refusal } {
  const result = paperPageSchema.safeParse(data);
  if (result.success) return { page: result.data, refused: [] };
  // zod reports every refused value at once, each by its path in `data`: all are taken out of one copy.
  const refused = result.error.issues.map((issue) => ({ issue, refusal: refusal(issue, data) }));
  const kept = structuredClone(data);
  const lists = new Set<unknown[]>();
  for (const { issue, refusal: found } of refused) {
    const top = String(issue.path[0] ?? "");
    const list = mayDrop(top) ? dropTarget(kept, issue.path) : undefined;
    if (list) {
      list.container[list.index] = REFUSED;
      lists.add(list.container);
    } else if (mayDrop(top) && issue.path.length > 0 && (paperPageSchema.shape as Record<string, z.ZodType>)[top]?.safeParse(undefined).success) {
      delete kept[top];
    } else {
      return { refused: [], problem: found };
    }
  }
  for (const list of lists) list.splice(0, list.length, ...list.filter((value) => value !== REFUSED));
  const check = checkPaperPage(kept);
  return check.problem ? { refused: [], problem: check.problem } : { page: check.page, refused: refused.map((r) => r.refusal) };
}

/** The innermost list the refused value at `path` is an element of (or is inside an element of). */
function dropTarget(data: Record<string, unknown>, path: readonly PropertyKey[]): { container: unknown[]; index: number } | undefined {
  for (let depth = path.length - 1; depth >= 1; depth--) {
    const container = valueAt(data, path.slice(0, depth));
    if (Array.isArray(container) && typeof path[depth] === "number") return { container, index: path[depth] as number };
  }
  return undefined;
}
