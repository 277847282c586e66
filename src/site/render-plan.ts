import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import writeFileAtomic from "write-file-atomic";
import { contentDir, siteContent } from "../archive/content-dir.ts";
import type { Issue, PaperNav } from "../archive/issues.ts";
import type { PageFile } from "../archive/paper-files.ts";
import { linkedAuthors } from "../model/authors.ts";
import { filesUnder, hashCode, hashFiles } from "../platform/fingerprint.ts";
import { fromFolder, inFolder } from "../platform/folder-paths.ts";
import type { BuiltWindow } from "../recommend/window.ts";

/**
 * Which pages a build lays out: of the pages that are most of a large site and change least — every paper's page,
 * every issue's newsletter on the web — only those whose output would differ from what the last build into the same
 * folder wrote (docs/scale.md, "The daily update"). A day adds a day's papers; the pages of the archive's other papers
 * and issues stand as they are. At 100,000 papers laying out every page again was most of a day's build.
 *
 * A page's output is decided by the site's code (src/, templates/, the content folder's templates and settings, the
 * locked dependencies, the site's address) and by what the page shows, hashed here for each kind (`paperPageHash`,
 * `newsletterPageHash`). The last build's hashes are kept in .cache/render-plan/ (one file per output folder); a page
 * is laid out again when its hash differs or its file is missing, and every page when the code differs. The record
 * is taken away while a build runs and written when it ends, so a build that fails or is killed leaves none and the
 * next one lays out everything. test/site/incremental.test.ts builds day by day and compares with a build from scratch.
 *
 * A build split into lanes (src/site/lanes.ts) runs Eleventy processes that lay out their shares of the site into the
 * same folder at once. The lanes' runner takes the record away and gives each lane the last build's in a file of its
 * own (PAPER_DIGEST_PREVIOUS_RECORD); a lane plans against it and, rather than tidy the folder and record, leaves what
 * it planned and wrote in another (PAPER_DIGEST_RECORD). When every lane is done the runner tidies the folder
 * and records once, for all of them (`tidyAndRecord`), as one build would.
 *
 * A job of the sharded build (src/site/shards.ts) lays out its shard with no last build to plan against, and leaves
 * its record the same way; the assembly of the shards' folders records them as the assembled site's
 * (`recordAssembly`), so that the next build into that folder, a single one, lays out only what changed since.
 */

interface Manifest {
  output: string;
  code: string;
  /** Each planned page's URL and the hash of what it showed. */
  pages: Record<string, string>;
  /** Every file the build left in the folder but the search index, relative to it: what the next build takes out unless it makes it too. */
  files?: string[];
}

const ROOT = resolve(import.meta.dirname, "..", "..");
const MANIFESTS = join(ROOT, ".cache", "render-plan");

/** What a lane of a build or a shard's job leaves for its runner: the code it laid out with, its planned pages' hashes, and the files it wrote. */
export interface BuildRecord {
  code: string;
  pages: Record<string, string>;
  written: string[];
}

/** Where this process leaves its record, and the last build's it plans against (none: it lays out every page). */
const share = process.env.PAPER_DIGEST_RECORD ? { previous: process.env.PAPER_DIGEST_PREVIOUS_RECORD, record: process.env.PAPER_DIGEST_RECORD } : undefined;

/** Whether this Eleventy process lays out a share of a site for a runner that records it: a lane (src/site/lanes.ts) or a shard's job (src/site/shards.ts). */
export const leavesRecord = share !== undefined;

/** The build under way: its output folder, what the last build there left (its record, and the folder's files), and every planned page's hash. */
let current: { output: string; previous?: Manifest; code: string; hashes: Map<string, string>; existing: string[] } | undefined;

function manifestPath(output: string): string {
  return join(MANIFESTS, `${createHash("sha256").update(output).digest("hex").slice(0, 16)}.json`);
}

/**
 * The code and settings every page is laid out with: src/ and the dependencies (hashCode), templates/, the
 * Eleventy configuration, the content folder's own templates and settings (not its pages, digests or generated
 * index), and the environment that changes the site's address.
 */
