import { createHash } from "node:crypto";
import {
  copyFileSync,
  type Dirent,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { isDeepStrictEqual } from "node:util";
import writeFileAtomic from "write-file-atomic";
import { runChild } from "../platform/children.ts";
import { isRunning } from "../platform/process-alive.ts";
import { filesUnder, hashCode, hashFiles } from "../platform/fingerprint.ts";
import { inPool, type WeightedTask } from "../platform/pool.ts";

/**
 * The site's search index: Pagefind over the built paper pages (only they carry searchable text).
 *
 * Pagefind holds a whole index in memory while it builds it: 1.72 GB for 10,000 paper pages, 2.2–2.6 GB for 15,000,
 * 3.1 GB for 20,000 and 12.3 GB for 95,000. So an archive of more than `pagesPerIndex` pages is indexed in parts, oldest
 * first, `pagesPerIndex` pages each, a Pagefind run each, as many at once as the machine has cores while they hold no
 * more pages together than `WHOLE_PARTS_AT_ONCE` parts of `pagesPerIndex` (Pagefind keeps about one and a third cores
 * busy: on 2 cores four parts of 2,500 took 11 s two at a time, 15 s one after another); the search page merges them
 * in the browser (`mergeIndex`, https://pagefind.app/docs/multisite/). The first part is the main
 * bundle at `pagefind/`, the others `pagefind/part-2/`, …; `pagefind/parts.json` lists those.
 * Parts with fixed bounds in date order mean a new day only ever changes the last one, so with a cache the
 * others are not indexed again: those the last build into the same folder left there stay (`keptInPlace`), others are
 * linked from the cache (hard links). The newest pages, until they
 * fill a part of `pagesPerIndex`, are indexed in smaller parts of `pagesPerNewPart` (`partRanges`): a day then
 * indexes again at most that many pages rather than up to `pagesPerIndex` (a whole 10,000-paper archive).
 * A full block of small parts is indexed again as one part once, when it fills.
 */

/**
 * How many whole parts' pages the Pagefind runs under way may hold together, whatever the number of cores: a run's
 * memory grows with the pages it holds (1.72 GB for a part of 10,000), and one run keeps about one and a third cores
 * busy, two keep both cores of a 2-core machine busy.
 */
const WHOLE_PARTS_AT_ONCE = 2;

/** How the parts to index are run (src/platform/pool.ts, each weighed by its pages): as many at once as there are cores, within `WHOLE_PARTS_AT_ONCE` parts' pages. */
export function partPool(pagesPerIndex: number, cores = availableParallelism()): { atOnce: number; maxWeight: number } {
  return { atOnce: cores, maxWeight: WHOLE_PARTS_AT_ONCE * pagesPerIndex };
}

const ROOT = resolve(import.meta.dirname, "../..");
const PAGEFIND = join(ROOT, "node_modules/.bin/pagefind");
const PAGES_GLOB = "papers/**/*.html";
/** Where the paper page template puts the paper's first issue (templates/layouts/paper.njk). */
const FIRST_ISSUE = /<time datetime="(\d{4}-\d{2}-\d{2})" data-pagefind-meta="date">/;

export const PARTS_FILE = "parts.json";
/** Where `npm run build` and `npm run build:search` keep finished parts for the next build, relative to the working folder. */
export const SEARCH_PARTS_CACHE = join(".cache", "search-parts");

export interface SearchIndexOptions {
  pagesPerIndex: number;
  /** The size of the parts the newest pages are indexed in until they fill a part of `pagesPerIndex` (at most that; absent, that). */
  pagesPerNewPart?: number;
  /**
   * Where finished parts are kept for the next build (`dir`), named by what they were built from: what
   * Pagefind reads of the part's built pages (`indexedPart`), and the code, templates, settings (in
   * `contentDir`) and dependencies that render them. A part whose key is unchanged is not indexed again: left in the
   * site where the last build into it placed it, or linked from there. The cache serves one site folder: the record of
   * what a build placed where is kept for the last folder built.
   */
  cache?: { dir: string; contentDir: string };
}

export interface SearchIndexReport {
  pages: number;
  /** Each index's bundle folder, relative to the site, the main one first. */
  bundles: string[];
  /** How many of the bundles were not indexed again (left in place, or linked from the cache). */
  reused: number;
}

/** A built paper page: its folder under papers/, the date it sorts by ("" for a page of no issue), and a hash of what Pagefind reads of it. */
interface IndexedPage {
  name: string;
  date: string;
  print: string;
}

function paperPages(siteDir: string): string[] {
  const papers = join(siteDir, "papers");
  if (!existsSync(papers)) return [];
  return readdirSync(papers, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(papers, entry.name, "index.html")))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Each page's date and print as the last build found them, by its file's size and modification time (in nanoseconds):
 * a page Eleventy has not written since is not read again (at 100,000 papers reading every page took 8 s of a day's
 * 15). Kept in the parts' cache folder; absent or of other files, the pages are read.
 */
const PRINTS_FILE = "pages.json";
type KnownPrint = [size: number, mtime: string, date: string, print: string];

function readPrints(file: string): Map<string, KnownPrint> {
  try {
    return new Map(Object.entries(JSON.parse(readFileSync(file, "utf8")) as Record<string, KnownPrint>));
  } catch {
    return new Map();
  }
}

/**
 * The pages in the order the parts take them: by first issue, then by folder name; and, given the last run's (`known`),
 * each one's `KnownPrint` for the next.
 */
function inDateOrder(siteDir: string, names: string[], known?: Map<string, KnownPrint>): { ordered: IndexedPage[]; prints: Record<string, KnownPrint> } {
  const prints: Record<string, KnownPrint> = {};
  const ordered = names
    .map((name) => {
      const file = join(siteDir, "papers", name, "index.html");
      const stat = known && statSync(file, { bigint: true });
      const was = known?.get(name);
      if (stat && was && was[0] === Number(stat.size) && was[1] === String(stat.mtimeNs)) {
        prints[name] = was;
        return { name, date: was[2], print: was[3] };
      }
      const html = readFileSync(file, "utf8");
      const page = { name, date: FIRST_ISSUE.exec(html)?.[1] ?? "", print: createHash("sha256").update(indexedPart(html)).digest("base64") };
      if (stat) prints[name] = [Number(stat.size), String(stat.mtimeNs), page.date, page.print];
      return page;
    })
    .sort((a, b) => (a.date === b.date ? (a.name < b.name ? -1 : 1) : a.date < b.date ? -1 : 1));
  return { ordered, prints };
}

const OPEN_TAG = /<([a-zA-Z][\w-]*)\b[^>]*>/g;
/** An element Pagefind takes a value from even inside an ignored one (https://pagefind.app/docs/metadata/, /docs/filtering/). */
const PAGEFIND_VALUE = /<[^>]*\bdata-pagefind-(?:meta|filter|sort)\b[^>]*>[^<]*/g;
const LINK_TARGET = /\shref="[^"]*"/g;
/** Elements with no content and no closing tag (https://html.spec.whatwg.org/multipage/syntax.html#void-elements). */
const VOID_ELEMENTS = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);

