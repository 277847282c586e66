import { join } from "node:path";
import { readAuthorPages } from "../store/author-pages.ts";
import { PageParseCache } from "../store/parse-cache.ts";
import { pageFileNames } from "../store/paths.ts";
import { loadSiteSettings } from "../store/settings.ts";
import { fileDay, type PageFile } from "./paper-files.ts";

/**
 * One shard of a site too large for one Eleventy process (docs/scale.md, "Beyond one machine"). Each page template
 * belongs to one kind of shard, and a shard lays out its share of that template's pages:
 * - `PAPER_DIGEST_SHARD=papers:2025`: the pages in papers/ dated 2025 (a paper's date is its first issue), `papers`
 *   all of them;
 * - `issues:2025`: the pages of the issues of 2025 and their newsletters on the web;
 * - `authors:2-of-5`: the pages and feeds of the authors whose slug falls in the second of five buckets (`bucketOf`);
 * - `topics:2-of-5`: the topic pages (front pages and numbered pages) whose address falls in the second of five buckets;
 * - `listings`: every other page — home, feeds (the topics' too), sitemaps, trends, the indexes — and the assets;
 * - `others`: every page but the paper pages, and the assets: not a matrix job but the second lane of a build split
 *   over one machine's cores (src/site/lanes.ts), `papers` the first.
 * Every shard reads the whole archive's front matter for its listings and links. The shards of a plan (`shardPlan`)
 * together are the whole site, byte for byte, and can run in parallel (a CI job matrix). Unset, Eleventy builds
 * everything.
 */
export type Shard =
  | { kind: "listings" }
  | { kind: "others" }
  | { kind: "papers"; year?: string }
  | { kind: "issues"; year: string }
  | { kind: "authors" | "topics"; bucket: number; buckets: number };

/** The most buckets a shard id may name: far more than any archive needs, so a typo cannot ask for millions. */
export const MAX_BUCKETS = 9999;

export function parseShard(value: string | undefined): Shard | undefined {
  if (value === undefined || value === "") return undefined;
  if (value === "listings") return { kind: "listings" };
  if (value === "others") return { kind: "others" };
  if (value === "papers") return { kind: "papers" };
  const year = /^(papers|issues):(\d{4})$/.exec(value);
  if (year) return year[1] === "papers" ? { kind: "papers", year: year[2] } : { kind: "issues", year: year[2] };
  const bucket = /^(authors|topics):([1-9]\d{0,3})-of-([1-9]\d{0,3})$/.exec(value);
  if (bucket && Number(bucket[2]) <= Number(bucket[3]))
    return { kind: bucket[1] as "authors" | "topics", bucket: Number(bucket[2]), buckets: Number(bucket[3]) };
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  throw new Error(
    `PAPER_DIGEST_SHARD=${JSON.stringify(shown)}: expected "listings", "others", "papers", "papers:<year>", "issues:<year>", "authors:<k>-of-<n>" or "topics:<k>-of-<n>" (1 ≤ k ≤ n ≤ ${MAX_BUCKETS}), e.g. papers:2025, issues:2025, authors:2-of-5`,
  );
}

export const shard = parseShard(process.env.PAPER_DIGEST_SHARD);

/** A shard as PAPER_DIGEST_SHARD writes it: `listings`, `papers`, `papers:2025`, `issues:2025`, `authors:2-of-5`, `topics:1-of-3`. */
export function shardId(current: Shard): string {
  switch (current.kind) {
    case "listings":
    case "others":
      return current.kind;
    case "papers":
      return current.year ? `papers:${current.year}` : "papers";
    case "issues":
      return `issues:${current.year}`;
    case "authors":
    case "topics":
      return `${current.kind}:${current.bucket}-of-${current.buckets}`;
  }
}

/** A shard's name where a colon is not allowed (a folder, a CI artifact's name): `listings`, `papers-2025`, `authors-2-of-5`. */
export function shardName(current: Shard): string {
  return shardId(current).replace(":", "-");
}

/**
 * Which of `buckets` buckets (1 to `buckets`) a key falls in — an author's slug, a topic page's address: FNV-1a over
 * the key, so the same in every process and on every machine, and spread evenly whatever the keys look like.
 */
export function bucketOf(key: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return ((hash >>> 0) % buckets) + 1;
}