export function codeFingerprint(content = contentDir): string {
  const hash = hashCode(createHash("sha256"), ["templates", ".eleventy.js"]);
  const files = filesUnder(content).filter(
    (file) => !/^(papers[/\\].+\.md|digests[/\\].*|derived\.json|last-ingest\.json|author-pages\.txt)$/.test(relative(content, file)),
  );
  hashFiles(hash, files, content);
  return hash.update(`\0${process.env.SITE_URL ?? ""}\0${process.env.PATH_PREFIX ?? ""}`).digest("hex");
}

/** The record at `path` of the last build into `output`, if there is one this code can read (else every page is laid out). */
function readManifest(path: string, output: string): Manifest | undefined {
  try {
    const manifest = JSON.parse(readFileSync(path, "utf8")) as Manifest;
    return manifest.output === output ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/**
 * At the start of a build (Eleventy's `eleventy.before`): reads and takes away the last build's record for `outputDir`
 * (a lane reads the copy its runner gave it; a shard's job, none).
 */
export function beginBuild(outputDir: string): void {
  const output = resolve(outputDir);
  let previous: Manifest | undefined;
  if (share) previous = share.previous ? readManifest(share.previous, output) : undefined;
  else {
    previous = readManifest(manifestPath(output), output);
    rmSync(manifestPath(output), { force: true });
  }
  // A lane or a shard's job leaves the folder's tidying to its runner.
  current = { output, previous, code: codeFingerprint(), hashes: new Map(), existing: share ? [] : filesLeft(output, previous) };
}

/**
 * The output folder's files before a build, but the search index: as the last build's record lists them or, with no
 * record, as a walk of the folder finds them (at 100,000 papers, 200,000 folders: 4.5 s).
 */
function filesLeft(output: string, previous: Manifest | undefined): string[] {
  if (!existsSync(output)) return [];
  const files = previous?.files;
  // The record is the build's own, but a path out of the folder is never taken from a file: the folder is walked instead.
  const inside =
    Array.isArray(files) && files.every((file) => typeof file === "string" && file !== "" && !isAbsolute(file) && !file.split(/[/\\]/).includes(".."));
  return inside ? files.map((file) => inFolder(output, file)) : siteFiles(output);
}

/**
 * Whether a build into `outputDir` would lay out every page: there is no such folder, no record of the last build
 * there, or one made with other code (a fresh clone's first build, an upgrade). Such a build is worth splitting into lanes.
 */
export function laysOutEverything(outputDir: string, content: string): boolean {
  const output = resolve(outputDir);
  return !existsSync(output) || readManifest(manifestPath(output), output)?.code !== codeFingerprint(content);
}

/**
 * For a build split into lanes (src/site/lanes.ts): takes away the last build's record for `outputDir`, as
 * `beginBuild` does, into `laneCopy` for the lanes to plan against, and returns the folder's files before the build.
 */
export function beginLanes(outputDir: string, laneCopy: string): string[] {
  const output = resolve(outputDir);
  rmSync(laneCopy, { force: true });
  const existing = filesLeft(output, readManifest(manifestPath(output), output));
  if (existsSync(manifestPath(output))) renameSync(manifestPath(output), laneCopy);
  return existing;
}

/** Every file in the output folder but the search index (`pagefind/`, which src/site/search-index.ts makes). */
function siteFiles(output: string): string[] {
  if (!existsSync(output)) return [];
  return readdirSync(output, { withFileTypes: true }).flatMap((entry) => {
    const path = join(output, entry.name);
    return entry.isDirectory() ? (entry.name === "pagefind" ? [] : filesUnder(path)) : [path];
  });
}

/** Where a page's URL is written in the output folder: a folder's index.html, or a file such as a feed. */
function outputFile(output: string, url: string): string {
  return inFolder(output, `${url.startsWith("/") ? url.slice(1) : url}${url.endsWith("/") ? "index.html" : ""}`);
}

/** What a paper page shows beyond its own file, as the archive model and the reader's window give it. */
export interface PageSurroundings {
  nav: Record<string, PaperNav>;
  window: BuiltWindow;
  /** The authors who have a page of their own (src/archive/authors.ts): a name links there, or to a search. */
  authorsWithPages: ReadonlySet<string>;
  authorSlugOf: (name: string) => string;
}

const hashOf = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

/** The hash of everything a paper page shows (content/papers/paper.njk, templates/layouts/paper.njk, base.njk). */
export function paperPageHash(file: PageFile, { nav, window, authorsWithPages, authorSlugOf }: PageSurroundings): string {
  const slug = typeof file.data.slug === "string" ? file.data.slug : "";
  const nearby = nav[slug];
  const authors = Array.isArray(file.data.authors) ? linkedAuthors(file.data.authors as string[]) : [];
  return hashOf([
    file.url,
    // Its front matter and body: what the file's bytes parse to.
    file.textHash,
    siteContent().derived[slug] ?? null,
    nearby ? [nearby.previous?.data.slug, nearby.previous?.data.title, nearby.next?.data.slug, nearby.next?.data.title] : null,
    window.vectors.get(slug) ?? null,
    // Whether each name links to the author's page or to a search for it (FORMAT_FILTERS.authorUrl).
    authors.map((name) => authorsWithPages.has(authorSlugOf(name))),
  ]);
}

/** Each paper's hash as listings show it (`listedHash`), for the build that read the paper. */
const listed = new WeakMap<PageFile, string>();

/**
 * A paper as a listing, a feed or a newsletter shows it: its front matter and body, but of the issues that list it
 * only its first and none of its sources — a paper listed again on a later day gains both, and every listing it was in
 * before would otherwise be laid out again (the benchmark relists papers for weeks). A card and a feed item date a
 * paper by its first issue (templates/partials/paper-card.njk, src/feeds/site-feed.ts); the later issue lists it anew.
 */
function listedHash(paper: PageFile): string {
  const { issues } = paper.data;
  // Listed once (most papers): its file's bytes say as much, without hashing its text again.
  if (!Array.isArray(issues) || issues.length < 2) return paper.textHash;
  let hash = listed.get(paper);
  if (hash === undefined) listed.set(paper, (hash = hashOf([{ ...paper.data, issues: issues[0], sources: undefined }, paper.body])));
  return hash;
}

/**
 * The hash of everything a listing page or feed shows (an issue's, a topic's or an author's page, an author's feed):
 * its own fields, and each of its papers as listings show it (`listedHash`).
 */
export function listingHash(listing: { papers: readonly PageFile[] }): string {
  return hashOf({ ...listing, papers: listing.papers.map(listedHash) });
}

/** The hash of everything an issue's newsletter on the web shows (content/newsletter/issue.njk: src/site/newsletter-filter.ts). */
export function newsletterPageHash(issue: Issue): string {
  return hashOf([issue.date, issue.papers.map(listedHash), issue.rising]);
}

/**
 * Of `items`, those to lay out: all when there is no record of the last build into this folder or the code changed,
 * otherwise those whose hash changed or whose file is missing. Outside a build begun by `beginBuild` (Eleventy run
 * without the configuration's events), all.
 */
export function planPages<T>(items: readonly T[], urlOf: (item: T) => string, hash: (item: T) => string): T[] {
  if (!current) return [...items];
  const { output, previous, code, hashes } = current;
  const last = previous?.code === code ? previous : undefined;
  return items.filter((item) => {
    const url = urlOf(item);
    const itemHash = hash(item);
    hashes.set(url, itemHash);
    return !last || last.pages[url] !== itemHash || !existsSync(outputFile(output, url));
  });
}

/**
 * At the end of a build that succeeded (`eleventy.after`, given the files Eleventy wrote): takes out of the output
 * folder every file the last build left (as its record lists them, or as found) that this build did not make — the
 * pages of papers no longer in the archive, the window and scripts of earlier builds (their names hold their hashes),
 * a page no longer generated — so that the folder holds the site a build from scratch would make; the search index is
 * left to src/site/search-index.ts. Then records every planned page's hash, and the files it left, for the next build.
 */
export function finishBuild(written: readonly string[]): void {
  if (!current) return;
  const { output, code, hashes, existing } = current;
  current = undefined;
  const record: BuildRecord = { code, pages: Object.fromEntries(hashes), written: written.map((file) => resolve(file)) };
  if (share) writeFileAtomic.sync(share.record, JSON.stringify(record), { encoding: "utf8", fsync: false });
  else tidyAndRecord(output, existing, [record]);
}

/** What a lane or a shard's job left at `path` (`finishBuild`). */
export function readBuildRecord(path: string): BuildRecord {
  return JSON.parse(readFileSync(path, "utf8")) as BuildRecord;
}

/** The files the lanes (or the one build) made or keep: what they wrote, their planned pages, and the assets. */
function keptFiles(output: string, records: readonly BuildRecord[]): Set<string> {
  const kept = new Set(records.flatMap((record) => record.written));
  for (const record of records) for (const url of Object.keys(record.pages)) kept.add(outputFile(output, url));
  for (const file of filesUnder(join(ROOT, "templates", "assets"))) kept.add(join(output, "assets", relative(join(ROOT, "templates", "assets"), file)));
  return kept;
}

/**
 * Takes out of `existing` (the output folder's files before the build, as the last build's record lists them or as
 * found) every file the lanes did not make, or of those
 * under `within` only, as soon as the lanes that make them are done (the paper pages, before the search index reads them).
 */
export function removeUnmade(outputDir: string, existing: readonly string[], records: readonly BuildRecord[], within?: string): void {
  const output = resolve(outputDir);
  removeAllBut(output, existing, keptFiles(output, records), within);
}

function removeAllBut(output: string, existing: readonly string[], kept: ReadonlySet<string>, within?: string): void {
  const folders = new Set<string>();
  const withinPrefix = within && join(output, within, "/");
  for (const file of existing) {
    if (kept.has(file) || (withinPrefix && !file.startsWith(withinPrefix))) continue;
    rmSync(file, { force: true });
    folders.add(dirname(file));
  }
  for (const folder of [...folders].sort().reverse()) {
    try {
      rmdirSync(folder); // if nothing else is in it
    } catch {
      // not empty
    }
  }
}

/** The one record of a site laid out in shares (lanes or shards): their planned pages, which must have been laid out with the same code. */
function jointManifest(output: string, records: readonly BuildRecord[], shares: string): Manifest {
  const codes = new Set(records.map((record) => record.code));
  if (codes.size !== 1) throw new Error(`the ${shares} of the build into ${output} laid out with different code: rebuild`);
  return { output, code: [...codes][0], pages: Object.assign({}, ...records.map((record) => record.pages)) };
}

function writeManifest(manifest: Manifest & { files: string[] }): void {
  mkdirSync(MANIFESTS, { recursive: true });
  writeFileAtomic.sync(manifestPath(manifest.output), JSON.stringify(manifest), { encoding: "utf8", fsync: false });
}

/** When every lane of a build is done (or the one build): takes out what none made (`removeUnmade`) and records every planned page's hash. */
export function tidyAndRecord(outputDir: string, existing: Iterable<string>, records: readonly BuildRecord[]): void {
  const output = resolve(outputDir);
  const manifest = jointManifest(output, records, "lanes");
  const kept = keptFiles(output, records);
  removeAllBut(output, [...existing], kept);
  writeManifest({ ...manifest, files: [...kept].map((file) => fromFolder(output, file)).sort() });
}

/**
 * The assembly of a sharded build (src/site/shards.ts), given its shards' records: `place` puts the site in `siteDir`
 * and returns its files but the search index, relative to it; the site is then recorded as if one build had laid out
 * every shard's pages there. Shards laid out with different code stop it before anything is placed; a `place` that
 * fails leaves no record (the next build lays out every page). An assembly that fails before this (a missing shard,
 * two shards disagreeing on a file) leaves the last site and its record as they were.
 */
export function recordAssembly(siteDir: string, records: readonly BuildRecord[], place: () => string[]): void {
  const output = resolve(siteDir);
  const manifest = jointManifest(output, records, "shards");
  rmSync(manifestPath(output), { force: true });
  writeManifest({ ...manifest, files: place() });
}
