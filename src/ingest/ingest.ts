import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { dirname, extname, join, relative, resolve } from "node:path";
import { startBuildingCorpus, type Corpus } from "../analysis/tfidf.ts";
import { loadTaxonomy, topicProfilesPath } from "../analysis/topics.ts";
import { collectGarbage } from "../platform/collect-garbage.ts";
import { releaseLock, takeLock } from "../platform/process-lock.ts";
import { hashCode } from "../platform/fingerprint.ts";
import { PARALLEL_FROM } from "../platform/workers.ts";
import { PARSE_CACHE } from "../store/parse-cache.ts";
import { InputError } from "../platform/input-error.ts";
import { CURATED_KEYS, formatWarning, type CuratedKey, type Paper, type Warning } from "../model/paper.ts";
import { ARCHIVE_STAGES, PAGE_STAGES, runPipeline } from "./pipeline.ts";
import type { PipelineContext } from "./stages/context.ts";
import { derivedPapers, derivedPath, readDerived, writeDerived } from "../store/derived.ts";
import { readLastRun, writeLastRun } from "../store/last-run.ts";
import type { Utf8Bytes } from "../store/utf8-bytes.ts";
import { StageMemo, stageMemoPath } from "../store/stage-memo.ts";
import { pageSlugs, removeStaleTemporaryFiles } from "../store/paths.ts";
import { removeOrphanedModelFolders } from "../analysis/corpus-files.ts";
import { DEFAULT_AUTHOR_MIN_PAPERS, loadSiteSettings, sitePath } from "../store/settings.ts";
import { authorPagesPath, readAuthorPages, updateAuthorPages } from "../store/author-pages.ts";
import { linkedAuthorCounts } from "../model/authors.ts";
import { checkCuratedTopics, pageTextHash, publishedPage, readStoredPages, type StoredPage } from "../store/read.ts";
import { startWritingPages, unlistPages, type PageWriting, type UnlistedPage, type WriteReport } from "../store/write.ts";
import { DIGEST_EXTENSIONS, readDigest } from "../sources/index.ts";

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
  /** Run even if nothing changed since the last run. */
  force?: boolean;
  /** Where the pages' parse cache is (src/store/parse-cache.ts), which the build shares; null: none. Default: the project's. */
  parseCache?: string | null;
  /** From this many bytes of pages to write on, they are written before related papers' model is read. Default: `WRITE_FIRST_FROM`. */
  writeFirstFrom?: number;
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
  /** True when nothing had changed since the last run, which was not repeated. */
  skipped: boolean;
  /** Per memoized page stage, how many papers took the last run's result and how many were computed (src/store/stage-memo.ts). */
  memo: Record<string, { reused: number; computed: number }>;
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

/** Pages to write of this many bytes and more (some 15,000 pages) are written before related papers' model is read. */
const WRITE_FIRST_FROM = 64 << 20;

/** "2 pages: a, b", naming the first few of a long list: a curated archive reports its edits every run. */
const NAMED_PAGES = 10;
function pageList(slugs: string[]): string {
  return `${slugs.length} page${slugs.length === 1 ? "" : "s"}: ${namedList(slugs)}`;
}

/** "a, b", the first few of a long list named and the rest counted. */
function namedList(names: string[]): string {
  return `${names.slice(0, NAMED_PAGES).join(", ")}${names.length > NAMED_PAGES ? ` and ${names.length - NAMED_PAGES} more` : ""}`;
}

/**
 * A fingerprint of everything a run reads but the pages: the code, the taxonomy and its profiles, the site's settings
 * and every digest's bytes. Where it differs from the last run's (a new day), the pages need not be read to know the
 * run must run.
 */
function digestsFingerprint(files: string[], contentDir: string, date: string | undefined): string {
  const hash = hashCode(createHash("sha256"));
  hash.update(readFileSync(join(contentDir, "_data", "taxonomy.json"))).update(`\0${date ?? ""}`);
  if (existsSync(topicProfilesPath(contentDir))) hash.update("\0profiles\0").update(readFileSync(topicProfilesPath(contentDir)));
  if (existsSync(sitePath(contentDir))) hash.update("\0site\0").update(readFileSync(sitePath(contentDir)));
  for (const file of files) {
    hash.update(`\0${file}\0`);
    // A file that cannot be read is the run's error to report (`readDigests`), not the fingerprint's.
    try {
      hash.update(readFileSync(file));
    } catch {
      hash.update("\0unreadable\0");
    }
  }
  return hash.digest("hex");
}