/**
 * The shards that build this archive, in a fixed order: `listings`; `papers:<year>` for every year some paper page
 * is filed under (its first issue's, `fileDay`), oldest first (an archive without paper pages still has one papers
 * shard, `papers`, so the site still gets its (empty) search index); `issues:<year>` for every year with an issue
 * (any date a listed page's `issues` names, as src/archive/archive.ts builds the issues); `authors:<k>-of-<n>`, with
 * n the authors with a page (content/author-pages.txt, which the ingest keeps) over `build.authorsPerShard` in
 * site.json; and `topics:<k>-of-<n>`, with n the topic pages (a front page and one a `pageSize` papers of each topic's)
 * over `build.topicPagesPerShard`. Each n is at least one; it balances the shards, and any n builds the same site.
 * Reads each page's front matter once (through the build's parse cache, src/store/parse-cache.ts) and keeps only its
 * years and topics.
 */
export function shardPlan(contentDir: string): { pages: number; shards: Shard[] } {
  const dir = join(contentDir, "papers");
  const years = new Set<string>();
  const issueYears = new Set<string>();
  const topicPapers = new Map<string, number>();
  const names = pageFileNames(dir);
  new PageParseCache().checkEach(
    names.map((name) => join(dir, name)),
    (_path, { data, page }) => {
      years.add(fileDay({ data: page ?? data }).slice(0, 4));
      // `page`: the checked front matter of a page the ingest wrote (a hand-made page has none, and no issues).
      for (const date of page?.issues ?? []) issueYears.add(date.slice(0, 4));
      if (page?.issues.length) for (const topic of page.topics) topicPapers.set(topic, (topicPapers.get(topic) ?? 0) + 1);
    },
  );
  const papers: Shard[] = years.size ? [...years].sort().map((year) => ({ kind: "papers", year })) : [{ kind: "papers" }];
  const issues = [...issueYears].sort().map((year): Shard => ({ kind: "issues", year }));
  const { build, pageSize } = loadSiteSettings(contentDir);
  const topicPages = [...topicPapers.values()].reduce((sum, count) => sum + 1 + (count > pageSize ? Math.ceil(count / pageSize) : 0), 0);
  const shards: Shard[] = [{ kind: "listings" }, ...papers, ...issues];
  for (const [kind, pages, perShard] of [
    ["authors", readAuthorPages(contentDir)?.length ?? 0, build.authorsPerShard],
    ["topics", topicPages, build.topicPagesPerShard],
  ] as const) {
    const buckets = Math.min(MAX_BUCKETS, Math.max(1, Math.ceil(pages / perShard)));
    for (let bucket = 1; bucket <= buckets; bucket++) shards.push({ kind, bucket, buckets });
  }
  return { pages: names.length, shards };
}

/** Which kind of shard lays out a template's pages, by its file: the paper pages', the issues' and newsletters', the authors' pages and feeds, the topic pages; any other template is the listings shard's. */
const TEMPLATE_SHARDS: [RegExp, Shard["kind"]][] = [
  [/[/\\]papers[/\\]paper\.njk$/, "papers"],
  [/[/\\]issues[/\\]issue\.njk$/, "issues"],
  [/[/\\]newsletter[/\\]issue\.njk$/, "issues"],
  [/[/\\]authors[/\\]author\.njk$/, "authors"],
  [/[/\\]authors[/\\]feed\.xml\.njk$/, "authors"],
  [/[/\\]topics[/\\]topic\.njk$/, "topics"],
];

export function templateShard(inputPath: string): Shard["kind"] {
  return TEMPLATE_SHARDS.find(([pattern]) => pattern.test(inputPath))?.[1] ?? "listings";
}

/** Whether a build (a shard, a lane, or the whole site when none is set) lays out the templates of this kind. */
export function laysOut(current: Shard | undefined, kind: Shard["kind"]): boolean {
  return !current || (current.kind === "others" ? kind !== "papers" : kind === current.kind);
}

/** Whether a template is laid out by this shard (its share of the template's pages: `inShardYear`, `inIssueShard`, `inBucket`). */
export function inShard(current: Shard, data: { page: { inputPath: string } }): boolean {
  return laysOut(current, templateShard(data.page.inputPath));
}

/**
 * Whether a papers shard lays out this page: a paper's year is that of its date, its first issue;
 * a page written by hand without a date of its own takes the year of the site's fixed date, 2000.
 */
export function inShardYear(current: Shard | undefined, file: PageFile): boolean {
  return current?.kind !== "papers" || current.year === undefined || fileDay(file).startsWith(`${current.year}-`);
}

/** Whether an issues shard lays out the pages (and the newsletter) of the issue of this date. */
export function inIssueShard(current: Shard | undefined, date: string): boolean {
  return current?.kind !== "issues" || date.startsWith(`${current.year}-`);
}

/** Whether an authors shard lays out this author's pages and feed (`key`: the author's slug), or a topics shard this topic page (its address). */
export function inBucket(current: Shard | undefined, kind: "authors" | "topics", key: string): boolean {
  return current?.kind !== kind || bucketOf(key, current.buckets) === current.bucket;
}
