import { isoDay } from "../format.ts";

/**
 * One shard of a site too large for one Eleventy process (README, "Beyond one machine"):
 * `PAPER_DIGEST_SHARD=papers:2025` writes only the pages in papers/ dated 2025 (a paper's date
 * is its first issue), `papers` all of them; `PAPER_DIGEST_SHARD=listings` writes every other page — issues, topics,
 * authors, feeds, sitemaps — from the papers' front matter, laying out none of them. The shards
 * of a year range and the listings shard together are the whole site, byte for byte, and can
 * run in parallel (a CI job matrix). Unset, Eleventy builds everything.
 */
export type Shard = { kind: "papers"; year?: string } | { kind: "listings" };

export function parseShard(value: string | undefined): Shard | undefined {
  if (value === undefined || value === "") return undefined;
  if (value === "listings") return { kind: "listings" };
  if (value === "papers") return { kind: "papers" };
  const year = /^papers:(\d{4})$/.exec(value)?.[1];
  if (year) return { kind: "papers", year };
  throw new Error(`PAPER_DIGEST_SHARD="${value}": expected "listings", "papers" or "papers:<year>", e.g. papers:2025`);
}

export const shard = parseShard(process.env.PAPER_DIGEST_SHARD);

/** A file of the papers folder, a paper page or a hand-made one. */
export function inPapersFolder(inputPath: string): boolean {
  return /[/\\]papers[/\\][^/\\]+\.md$/.test(inputPath);
}

/**
 * Whether a template is written by this shard (a page in papers/ without a date of its own, written by hand,
 * takes the site's fixed date, 2000-01-01: .eleventy.js). The listings shard processes every template
 * (pages in papers/ must be in its collections) but writes no page of papers/ (papers.11tydata.js
 * gives them no permalink); a papers shard skips everything but its year's pages in papers/.
 */
export function inShard(current: Shard, data: { page: { inputPath: string; date: Date } }): boolean {
  if (current.kind === "listings") return true;
  return inPapersFolder(data.page.inputPath) && (current.year === undefined || isoDay(data.page.date).startsWith(`${current.year}-`));
}
