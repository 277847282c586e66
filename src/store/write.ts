import { mkdirSync } from "node:fs";
import type { Paper, Warning } from "../model/paper.ts";
import { writeFileAtomically } from "../platform/atomic-write.ts";
import { runBeside, sharedArray } from "../platform/workers.ts";
import { stringifyPage } from "./front-matter.ts";
import { writePages, type WriterInput } from "./page-writer.ts";
import { hashBody, pageData } from "./page-data.ts";
import { pagePath } from "./paths.ts";
import { bodyEdited, pageTextHash, type StoredPage } from "./read.ts";
import { withoutRefusedValues, type FrontMatter } from "./schema.ts";
import { Utf8Bytes } from "./utf8-bytes.ts";

/** Writing the pages: atomically, only where the bytes change, and never a page the schema would refuse. */

export interface WriteReport {
  written: string[];
  unchanged: number;
  /** Pages whose abstract the curator edited: their body was kept. */
  keptEdits: string[];
  /** Values the schema refuses, left out of the pages written, each named by the listing it came from. */
  refused: Warning[];
  /** Every page's file, written or not, with the hash of the text it holds once written (`pageTextHash`). */
  textHashes: Map<string, string>;
}

/**
 * From this many pages to write on, a worker thread writes them. A new page file costs about half a millisecond of
 * mostly waiting on the disk: at 10,000 papers, writing them in turn was 5–6.5 s of a 17–20 s first ingest, which took
 * 14–15 s with the pages written beside.
 */
const WRITE_BESIDE_FROM = 1_000;

export interface WriteOptions {
  /** From this many pages to write on, a worker thread writes them. Default: `WRITE_BESIDE_FROM`. */
  parallelFrom?: number;
  /** From this many bytes of pages on, the caller waits for them before going on (`PageWriting.waitFirst`). Default: never. */
  waitFirstFrom?: number;
  /**
   * The parse cache the build reads the pages through (src/store/parse-cache.ts), into which the worker thread parses
   * the pages it wrote on a first run (no page was there), unless they are waited for first; null (the default): none.
   */
  parseCache?: string | null;
}

/**
 * Writes one page per paper, atomically, and only where the bytes change, so a re-run on
 * unchanged input leaves every file (and its mtime) alone. Curator-added keys and a
 * curator-edited abstract survive. Returns what waits for the last page: from
 * `parallelFrom` pages to write on, a worker thread writes them while this thread goes on (the
 * ingest finds related papers meanwhile, which no page holds, unless it has most pages to write).
 * On a first run that thread then parses them into the build's parse cache, as the build would read them: each lane
 * of the build (src/site/lanes.ts) parsed all of them again (2.2 s a lane at 10,000 papers), where this thread takes
 * a core the ingest leaves idle. Not so a run that waits for its pages first (it would wait for the parsing too),
 * nor any run into an archive (a backfill, pages that all change format): the parsing would go on through the run's
 * peak, when related papers' model is read beside the archive, and the build then parses those pages itself
 * (20,000 pages added to 129,000 took the ingest's peak 0.1 GB higher parsed here: docs/scale.md).
 */
export function startWritingPages(dir: string, papers: Paper[], existing: Map<string, StoredPage>, options: WriteOptions = {}): PageWriting {
  mkdirSync(dir, { recursive: true });
  const { report, changed } = pageTexts(dir, papers, existing);
  const waitFirst = changed.bytes().length >= (options.waitFirstFrom ?? Infinity);
  const parseCache = waitFirst || existing.size > 0 ? null : (options.parseCache ?? null);
  const finish = changed.count < (options.parallelFrom ?? WRITE_BESIDE_FROM) ? writeNow(changed) : writeBeside(changed, parseCache);
  let outcome: { failure: unknown } | undefined;
  return {
    waitFirst,
    wait: () => {
      if (!outcome) {
        try {
          finish();
          outcome = { failure: undefined };
        } catch (failure) {
          outcome = { failure: failure ?? new Error("writing the pages failed") };
        }
      }
      if (outcome.failure !== undefined) throw outcome.failure;
      return report;
    },
  };
}

/** Pages being written: whether to wait for them first, and a function that waits for the last (again and again, with the same report or failure). */
export interface PageWriting {
  /** Whether there are `WriteOptions.waitFirstFrom` bytes or more to write, which the caller waits for before going on. */
  waitFirst: boolean;
  wait: () => WriteReport;
}

function writeNow(pages: EncodedPages): () => void {
  writePages({ paths: pages.paths, bytes: pages.bytes(), ends: pages.ends });
  return () => {};
}

/** Pages' UTF-8 bytes one after another (src/store/utf8-bytes.ts), each page's path and where its bytes end. */
class EncodedPages {
  readonly paths: string[] = [];
  readonly ends: number[] = [];
  private readonly text = new Utf8Bytes();