/** Where the element opened at `start` (its tag `tag`) ends: after its closing tag, counting elements of the same name inside it. */
function elementEnd(html: string, start: number, tag: string): number {
  if (VOID_ELEMENTS.has(tag.toLowerCase())) return html.indexOf(">", start) + 1;
  const tags = new RegExp(`<(/?)${tag}\\b[^>]*>`, "gi");
  tags.lastIndex = start;
  let depth = 0;
  for (let match = tags.exec(html); match; match = tags.exec(html)) {
    depth += match[1] ? -1 : 1;
    if (depth === 0) return tags.lastIndex;
  }
  return html.length;
}

/**
 * What of a paper page its search record is made from: the element marked `data-pagefind-body`, less what it
 * marks `data-pagefind-ignore` (but with the meta, filter and sort values found there) and less link targets,
 * which Pagefind does not index. A paper listed again, or an author who gains a page, changes the page's
 * lede and links but not this, so its part of the index is reused. Our templates write the HTML, so a scan of
 * their tags is enough here; anything this keeps that Pagefind does not read only costs a part indexed again.
 */
export function indexedPart(html: string): string {
  const body = /<([a-zA-Z][\w-]*)\b[^>]*\sdata-pagefind-body\b[^>]*>/.exec(html);
  if (!body) return html;
  const end = elementEnd(html, body.index, body[1]);
  const kept: string[] = [];
  let from = body.index;
  OPEN_TAG.lastIndex = body.index + body[0].length;
  for (let match = OPEN_TAG.exec(html); match && match.index < end; match = OPEN_TAG.exec(html)) {
    if (!/\sdata-pagefind-ignore\b/.test(match[0])) continue;
    const ignoredEnd = elementEnd(html, match.index, match[1]);
    kept.push(html.slice(from, match.index), ...(html.slice(match.index, ignoredEnd).match(PAGEFIND_VALUE) ?? []));
    from = ignoredEnd;
    OPEN_TAG.lastIndex = ignoredEnd;
  }
  kept.push(html.slice(from, end));
  return kept.join("\n").replace(LINK_TARGET, "");
}

