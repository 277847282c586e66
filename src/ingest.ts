import { readdirSync } from "node:fs";
import { extname, join, relative, resolve } from "node:path";
import { loadTaxonomy } from "./enrich/topics.ts";
import { InputError } from "./input-error.ts";
import { formatWarning, type Paper, type Warning } from "./paper.ts";
import { runPipeline } from "./pipeline.ts";
import { pageSlugs, publishedPage, readPages, unlistPages, writePages, type UnlistedPage } from "./pages/store.ts";
import { DIGEST_EXTENSIONS, readDigest } from "./sources/index.ts";

export interface IngestOptions {
  /** The content folder: digests/, papers/ and _data/taxonomy.json live in it. */
  contentDir: string;
  /**
   * Digest files to read besides the archive in `<contentDir>/digests` (which is always read,
   * so related papers and issue lists span every day).
   */
  files?: string[];
  /** Issue date for the given files, when their names do not carry one. */
  date?: string;
  log?: (line: string) => void;
  /** Progress lines for long runs; default: none. */
  progress?: (line: string) => void;
}

export interface IngestResult {
  papersRead: number;
  papers: Paper[];
  written: string[];
  unchanged: number;
  keptEdits: string[];
  /** Pages whose paper a digest read this run no longer lists: taken out of those issues, not deleted. */
  unlisted: UnlistedPage[];
  warnings: Warning[];
  errors: string[];
  /** Papers that only the fallback topic claims. */
  otherCount: number;
}

export function listDigests(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((n) => DIGEST_EXTENSIONS.includes(extname(n).toLowerCase()))
      .sort()
      .map((n) => join(dir, n));
  } catch {
    return [];
  }
}

const DETAILED_DIGESTS = 7;

export function ingest(options: IngestOptions): IngestResult {
  const log = options.log ?? (() => {});
  const progress = options.progress ?? (() => {});
  const papersDir = join(options.contentDir, "papers");
  const archive = listDigests(join(options.contentDir, "digests"));
  const extra = (options.files ?? []).filter((f) => !archive.some((a) => resolve(a) === resolve(f)));
  const files = [...archive, ...extra];
  const taxonomy = loadTaxonomy(options.contentDir);

  const read: Paper[] = [];
  const warnings: Warning[] = [];
  const errors: string[] = [];
  const readDates = new Set<string>();
  // A long archive is summed up in one line; the newest digests get a line each.
  const detailed = new Set(files.slice(-DETAILED_DIGESTS));
  let quiet = { digests: 0, papers: 0 };
  files.forEach((file, index) => {
    try {
      const digest = readDigest(file, extra.includes(file) ? options.date : undefined);
      readDates.add(digest.date);
      read.push(...digest.papers);
      warnings.push(...digest.warnings);
      if (detailed.has(file)) {
        if (quiet.digests) log(`${quiet.digests} earlier digests: ${quiet.papers} papers`);
        quiet = { digests: 0, papers: 0 };
        log(`${file}: ${digest.papers.length} papers (issue ${digest.date})${digest.warnings.length ? `, ${digest.warnings.length} warnings` : ""}`);
      } else {
        quiet = { digests: quiet.digests + 1, papers: quiet.papers + digest.papers.length };
      }
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      errors.push(error.message);
    }
    if ((index + 1) % 100 === 0) progress(`read ${index + 1}/${files.length} digests`);
  });

  const existing = readPages(papersDir);
  const published = new Map([...existing].map(([id, page]) => [id, publishedPage(page)]));
  const papers = runPipeline(read, { taxonomy, published, reservedSlugs: pageSlugs(papersDir), readDates }, (stage, ms) => {
    if (read.length >= 5000) progress(`${stage}: ${(ms / 1000).toFixed(1)} s`);
  });
  const report = writePages(papersDir, papers, existing);
  const listed = new Set(papers.map((p) => p.id));
  const unlisted = unlistPages([...existing.values()].filter((page) => !listed.has(page.data.id)), readDates);
  const otherCount = papers.filter((p) => p.topics.includes(taxonomy.fallback.slug)).length;

  for (const w of warnings) log(`warning: ${formatWarning(w)}`);
  log(
    `${read.length} papers read from ${files.length - errors.length} digests; ${papers.length} distinct ` +
      `(${read.length - papers.length} duplicates merged) → ${papers.length} pages: ` +
      `${report.written.length} written, ${report.unchanged} unchanged`,
  );
  if (report.keptEdits.length) log(`kept the curator's edited abstract in ${report.keptEdits.length} pages: ${report.keptEdits.join(", ")}`);
  log(`topics: ${papers.length - otherCount} papers placed, ${otherCount} in "${taxonomy.fallback.name}"`);
  for (const page of unlisted) {
    const where = relative(process.cwd(), page.path);
    const fate = page.issues.length ? `still in ${page.issues.join(", ")}` : "now in no issue: it keeps its URL but leaves every listing; delete the file to remove it";
    log(`no longer in its digest: ${where} taken out of ${page.removed.join(", ")}; ${fate}`);
  }
  if (extra.length) log(`not in ${join(options.contentDir, "digests")}: ${extra.join(", ")} (copy a day there to keep it in the archive)`);

  return { papersRead: read.length, papers, ...report, unlisted, warnings, errors, otherCount };
}