/**
 * A fingerprint of everything a run reads: `digests` (`digestsFingerprint`) and every file in the pages' folder by its
 * name and the hash of its text (a page the curator edits shows; a fresh checkout, with new modification times, does
 * not). `known` gives the hashes of the pages this run read or wrote, as it left them (95,000 files not read again at
 * 100,000 papers); any other file is read.
 */
function inputsFingerprint(digests: string, papersDir: string, known: ReadonlyMap<string, string> = new Map()): string {
  const hash = createHash("sha256").update(digests);
  let names: string[] = [];
  try {
    names = readdirSync(papersDir).sort();
  } catch {
    // No pages yet.
  }
  for (const name of names) {
    // As the pages' paths are known: absolute (src/store/paths.ts).
    const path = resolve(papersDir, name);
    hash.update(`\0${name}\0${known.get(path) ?? pageTextHash(readFileSync(path, "utf8"))}`);
  }
  return hash.digest("hex");
}

/**
 * What the page stages' memo is valid under (src/store/stage-memo.ts): the code (and Node's version: its regular
 * expressions and Unicode tables clean text), and what the memoized stages read besides a paper: the taxonomy and its profiles.
 */
function memoFingerprint(contentDir: string): string {
  const hash = hashCode(createHash("sha256")).update(`\0node ${process.version}\0`);
  hash.update(readFileSync(join(contentDir, "_data", "taxonomy.json")));
  if (existsSync(topicProfilesPath(contentDir))) hash.update("\0profiles\0").update(readFileSync(topicProfilesPath(contentDir)));
  return hash.digest("hex");
}

/** The process's peak resident memory so far (VmHWM, worker threads included), where Linux tells it. */
function peakResident(): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/** The last run's report, if it read exactly the inputs this run would; its pages are read only if all else matches. */
function reportIfUnchanged(contentDir: string, digests: string, papersDir: string): string[] | undefined {
  const last = readLastRun(contentDir);
  // A run with errors recorded no fingerprint: it is never skipped.
  if (!last?.inputs || last.digests !== digests) return undefined;
  return inputsFingerprint(digests, papersDir) === last.inputs ? last.report : undefined;
}