/** Pagefind over the paper pages of `site` into `outputPath`; stopped with this process (src/platform/children.ts). */
function pagefind(site: string, outputPath: string): Promise<void> {
  return runChild("Pagefind", PAGEFIND, ["--site", site, "--glob", PAGES_GLOB, "--output-path", outputPath, "--quiet"]);
}

/**
 * A hard link to a file (a copy across file systems): a part's 20,000 files, or an assembled site's, cost no copying.
 * `made` holds the folders a caller linking many files has made already: a part's files share a few folders, and
 * making each again is a system call a file.
 */
export function linkFile(from: string, to: string, made?: Set<string>): void {
  const folder = dirname(to);
  if (!made?.has(folder)) {
    mkdirSync(folder, { recursive: true });
    made?.add(folder);
  }
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/** A site folder holding only these paper pages. */
function stagePart(siteDir: string, stage: string, pages: IndexedPage[]): void {
  for (const { name } of pages) linkFile(join(siteDir, "papers", name, "index.html"), join(stage, "papers", name, "index.html"));
}

/**
 * What shapes a paper page's indexed text besides its own file: the code and templates, the site's
 * settings, topics and page templates, the dependencies' versions, and the address it is built for.
 * (Related papers and keywords, which change as the archive grows, are kept out of the index.)
 */
function renderingKey(contentDir: string): string {
  const hash = createHash("sha256").update(`${process.env.SITE_URL ?? ""}\0${process.env.PATH_PREFIX ?? ""}\0`);
  hashCode(hash, ["templates", ".eleventy.js"]);
  const content = [
    join(contentDir, "site.json"),
    ...filesUnder(join(contentDir, "_data")),
    ...filesUnder(join(contentDir, "papers")).filter((f) => !f.endsWith(".md")),
  ];
  return hashFiles(hash, content, contentDir).digest("hex");
}

function partKey(rendering: string, pages: IndexedPage[]): string {
  const hash = createHash("sha256").update(rendering);
  for (const { name, print } of pages) hash.update(`\0${name}\0${print}`);
  return hash.digest("hex").slice(0, 32);
}

/**
 * The parts of `total` pages in date order, as [start, end) ranges: whole blocks of `pagesPerIndex` pages, then the
 * pages of the block still filling in parts of `pagesPerNewPart`. A range's bounds never move as pages are added at
 * the end, so only the last range changes, until the block fills and becomes one part.
 */
export function partRanges(total: number, pagesPerIndex: number, pagesPerNewPart = pagesPerIndex): [number, number][] {
  const newPart = Math.min(pagesPerNewPart, pagesPerIndex);
  const filled = Math.floor(total / pagesPerIndex) * pagesPerIndex;
  const ranges: [number, number][] = [];
  for (let start = 0; start < filled; start += pagesPerIndex) ranges.push([start, start + pagesPerIndex]);
  for (let start = filled; start < total; start += newPart) ranges.push([start, Math.min(start + newPart, total)]);
  return ranges;
}

/** A line saying what was indexed, for the build's log. */
export function describeSearchIndex({ pages, bundles, reused }: SearchIndexReport, siteDir: string): string {
  const parts = bundles.length > 1 ? ` in ${bundles.length} indexes (${reused} unchanged since the last build, reused)` : "";
  return `search: ${pages.toLocaleString("en")} paper pages indexed${parts} (${siteDir}/pagefind/)`;
}

export async function buildSearchIndex(siteDir: string, options: SearchIndexOptions): Promise<SearchIndexReport> {
  const { pagesPerIndex, pagesPerNewPart = pagesPerIndex } = options;
  for (const [name, value] of [
    ["pagesPerIndex", pagesPerIndex],
    ["pagesPerNewPart", pagesPerNewPart],
  ] as const)
    if (!Number.isInteger(value) || value < 1) throw new Error(`search.${name} must be a positive whole number, not ${value}`);
  const cacheRoot = join(ROOT, ".cache");
  mkdirSync(cacheRoot, { recursive: true });
  // What of the last index goes (some 100,000 files at 100,000 papers) is moved aside and removed while the new one is
  // made, as are the stage folders of builds that were stopped (their process is gone), which may hold a whole index:
  // removing those is tidying, and one that fails is left for a later build.
  const removals = stoppedBuildsStages(cacheRoot).map((stage) => removing(stage).catch(() => {}));
  const stageRoot = mkdtempSync(join(cacheRoot, `${STAGE_PREFIX}${process.pid}-`));
  const setAside = (path: string) => removals.push(removeMeanwhile(path, join(stageRoot, `previous-${removals.length}`)));
  let report: SearchIndexReport;
  try {
    report = await indexParts(siteDir, stageRoot, setAside, options);
  } catch (error) {
    await endRemovals(removals, stageRoot);
    throw error;
  }
  // A removal that failed is the build's failure, once every removal has ended.
  const failedRemoval = await endRemovals(removals, stageRoot);
  if (failedRemoval) throw failedRemoval.reason;
  return report;
}

/** Waits for every removal to end, then removes the stage folder; the first removal that failed, if one did. */
async function endRemovals(removals: Promise<void>[], stageRoot: string): Promise<PromiseRejectedResult | undefined> {
  const removed = await Promise.allSettled(removals);
  rmSync(stageRoot, { recursive: true, force: true });
  return removed.find((result) => result.status === "rejected");
}

/** Where a build stages a part's pages and sets aside the last index: `.cache/search-stage-<process id>-<random>/`. */
const STAGE_PREFIX = "search-stage-";

/**
 * An hour: a stage folder untouched for this long whose process is gone was left by a stopped build. (A process id
 * alone would not do where builds share a checkout from different process namespaces, such as a container and its
 * host, which see each other's ids as gone.)
 */
const STAGE_LEFT_AFTER_MS = 60 * 60_000;

/** The stage folders of builds whose process is gone, untouched for an hour. */
function stoppedBuildsStages(cacheRoot: string): string[] {
  return readdirSync(cacheRoot).flatMap((name) => {
    const owner = name.startsWith(STAGE_PREFIX) ? /^(\d+)-/.exec(name.slice(STAGE_PREFIX.length))?.[1] : undefined;
    const path = join(cacheRoot, name);
    if (!owner || isRunning(Number(owner))) return [];
    const touched = statSync(path, { throwIfNoEntry: false })?.mtimeMs;
    return touched !== undefined && Date.now() - touched >= STAGE_LEFT_AFTER_MS ? [path] : [];
  });
}

/** `path` removed while the caller goes on; the promise, awaited at the end of the build, is marked handled until then. */
function removing(path: string): Promise<void> {
  const removal = rm(path, { recursive: true, force: true });
  removal.catch(() => {});
  return removal;
}

/**
 * Moves `folder` to `trash` and removes it there while the caller goes on; the promise settles once it is gone. A
 * folder that cannot be moved there (another file system) is removed at once.
 */
function removeMeanwhile(folder: string, trash: string): Promise<void> {
  try {
    renameSync(folder, trash);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") rmSync(folder, { recursive: true, force: true });
    return Promise.resolve();
  }
  return removing(trash);
}

/** Pagefind's entry file, which names the bundle's index by a hash of what it holds. */
const ENTRY_FILE = "pagefind-entry.json";

/**
 * Which cached part each bundle of a site holds, as the last build into it left them, with the `parts.json` it wrote:
 * in the parts' cache, one per site folder.
 */
interface PlacedParts {
  parts: string;
  bundles: Record<string, string>;
}

function placedRecordPath(cacheDir: string, siteDir: string): string {
  return join(cacheDir, `placed-${createHash("sha256").update(resolve(siteDir)).digest("hex").slice(0, 16)}.json`);
}

/**
 * The record of what the last build placed in the site, taken away (so that a build that stops leaves none); none when
 * the site's `parts.json` is not the one it wrote (another build, such as a sharded one's assembly, laid the index out since).
 */
function takePlaced(file: string | undefined, bundleRoot: string): PlacedParts | undefined {
  if (!file) return undefined;
  try {
    const placed = JSON.parse(readFileSync(file, "utf8")) as PlacedParts;
    return readFileSync(join(bundleRoot, PARTS_FILE), "utf8") === placed.parts ? placed : undefined;
  } catch {
    return undefined;
  } finally {
    rmSync(file, { force: true });
  }
}

/**
 * The bundles the last build left holding the parts wanted again: so its record says, the folder's entry file is the
 * cached part's (which names the index by a hash of what it holds: a site restored from elsewhere is not trusted), and
 * it holds the cached part's files, by name, no more and no fewer. Those stay where they are: at 100,000 papers, some
 * 100,000 files not linked again. (Its files' bytes are not compared: they are hard links to the cached part's, as the
 * build's pages are trusted to be what it wrote while nothing but the build writes in the folder.)
 */
function keptInPlace(siteDir: string, placed: PlacedParts | undefined, wanted: readonly { bundle: string; cached?: string }[]): Set<string> {
  const holdsCachedPart = (bundle: string, cached: string) => {
    try {
      const folder = join(siteDir, bundle);
      if (!readFileSync(join(folder, ENTRY_FILE)).equals(readFileSync(join(cached, ENTRY_FILE)))) return false;
      const names = (dir: string, files: string[]) => files.map((file) => relative(dir, file));
      return isDeepStrictEqual(names(folder, ownFiles(folder, bundle === "pagefind/")), names(cached, filesUnder(cached)));
    } catch {
      return false;
    }
  };
  return new Set(
    wanted
      .filter(({ bundle, cached }) => cached && placed?.bundles[bundle] === basename(cached) && holdsCachedPart(bundle, cached))
      .map(({ bundle }) => bundle),
  );
}

/** Whether an entry of the main bundle's folder is another part's folder (`part-2/`, …), not one of the main bundle's own. */
function isPartFolder(entry: Dirent): boolean {
  return entry.isDirectory() && /^part-\d+$/.test(entry.name);
}

/** A bundle's files: of the main bundle (`pagefind/`), not the other parts' folders nested in it, nor their list. */
function ownFiles(folder: string, main: boolean): string[] {
  if (!main) return filesUnder(folder);
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => !isPartFolder(entry) && entry.name !== PARTS_FILE)
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)]))
    .sort();
}

