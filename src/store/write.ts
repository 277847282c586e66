import { mkdirSync, rmSync } from "node:fs";
import { onExit } from "signal-exit";
import writeFileAtomic from "write-file-atomic";
import type { Paper, Warning } from "../model/paper.ts";
import { runBeside, sharedArray } from "../platform/workers.ts";
import { stringifyPage } from "./front-matter.ts";
import { STOP, temporaryPath, WRITING, type PageBytes } from "./page-write-worker.ts";
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
}

/**
 * Runs a batch of atomic writes with signal handlers installed throughout. write-file-atomic
 * removes its temporary file if the process is killed mid-write through signal-exit, which
 * installs its signal handlers when the first such cleanup registers and removes them when the
 * last one ends — around every single write, unless one registration outlives the batch; installing them
 * thousands of times costs more than the writes themselves.
 */
function inOneBatch<T>(writes: () => T): T {
  const release = onExit(() => {});
  try {
    return writes();
  } finally {
    release();
  }
}

/**
 * Writes a page's text atomically (a temporary file renamed over it: a reader, or a crash, sees
 * the old page or the new one, never half of one). Not fsynced file by file: on a first run of
 * 100,000 pages that alone took minutes, and a page lost to a power cut is rewritten by the next run.
 */
function writeAtomically(path: string, text: string | Buffer): void {
  writeFileAtomic.sync(path, text, { encoding: "utf8", fsync: false });
}

/**
 * From this many pages to write on, a worker thread writes them. A new page file costs about half a millisecond of
 * mostly waiting on the disk: at 10,000 papers, writing them in turn was 5–6.5 s of a 17–20 s first ingest, which took
 * 14–15 s with the pages written beside.
 */
const WRITE_BESIDE_FROM = 1_000;

/**
 * Writes one page per paper, atomically, and only where the bytes change, so a re-run on
 * unchanged input leaves every file (and its mtime) alone. Curator-added keys and a
 * curator-edited abstract survive. Returns a function that waits for the last page: from
 * `parallelFrom` pages to write on, a worker thread writes them while this thread goes on (the
 * ingest finds related papers meanwhile, which no page holds).
 */
export function startWritingPages(dir: string, papers: Paper[], existing: Map<string, StoredPage>, parallelFrom = WRITE_BESIDE_FROM): () => WriteReport {
  mkdirSync(dir, { recursive: true });
  const { report, changed } = pageTexts(dir, papers, existing);
  const written = changed.count < parallelFrom ? writeNow(changed) : writeBeside(changed);
  return () => {
    written();
    return report;
  };
}

function writeNow(pages: EncodedPages): () => void {
  inOneBatch(() => {
    for (let i = 0; i < pages.count; i++) writeAtomically(pages.paths[i], pages.bytesOf(i));
  });
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

  bytesOf(i: number): Buffer {
    return this.text.subarray(i ? this.ends[i - 1] : 0, this.ends[i]);
  }

  /** The bytes as a fixed-length view, for a worker thread. */
  bytes(): Uint8Array {
    return this.text.bytes();
  }
}

/** Every page's text, with what the run reports of them; only the pages whose bytes change are kept to write. */
function pageTexts(dir: string, papers: Paper[], existing: Map<string, StoredPage>): { report: WriteReport; changed: EncodedPages } {
  const report: WriteReport = { written: [], unchanged: 0, keptEdits: [], refused: [] };
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
    let text: string | undefined;
    const textOf = () => (text ??= stringifyPage(`${body}\n`, data));
    const unchanged = asRead || (old?.path === path && old.textHash === pageTextHash(textOf()));
    if (unchanged) {
      report.unchanged++;
    } else {
      changed.add(path, textOf());
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

/**
 * Hands the pages to a worker thread (src/store/page-write-worker.ts) as bytes in shared memory.
 * If the process is killed meanwhile, the worker is stopped between two pages and the temporary
 * file of the one it was writing, if any, removed.
 */
function writeBeside(pages: EncodedPages): () => void {
  const bytes = pages.bytes();
  const ends = sharedArray(Float64Array, pages.count);
  ends.set(pages.ends);
  const state = sharedArray(Int32Array, 2);
  // No closure here reads the bytes or the pages: the function returned would keep them alive to the end of the run.
  const paths = pages.paths;
  const onKilled = () => {
    Atomics.store(state, STOP, 1);
    const writing = Atomics.load(state, WRITING);
    if (writing) Atomics.wait(state, WRITING, writing, 2000);
    if (writing) rmSync(temporaryPath(paths[writing - 1]), { force: true });
  };
  const release = onExit(onKilled);
  const done = runBeside<number>(new URL("./page-write-worker.ts", import.meta.url), { paths, bytes, ends, state } satisfies PageBytes);
  return () => {
    try {
      done();
    } finally {
      release();
    }
  };
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
 * but leaves every listing, until the curator deletes it.
 */
export function unlistPages(pages: StoredPage[], readDates: ReadonlySet<string>): UnlistedPage[] {
  return inOneBatch(() => unlistEach(pages, readDates));
}

function unlistEach(pages: StoredPage[], readDates: ReadonlySet<string>): UnlistedPage[] {
  const unlisted: UnlistedPage[] = [];
  for (const page of pages) {
    const removed = page.data.issues.filter((d) => readDates.has(d));
    // A page with values the schema refused is rewritten without them, listed or not.
    if (removed.length === 0 && page.refused.length === 0) continue;
    const issues = page.data.issues.filter((d) => !readDates.has(d));
    const data = { ...page.data, issues, date: issues[0] ?? page.data.date };
    const text = stringifyPage(page.content, data);
    if (page.textHash !== pageTextHash(text)) writeAtomically(page.path, text);
    if (removed.length) unlisted.push({ slug: page.slug, path: page.path, removed, issues });
  }
  return unlisted;
}