/** Every digest's listings, in the order of the files, with what reading them said; a long archive summed up in one line. */
function readDigests(files: string[], extra: string[], date: string | undefined, log: (line: string) => void, progress: (line: string) => void) {
  const papers: Paper[] = [];
  const warnings: Warning[] = [];
  const errors: string[] = [];
  const readDates = new Set<string>();
  // The newest digests get a line each.
  const detailed = new Set(files.slice(-DETAILED_DIGESTS));
  let quiet = { digests: 0, papers: 0 };
  const reading = performance.now();
  files.forEach((file, index) => {
    try {
      const digest = readDigest(file, extra.includes(file) ? date : undefined);
      readDates.add(digest.date);
      papers.push(...digest.papers);
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
  return { papers, warnings, errors, readDates, ms: performance.now() - reading };
}

/**
 * What the run keeps of the pages it read once the page stages have run and the pages are being written; the pages
 * themselves (a gigabyte at 100,000 papers, with the digests' listings) are let go before the archive stages, where a
 * run's memory peaks (docs/scale.md).
 */
interface PagesRead {
  /** Pages whose paper no digest read this run lists. */
  notListed: StoredPage[];
  /** Values of pages read that the schema refused, as warnings. */
  refused: string[];
  /** Per key a curator may correct, the slugs of the papers whose page holds the curator's value, in the papers' order. */
  curated: [CuratedKey, string[]][];
  /** With no list of author pages yet, the authors of each page in an issue: they start it. */
  seedAuthors?: (string[] | undefined)[];
}

/**
 * Reads the pages, runs the page stages on the digests' listings (those that map one paper at a time only on inputs
 * the memo lacks: src/store/stage-memo.ts), starts building related papers' model and writing the pages; what the
 * rest of the run needs of the pages read is taken out of them here.
 */
function runPageStages(
  listings: Paper[],
  context: PipelineContext,
  contentDir: string,
  seedAuthorList: boolean,
  { parseCache, writeFirstFrom }: { parseCache: string | null; writeFirstFrom: number },
  timed: <T>(step: string, run: () => T) => T,
  timing: (step: string, ms: number) => void,
): { pages: Paper[]; corpus: () => Corpus; writing: PageWriting; read: PagesRead; memo: StageMemo } {
  const papersDir = join(contentDir, "papers");
  const existing = timed("read pages", () => readStoredPages(papersDir, PARALLEL_FROM, parseCache));
  const published = new Map([...existing].map(([id, page]) => [id, publishedPage(page)]));
  const topicSlugs = new Set(context.taxonomy.topics.map((t) => t.slug));
  for (const [id, page] of existing) checkCuratedTopics(page, published.get(id)!.curated, topicSlugs);
  const memo = new StageMemo(stageMemoPath(contentDir), memoFingerprint(contentDir));
  const pages = runPipeline(listings, { ...context, published, reservedSlugs: pageSlugs(papersDir), memo }, timing, PAGE_STAGES);
  // Related papers' TF-IDF model needs only the words: on a large archive it is built on the other core while this one renders the pages.
  const corpus = timed("start corpus", () => startBuildingCorpus(pages.map((p) => p.tokens.ids)));
  // The pages are written (on a large archive, by a worker thread) while related papers are found: no page holds them
  // (a run with most pages to write waits for them first: `WRITE_FIRST_FROM`).
  const writing = timed("write pages", () => startWritingPages(papersDir, pages, existing, { waitFirstFrom: writeFirstFrom, parseCache }));
  const listed = new Set(pages.map((p) => p.id));
  const read: PagesRead = {
    notListed: [...existing.values()].filter((page) => !listed.has(page.data.id)),
    refused: [...existing.values()].flatMap((page) => page.refused),
    curated: CURATED_KEYS.map((key) => [key, pages.filter((p) => published.get(p.id)?.curated[key] !== undefined).map((p) => p.slug)]),
    seedAuthors: seedAuthorList ? [...existing.values()].filter((page) => page.data.issues.length > 0).map((page) => page.data.authors) : undefined,
  };
  return { pages, corpus, writing, read, memo };
}

/** The lock an ingest into `contentDir` holds while it runs: in the page stages' memo folder (`stageMemoPath`), which the content folders beside it share. */
export function ingestLockPath(contentDir: string): string {
  return join(stageMemoPath(contentDir), "ingest.lock");
}

/**
 * Runs the ingest, one at a time into a content folder and the folders beside it, which share its memo (a cron job and
 * a hand run, say): a second run at once could take the first's pages being written for an interrupted run's leftovers
 * (`removeStaleTemporaryFiles`) and race it on every file both write. It stops instead, naming the other's process.
 * A run stopped by a signal leaves its lock, which the next takes over once that process is gone: a handler to take
 * it away would hold the signal until the run, which never waits on the event loop, had ended.
 */
export function ingest(options: IngestOptions): IngestResult {
  const lock = ingestLockPath(options.contentDir);
  mkdirSync(dirname(lock), { recursive: true });
  takeLock(lock, "ingest");
  try {
    return ingestAlone(options);
  } finally {
    releaseLock(lock);
  }
}

function ingestAlone(options: IngestOptions): IngestResult {
  const report: string[] = [];
  const log = (line: string) => {
    report.push(line);
    options.log?.(line);
  };
  const progress = options.progress ?? (() => {});
  const papersDir = join(options.contentDir, "papers");
  const archive = listDigests(join(options.contentDir, "digests"));
  const extra = (options.files ?? []).filter((f) => !archive.some((a) => resolve(a) === resolve(f)));
  const files = [...archive, ...extra];
  const stale = removeStaleTemporaryFiles(options.contentDir);
  const staleFiles = stale.length === 1 ? "a temporary file" : `${stale.length} temporary files`;
  if (stale.length) options.log?.(`removed ${staleFiles} an interrupted run left: ${namedList(stale)}`);
  const orphaned = removeOrphanedModelFolders();
  if (orphaned.length) options.log?.(`removed the related-papers model folders of ingests stopped before they ended: ${namedList(orphaned)}`);

  // Nothing read has changed since the last run (which had no errors): its pages, index and author list stand.
  const digestsRead = digestsFingerprint(files, options.contentDir, options.date);
  const lastReport =
    options.force || !existsSync(authorPagesPath(options.contentDir)) ? undefined : reportIfUnchanged(options.contentDir, digestsRead, papersDir);
  if (lastReport) {
    options.log?.(
      `nothing changed since the last ingest (${files.length} digests): pages and ${relative(process.cwd(), derivedPath(options.contentDir))} are up to date; its report:`,
    );
    for (const line of lastReport) options.log?.(`  ${line}`);
    return {
      papersRead: 0,
      papers: [],
      written: [],
      unchanged: 0,
      keptEdits: [],
      unlisted: [],
      warnings: [],
      errors: [],
      otherCount: 0,
      skipped: true,
      memo: {},
    };
  }
  const taxonomy = loadTaxonomy(options.contentDir);
  // Read (and checked) before the run: a slip in the list stops it at once, naming file and line.
  const authorPages = readAuthorPages(options.contentDir);

  const digests = readDigests(files, extra, options.date, log, progress);
  const { warnings, errors, readDates } = digests;
  const papersRead = digests.papers.length;

  // On a large archive, each step's time and memory: where a run's time goes.
  const timing = (step: string, ms: number) => {
    if (papersRead < 5000) return;
    const { heapUsed, heapTotal, arrayBuffers, rss } = process.memoryUsage();
    const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
    progress(
      `${step}: ${(ms / 1000).toFixed(1)} s, heap ${mb(heapUsed)} (of ${mb(heapTotal)}; buffers ${mb(arrayBuffers)}), resident ${mb(rss)}${peakResident() ? `, peak so far ${mb(peakResident()!)}` : ""}`,
    );
  };
  const timed = <T>(step: string, run: () => T): T => {
    const start = performance.now();
    const result = run();
    timing(step, performance.now() - start);
    return result;
  };
  timing("read digests", digests.ms);
  const site = existsSync(sitePath(options.contentDir)) ? loadSiteSettings(options.contentDir) : undefined;
  const context: PipelineContext = {
    taxonomy,
    // The archive stages need no pages: the page stages get them (`runPageStages`).
    published: new Map(),
    reservedSlugs: new Set(),
    readDates,
    windowIssues: site?.recommend.windowIssues ?? 0,
    relatedRefreshDays: site?.related.refreshDays,
  };
  // The listings are handed over (splice), not kept: they and the pages read are let go before the archive stages.
  const { pages, corpus, writing, read, memo } = runPageStages(
    digests.papers.splice(0),
    context,
    options.contentDir,
    authorPages === undefined,
    { parseCache: options.parseCache === undefined ? PARSE_CACHE : options.parseCache, writeFirstFrom: options.writeFirstFrom ?? WRITE_FIRST_FROM },
    timed,
    timing,
  );
  // The pages read are garbage now: collected before the memo is written and the archive stages allocate the model and
  // the index. Twice: V8 gives back the pages a collection empties only at the next one, and with a day's memo appended
  // rather than serialized whole, no other came before the model (a day at 100,000 papers peaked at 2.24–2.32 GiB
  // with one, 2.10–2.12 GiB with two: docs/scale.md).
  timed("collect garbage", () => {
    collectGarbage();
    collectGarbage();
  });
  // This run's results are kept for the next: a day's appended, or the whole memo (290 MB at 100,000 papers) written again.
  timed("write memo", () => memo.write());
  const memoCounts = Object.fromEntries(memo.counts);
  if (papersRead >= 5000)
    progress(
      `memo: ${Object.entries(memoCounts)
        .map(([stage, n]) => `${stage} ${n.reused} reused, ${n.computed} computed`)
        .join("; ")}`,
    );
  let papers: Paper[];
  let derived: Utf8Bytes;
  let written: WriteReport | undefined;
  let modelWaited = false;
  try {
    // A run that rewrites most pages (an archive moved, a new page format) waits for them before the model comes in:
    // their bytes (400 MB at 100,000 papers) would be held beside it. A day's few pages are written meanwhile.
    if (writing.waitFirst) written = timed("pages written", writing.wait);
    // Related papers' model is waited for before the last run's index is read: its worker thread, and the memory it
    // built the model in, are let go first (at 100,000 papers the two together made the run's peak; docs/scale.md).
    // The related stage is handed the model and this function forgets it: it is let go once the stage has run, not
    // held beside the derived index being put together (450 MB at 100,000 papers).
    let model: Corpus | undefined = timed("model", corpus);
    modelWaited = true;
    const handOverModel = () => {
      const handed = model;
      if (!handed) throw new Error("related papers' model is handed to one stage, once");
      model = undefined;
      return handed;
    };
    // The last run's index (a few hundred megabytes parsed, at 100,000 papers) is read once the pages read are let go,
    // and let go itself once the archive stages have run: no variable of this function holds it to the run's end.
    papers = runPipeline(
      pages,
      { ...context, previousDerived: timed("read index", () => readDerived(options.contentDir) ?? {}), corpus: handOverModel },
      timing,
      ARCHIVE_STAGES,
    );
    // Related papers' model is garbage now on a large archive (the stage was its only holder; a small archive's is
    // held by `corpus`, and small): collected before the index is put together.
    timed("collect garbage", collectGarbage);
    // The index's papers are put together while the last pages may still be being written; its report and fingerprint wait for them.
    derived = timed("derived index", () => derivedPapers(papers));
  } catch (failure) {
    // The failure here is the one reported, once the pages and related papers' model (a process that would run on) are waited for.
    for (const wait of modelWaited ? [writing.wait] : [writing.wait, corpus]) {
      try {
        wait();
      } catch {
        // Reported: the failure above.
      }
    }
    throw failure;
  }
  written ??= timed("pages written", writing.wait);
  // Every page's file as the run leaves it, by the hash of its text: the run's fingerprint need not read them again.
  const textHashes = written.textHashes;
  const unlisted = unlistPages(read.notListed, readDates, textHashes);
  const otherCount = papers.filter((p) => p.topics.includes(taxonomy.fallback.slug)).length;

  for (const w of [...warnings, ...written.refused]) log(`warning: ${formatWarning(w)}`);
  for (const line of read.refused) log(`warning: ${line}`);
  log(
    `${papersRead} papers read from ${files.length - errors.length} digests; ${papers.length} distinct ` +
      `(${papersRead - papers.length} duplicates merged) → ${papers.length} pages: ` +
      `${written.written.length} written, ${written.unchanged} unchanged`,
  );
  if (written.keptEdits.length) log(`kept the curator's edited abstract in ${pageList(written.keptEdits)}`);
  for (const [key, slugs] of read.curated) if (slugs.length) log(`kept the curator's ${key} in ${pageList(slugs)}`);
  log(`topics: ${papers.length - otherCount} papers placed, ${otherCount} in "${taxonomy.fallback.name}"`);
  for (const page of unlisted) {
    const where = relative(process.cwd(), page.path);
    const fate = page.issues.length
      ? `still in ${page.issues.join(", ")}`
      : "now in no issue: it keeps its URL but leaves every listing; delete the file to remove it";
    log(`no longer in its digest: ${where} taken out of ${page.removed.join(", ")}; ${fate}`);
  }
  // Authors who now have papers enough get a page, and no one loses theirs (src/store/author-pages.ts). With no list
  // yet, the pages already published start it: before the threshold, every author they link had a page.
  const minPapers = site?.authors.minPapers ?? DEFAULT_AUTHOR_MIN_PAPERS;
  const frequent = [...linkedAuthorCounts(papers.map((p) => p.facts.authors))].filter(([, count]) => count >= minPapers).map(([slug]) => slug);
  const seed = () => linkedAuthorCounts(read.seedAuthors ?? []).keys();
  const authorList = timed("author pages", () => updateAuthorPages(options.contentDir, authorPages, frequent, seed));
  if (authorList.added.length) {
    const where = relative(process.cwd(), authorPagesPath(options.contentDir));
    const why = authorList.started
      ? `the authors of the pages already published and those with ${minPapers} or more papers`
      : `now with ${minPapers} or more papers`;
    log(`author pages: ${authorList.added.length} added to ${where}, ${why}: ${namedList(authorList.added)}; ${authorList.slugs.length} authors have a page`);
  }
  if (extra.length) log(`not in ${join(options.contentDir, "digests")}: ${extra.join(", ")} (copy a day there to keep it in the archive)`);

  // Related papers and keywords go to the generated index; a run with errors is never skipped next time.
  const inputs = errors.length
    ? { inputs: "", digests: "" }
    : { inputs: timed("fingerprint", () => inputsFingerprint(digestsRead, papersDir, textHashes)), digests: digestsRead };
  timed("write index", () => {
    writeDerived(options.contentDir, derived);
    writeLastRun(options.contentDir, { ...inputs, report });
  });
  return {
    papersRead,
    papers,
    written: written.written,
    unchanged: written.unchanged,
    keptEdits: written.keptEdits,
    warnings: [...warnings, ...written.refused],
    unlisted,
    errors,
    otherCount,
    skipped: false,
    memo: memoCounts,
  };
}
