import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PageParseCache } from "../store/parse-cache.ts";
import { pageFileNames } from "../store/paths.ts";
import { fileDay, type PageFile } from "./paper-files.ts";

/**
 * One shard of a site too large for one Eleventy process (docs/scale.md, "Beyond one machine"):
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

/** A shard as PAPER_DIGEST_SHARD writes it: `listings`, `papers`, `papers:2025`. */
export function shardId(current: Shard): string {
  return current.kind === "listings" ? "listings" : current.year ? `papers:${current.year}` : "papers";
}

/** A shard's name where a colon is not allowed (a folder, a CI artifact's name): `listings`, `papers-2025`. */
export function shardName(current: Shard): string {
  return shardId(current).replace(":", "-");
}

/**
 * The shards that build this archive, in a fixed order: `listings`, then `papers:<year>` for every year some
 * paper page is filed under (its first issue's, `fileDay`), oldest first. An archive without paper pages still
 * has one papers shard, `papers`, so the site still gets its (empty) search index. Reads each page's front
 * matter once (through the build's parse cache, src/store/parse-cache.ts) and keeps only its year.
 */
export function shardPlan(contentDir: string): { pages: number; shards: Shard[] } {
  const dir = join(contentDir, "papers");
  const years = new Set<string>();
  const names = pageFileNames(dir);
  const cache = new PageParseCache();
  for (const name of names) {
    const inputPath = join(dir, name);
    const { data, page } = cache.check(inputPath, readFileSync(inputPath, "utf8"));
    years.add(fileDay({ data: page ?? data }).slice(0, 4));
  }
  cache.save();
  const papers: Shard[] = years.size ? [...years].sort().map((year) => ({ kind: "papers", year })) : [{ kind: "papers" }];
  return { pages: names.length, shards: [{ kind: "listings" }, ...papers] };
}

/** The one template that lays out every page of papers/ (src/archive/paper-files.ts). */
export function isPaperPagesTemplate(inputPath: string): boolean {
  return /[/\\]papers[/\\]paper\.njk$/.test(inputPath);
}

/**
 * Whether a template is written by this shard: the listings shard writes every template but the
 * paper pages' (it still reads the pages for its listings); a papers shard writes that one alone.
 */
export function inShard(current: Shard, data: { page: { inputPath: string } }): boolean {
  return isPaperPagesTemplate(data.page.inputPath) === (current.kind === "papers");
}

/**
 * Whether a papers shard lays out this page: a paper's year is that of its date, its first issue;
 * a page written by hand without a date of its own takes the year of the site's fixed date, 2000.
 */
export function inShardYear(current: Shard | undefined, file: PageFile): boolean {
  return current?.kind !== "papers" || current.year === undefined || fileDay(file).startsWith(`${current.year}-`);
}
