import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * The site's search index: Pagefind over the built paper pages (only they carry searchable text).
 *
 * Pagefind holds a whole index in memory while it builds it: 3.1 GB for 20,000 paper pages and
 * 12.3 GB for 95,000. So an archive of more than `pagesPerIndex` pages is indexed in parts, oldest
 * first, `pagesPerIndex` pages each, one Pagefind run after another; the search page merges them
 * in the browser (`mergeIndex`, https://pagefind.app/docs/multisite/). The first part is the main
 * bundle at `pagefind/`, the others `pagefind/part-2/`, …; `pagefind/parts.json` lists those.
 * Fixed-size parts in date order mean a new day only ever changes the last one.
 */

const PAGEFIND = resolve(import.meta.dirname, "../../node_modules/.bin/pagefind");
const PAGES_GLOB = "papers/**/*.html";
/** Where the paper page template puts the paper's first issue (templates/layouts/paper.njk). */
const FIRST_ISSUE = /<time datetime="(\d{4}-\d{2}-\d{2})" data-pagefind-meta="date">/;

export const PARTS_FILE = "parts.json";

export interface SearchIndexReport {
  pages: number;
  /** Each index's bundle folder, relative to the site, the main one first. */
  bundles: string[];
}

/** A built paper page: its folder under papers/ and the date it sorts by ("" for a page of no issue). */
interface PaperPage {
  name: string;
  date: string;
}

function paperPages(siteDir: string): string[] {
  const papers = join(siteDir, "papers");
  if (!existsSync(papers)) return [];
  return readdirSync(papers, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(papers, entry.name, "index.html")))
    .map((entry) => entry.name)
    .sort();
}

/** The pages in the order the parts take them: by first issue, then by folder name. */
function inDateOrder(siteDir: string, names: string[]): PaperPage[] {
  return names
    .map((name) => ({ name, date: FIRST_ISSUE.exec(readFileSync(join(siteDir, "papers", name, "index.html"), "utf8"))?.[1] ?? "" }))
    .sort((a, b) => (a.date === b.date ? (a.name < b.name ? -1 : 1) : a.date < b.date ? -1 : 1));
}

function pagefind(site: string, outputPath: string): void {
  execFileSync(PAGEFIND, ["--site", site, "--glob", PAGES_GLOB, "--output-path", outputPath, "--quiet"], { stdio: ["ignore", "inherit", "inherit"] });
}

/** A site folder holding only these paper pages, as hard links (copies across file systems). */
function stagePart(siteDir: string, stage: string, pages: PaperPage[]): void {
  for (const { name } of pages) {
    const from = join(siteDir, "papers", name, "index.html");
    const to = join(stage, "papers", name, "index.html");
    mkdirSync(join(stage, "papers", name), { recursive: true });
    try {
      linkSync(from, to);
    } catch {
      copyFileSync(from, to);
    }
  }
}

export function buildSearchIndex(siteDir: string, pagesPerIndex: number): SearchIndexReport {
  if (!Number.isInteger(pagesPerIndex) || pagesPerIndex < 1) throw new Error(`search.pagesPerIndex must be a positive whole number, not ${pagesPerIndex}`);
  const bundleRoot = join(siteDir, "pagefind");
  rmSync(bundleRoot, { recursive: true, force: true }); // no part of an earlier, larger split is left behind
  const names = paperPages(siteDir);
  if (names.length <= pagesPerIndex) {
    pagefind(siteDir, bundleRoot);
    writeFileSync(join(bundleRoot, PARTS_FILE), "[]\n");
    return { pages: names.length, bundles: ["pagefind/"] };
  }

  const ordered = inDateOrder(siteDir, names);
  const bundles: string[] = [];
  mkdirSync(".cache", { recursive: true });
  const stageRoot = mkdtempSync(join(".cache", "search-stage-"));
  try {
    for (let start = 0, part = 1; start < ordered.length; start += pagesPerIndex, part++) {
      const bundle = part === 1 ? "pagefind/" : `pagefind/part-${part}/`;
      const stage = join(stageRoot, `part-${part}`);
      stagePart(siteDir, stage, ordered.slice(start, start + pagesPerIndex));
      pagefind(stage, join(siteDir, bundle));
      rmSync(stage, { recursive: true, force: true });
      bundles.push(bundle);
    }
  } finally {
    rmSync(stageRoot, { recursive: true, force: true });
  }
  writeFileSync(join(bundleRoot, PARTS_FILE), `${JSON.stringify(bundles.slice(1).map((b) => b.slice("pagefind/".length)))}\n`);
  return { pages: names.length, bundles };
}