/** Sets aside what of the search index in `bundleRoot` is not kept: the main bundle's own files unless it is, and every part's folder that is not. */
function clearIndex(bundleRoot: string, inPlace: ReadonlySet<string>, setAside: (path: string) => void): void {
  if (inPlace.size === 0) return setAside(bundleRoot);
  if (!existsSync(bundleRoot)) return;
  for (const entry of readdirSync(bundleRoot, { withFileTypes: true })) {
    const bundle = isPartFolder(entry) ? `pagefind/${entry.name}/` : "pagefind/";
    if (!inPlace.has(bundle)) setAside(join(bundleRoot, entry.name));
  }
}

/**
 * The search index of the site's paper pages into its `pagefind/`, in parts; their pages staged in `stageRoot`. Pagefind
 * never removes what an earlier build wrote (fragments of pages since changed, parts of a larger split), so what the last
 * build left goes (`setAside`) but the bundles it left that are wanted again, unchanged (`keptInPlace`): each bundle
 * indexed or linked anew is made where nothing of an earlier one is (the main bundle's folder may hold kept parts).
 */
async function indexParts(siteDir: string, stageRoot: string, setAside: (path: string) => void, options: SearchIndexOptions): Promise<SearchIndexReport> {
  const { pagesPerIndex, pagesPerNewPart = pagesPerIndex, cache } = options;
  const bundleRoot = join(siteDir, "pagefind");
  const placedFile = cache && placedRecordPath(cache.dir, siteDir);
  const placed = takePlaced(placedFile, bundleRoot);
  const names = paperPages(siteDir);
  const ranges = partRanges(names.length, pagesPerIndex, pagesPerNewPart);
  if (ranges.length <= 1) {
    setAside(bundleRoot);
    await pagefind(siteDir, bundleRoot);
    writeFileSync(join(bundleRoot, PARTS_FILE), "[]\n");
    return { pages: names.length, bundles: ["pagefind/"], reused: 0 };
  }

  const printsFile = cache && join(cache.dir, PRINTS_FILE);
  const { ordered, prints } = inDateOrder(siteDir, names, printsFile ? readPrints(printsFile) : undefined);
  const rendering = cache && renderingKey(cache.contentDir);
  const wanted = ranges.map(([start, end], index) => {
    const pages = ordered.slice(start, end);
    return {
      part: index + 1,
      pages,
      bundle: index === 0 ? "pagefind/" : `pagefind/part-${index + 1}/`,
      cached: cache && join(cache.dir, partKey(rendering!, pages)),
    };
  });
  const bundles = wanted.map(({ bundle }) => bundle);
  const kept = new Set<string>([printsFile, placedFile, ...wanted.map(({ cached }) => cached)].filter((path) => path !== undefined));
  const inPlace = keptInPlace(siteDir, placed, wanted);
  clearIndex(bundleRoot, inPlace, setAside);
  const toLink: { cached: string; bundle: string }[] = [];
  const toIndex: WeightedTask[] = [];
  for (const { part, pages, bundle, cached } of wanted) {
    if (inPlace.has(bundle)) continue;
    if (cached && existsSync(cached)) {
      toLink.push({ cached, bundle });
      continue;
    }
    toIndex.push({
      weight: pages.length,
      run: async () => {
        const stage = join(stageRoot, `part-${part}`);
        stagePart(siteDir, stage, pages);
        await pagefind(stage, join(siteDir, bundle));
        setAside(stage);
        if (cached) {
          // Gathered whole, then renamed into place: a build stopped halfway leaves no half a part to reuse. The main
          // bundle's folder holds the other parts' folders too, being written beside it: they are not its files.
          const copy = join(stageRoot, `copy-${part}`);
          const from = join(siteDir, bundle);
          const made = new Set<string>();
          for (const file of ownFiles(from, part === 1)) linkFile(file, join(copy, relative(from, file)), made);
          mkdirSync(dirname(cached), { recursive: true });
          renameSync(copy, cached);
        }
      },
    });
  }
  // The first parts to index begin, and the unchanged ones are linked into the site while those run.
  const indexing = inPool(toIndex, partPool(pagesPerIndex));
  const linking = (async () => {
    for (const { cached, bundle } of toLink) {
      const made = new Set<string>();
      for (const file of filesUnder(cached)) linkFile(file, join(siteDir, bundle, relative(cached, file)), made);
    }
  })();
  // Both run to their end (no Pagefind is left writing into the site), then the first failure is thrown.
  const failed = (await Promise.allSettled([indexing, linking])).find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
  if (printsFile) {
    mkdirSync(dirname(printsFile), { recursive: true });
    writeFileAtomic.sync(printsFile, JSON.stringify(prints), { fsync: false });
  }
  const parts = `${JSON.stringify(bundles.slice(1).map((b) => b.slice("pagefind/".length)))}\n`;
  writeFileSync(join(bundleRoot, PARTS_FILE), parts);
  if (placedFile) {
    const record: PlacedParts = { parts, bundles: Object.fromEntries(wanted.map(({ bundle, cached }) => [bundle, basename(cached!)])) };
    writeFileAtomic.sync(placedFile, JSON.stringify(record), { fsync: false });
  }
  // Parts no build will ask for again (their pages or the code changed) go.
  if (cache)
    for (const name of existsSync(cache.dir) ? readdirSync(cache.dir) : [])
      if (!kept.has(join(cache.dir, name))) rmSync(join(cache.dir, name), { recursive: true, force: true });
  return { pages: names.length, bundles, reused: inPlace.size + toLink.length };
}