  get count(): number {
    return this.paths.length;
  }

  add(path: string, text: string): void {
    this.ends.push(this.text.append(text));
    this.paths.push(path);
  }

  /** The bytes as a fixed-length view, which a worker thread can be given. */
  bytes(): Uint8Array {
    return this.text.bytes();
  }
}

/** Every page's text, with what the run reports of them; only the pages whose bytes change are kept to write. */
function pageTexts(dir: string, papers: Paper[], existing: Map<string, StoredPage>): { report: WriteReport; changed: EncodedPages } {
  const report: WriteReport = { written: [], unchanged: 0, keptEdits: [], refused: [], textHashes: new Map() };
  const changed = new EncodedPages();
  for (const paper of papers) {
    const path = pagePath(dir, paper.slug);
    const old = existing.get(paper.id);
    const edited = old !== undefined && bodyEdited(old);
    const body = edited ? old.content.trim() : paper.abstractMarkdown;
    const bodyHash = edited ? old.data.body_hash : hashBody(body);
    if (edited) report.keptEdits.push(paper.slug);
    let data = pageData(paper, bodyHash, old?.data);
    // The data and body the page already holds need no YAML put together (two thirds of this loop on a day that
    // changes 50 pages of 100,000) to know there is nothing to write; the schema passed them when they were read.
    const asRead = old?.path === path && old.refused.length === 0 && old.content === `${body}\n` && JSON.stringify(data) === JSON.stringify(old.data);
    if (!asRead) data = checkedForWriting(data, paper, report.refused);
    const text = asRead ? undefined : stringifyPage(`${body}\n`, data);
    const textHash = text === undefined ? old!.textHash : pageTextHash(text);
    report.textHashes.set(path, textHash);
    if (text === undefined || (old?.path === path && old.textHash === textHash)) {
      report.unchanged++;
    } else {
      changed.add(path, text);
      report.written.push(paper.slug);
    }
  }
  return { report, changed };
}

/**
 * A page's data as the schema takes it: the ingest never writes a page that it or the build would refuse. What a
 * source said that the schema refuses is left out, named by the listing that said it; the paper keeps its page.
 */
function checkedForWriting(data: FrontMatter, paper: Paper, refusedValues: Warning[]): FrontMatter {
  const { page, refused, problem } = withoutRefusedValues(data, () => true);
  const source = paper.sources[0] ?? { file: paper.slug, line: 1 };
  for (const r of refused) refusedValues.push({ ...source, message: `${r.message}; left out of the page` });
  if (problem) throw new Error(`the ingest made a page the schema refuses (${paper.slug}): ${problem.message}`);
  return refused.length ? page : data;
}

/** Hands the pages to a worker thread (src/store/page-writer.ts) as bytes in shared memory, to write and parse into `parseCache`. */
function writeBeside(pages: EncodedPages, parseCache: string | null): () => void {
  const ends = sharedArray(Float64Array, pages.count);
  ends.set(pages.ends);
  const done = runBeside<number>(new URL("./page-writer.ts", import.meta.url), {
    pages: { paths: pages.paths, bytes: pages.bytes(), ends },
    parseCache,
  } satisfies WriterInput);
  return () => void done();
}

/** A page whose paper no digest read this run lists any more. */
export interface UnlistedPage {
  slug: string;
  path: string;
  /** The issue dates it was taken out of. */
  removed: string[];
  /** The issues it is still in (their digests were not read this run). */
  issues: string[];
}

/**
 * Pages of papers that no digest read this run contains lose those issue dates, so no issue
 * lists a paper its digest does not. Nothing is deleted: a page in no issue keeps its URL
 * but leaves every listing, until the curator deletes it. Each page's file goes into `textHashes`
 * with the hash of the text it holds afterwards.
 */
export function unlistPages(pages: StoredPage[], readDates: ReadonlySet<string>, textHashes = new Map<string, string>()): UnlistedPage[] {
  const unlisted: UnlistedPage[] = [];
  for (const page of pages) {
    textHashes.set(page.path, page.textHash);
    const removed = page.data.issues.filter((d) => readDates.has(d));
    // A page with values the schema refused is rewritten without them, listed or not.
    if (removed.length === 0 && page.refused.length === 0) continue;
    const issues = page.data.issues.filter((d) => !readDates.has(d));
    const data = { ...page.data, issues, date: issues[0] ?? page.data.date };
    const text = stringifyPage(page.content, data);
    const textHash = pageTextHash(text);
    textHashes.set(page.path, textHash);
    if (page.textHash !== textHash) writeFileAtomically(page.path, text);
    if (removed.length) unlisted.push({ slug: page.slug, path: page.path, removed, issues });
  }
  return unlisted;
}
