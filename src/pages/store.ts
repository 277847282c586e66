import { constants } from "node:buffer";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { onExit } from "signal-exit";
import writeFileAtomic from "write-file-atomic";
import { wordEdits } from "../identity.ts";
import { InputError } from "../input-error.ts";
import type { Paper, Warning } from "../paper.ts";
import type { PublishedPage } from "../stages/context.ts";
import { PARALLEL_FROM, runBeside, sharedArray, workerShareFrom } from "../workers.ts";
import { parsePage, stringifyPage } from "./front-matter.ts";
import { STOP, temporaryPath, WRITING, type PageBytes } from "./page-write-worker.ts";
import { curatorEdits, hashBody, pageData, pageFacts, type CuratedFields } from "./page-data.ts";
import { isIngestPage, SOURCE_FACT_KEYS, withoutRefusedValues, type FrontMatter } from "./schema.ts";
import { SLUG_PATTERN } from "./slugs.ts";

/** A paper page already on disk. */
export interface StoredPage {
  path: string;
  slug: string;
  data: FrontMatter;
  content: string;
  /** A hash of the file's bytes, to tell whether a rewrite changes it (the text itself is not kept: 100,000 pages). */
  textHash: string;
  /** Values of the sources' facts the schema refuses, left out of `data`: `file:line: key: …` (the next write drops them). */
  refused: string[];
}

/** The page file for a slug; refuses anything that could point outside the folder. */
export function pagePath(dir: string, slug: string): string {
  const root = resolve(dir);
  const path = resolve(root, `${slug}.md`);
  if (!SLUG_PATTERN.test(slug) || !path.startsWith(root + sep)) {
    throw new Error(`refusing to write a page for unsafe slug "${slug}"`);
  }
  return path;
}

/**
 * Temporary files a killed run left: a page's or the index's name with write-file-atomic's number
 * (`derived.json.2973402581`) or the page writer's pid (`<slug>.md.4711.tmp`, src/pages/page-write-worker.ts).
 */
const TEMPORARY_FILE = /^(?:[a-z0-9-]+\.md|derived\.json)\.\d+(?:\.tmp)?$/;

/** Removes the temporary files an earlier run killed mid-write left in `contentDir` and its papers/; returns their paths. */
export function removeStaleTemporaryFiles(contentDir: string): string[] {
  const removed: string[] = [];
  for (const dir of [contentDir, join(contentDir, "papers")]) {
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => TEMPORARY_FILE.test(n))) {
      rmSync(join(dir, name), { force: true });
      removed.push(join(dir, name));
    }
  }
  return removed;
}

/** The slugs of every page file in `dir`, ours or hand-made: none of them may be taken by a new paper. */
export function pageSlugs(dir: string): Set<string> {
  try {
    return new Set(
      readdirSync(dir)
        .filter((n) => n.endsWith(".md"))
        .map((n) => n.slice(0, -3)),
    );
  } catch {
    return new Set();
  }
}

/**
 * The line of a page file on which a front-matter key is written (else the first line): for `categories.2`, the
 * third item of the top-level list `categories` where the list is written one item a line, as the ingest writes it.
 */
export function keyLine(text: string, key: string): number {
  const [top, item] = key.split(".");
  const lines = text.split("\n");
  const index = lines.findIndex((line) => line.startsWith(`${top}:`));
  if (index < 0) return 1;
  if (!/^\d+$/.test(item ?? "")) return index + 1;
  let seen = -1;
  for (let i = index + 1; i < lines.length && /^\s/.test(lines[i]); i++) {
    if (/^\s*- /.test(lines[i]) && lines[i].indexOf("-") === lines[index + 1].indexOf("-") && ++seen === Number(item)) return i + 1;
  }
  return index + 1;
}

/**
 * Parses one page and, if the ingest wrote it, checks it against the schema; throws an InputError naming file,
 * line and key. `page` is the checked data; hand-made pages have none. A value of the sources' facts the schema
 * refuses (a page an older version wrote) is left out and named in `refused`, rather than stopping every run.
 */
export function checkPage(path: string, text: string): { data: Record<string, unknown>; page?: FrontMatter; content: string; refused: string[] } {
  const file = relative(process.cwd(), path);
  let parsed;
  try {
    parsed = parsePage(text);
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    throw new InputError(file, (mark?.line ?? 0) + 2, (error as Error).message.split("\n")[0]);
  }
  if (!isIngestPage(parsed.data)) return { ...parsed, refused: [] };
  const { page, problem, refused } = withoutRefusedValues(parsed.data, (key) => SOURCE_FACT_KEYS.includes(key));
  if (problem) throw new InputError(file, keyLine(text, problem.key), problem.message);
  return { ...parsed, page, refused: refused.map((r) => `${file}:${keyLine(text, r.key)}: ${r.message}; left out`) };
}

/**
 * Reads every page in `dir`, keyed by paper id. A page that does not parse or check stops the run.
 * From `parallelFrom` pages on, a worker thread reads the second half meanwhile
 * (src/pages/page-read-worker.ts): one more day at 100,000 papers starts by reading them all.
 */
export function readStoredPages(dir: string, parallelFrom = PARALLEL_FROM): Map<string, StoredPage> {
  let names: string[] = [];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith(".md"))
      .sort();
  } catch {
    return new Map(); // No folder yet: a first run.
  }
  const half = workerShareFrom(names.length, parallelFrom);
  const worker =
    half < names.length ? runBeside<StoredPagesRead>(new URL("./page-read-worker.ts", import.meta.url), { dir, names: names.slice(half) }) : undefined;
  let first: StoredPage[];
  try {
    first = readStoredPageFiles(dir, names.slice(0, half));
  } catch (error) {
    // The first half's bad page is the one to report; the worker is still waited for, so nothing is left running.
    try {
      worker?.();
    } catch {}
    throw error;
  }
  const second = worker?.() ?? { pages: [] };
  if ("problem" in second) throw new InputError(second.problem.file, second.problem.line, second.problem.reason);
  return new Map([...first, ...second.pages].map((page) => [page.data.id, page]));
}

/** What a worker thread read of its pages, or the first that stopped it. */
export type StoredPagesRead = { pages: StoredPage[] } | { problem: Pick<InputError, "file" | "line" | "reason"> };

/** The pages the ingest wrote among `names`, in order; hand-made pages are left alone. */
export function readStoredPageFiles(dir: string, names: string[]): StoredPage[] {
  const pages: StoredPage[] = [];
  for (const name of names) {
    const path = resolve(dir, name);
    const text = readFileSync(path, "utf8");
    const { page, content, refused } = checkPage(path, text);
    if (page) pages.push({ path, slug: name.slice(0, -3), data: page, content, textHash: hashText(text), refused });
  }
  return pages;
}

function hashText(text: string): string {
  return createHash("sha1").update(text).digest("base64");
}

/** Whether the curator rewrote the body the ingest wrote. */
export function bodyEdited(page: StoredPage): boolean {
  return hashBody(page.content) !== page.data.body_hash;
}

/** What the pipeline needs to know of a page: its place in the archive and its text. */
export function publishedPage(page: StoredPage): PublishedPage {
  const { data } = page;
  // The text as scraped where kept, else as shown; a body the curator rewrote says nothing of the source.
  const abstract = data.abstract_raw ?? (bodyEdited(page) ? "" : page.content);
  // A title the curator rewrote is not the source's: the scraped one is kept beside it (`title_raw`).
  return {
    id: data.id,
    slug: page.slug,
    date: data.date,
    rank: data.rank,
    issues: data.issues,
    title: data.title_raw ?? data.title,
    abstract,
    facts: pageFacts(data),
    curated: curatorEdits(data),
  };
}

/**
 * Topics the curator chose must be the taxonomy's: a slip stops the run with the page's file and
 * line, as any other bad value in a page does.
 */
export function checkCuratedTopics(page: StoredPage, edits: CuratedFields, topics: ReadonlySet<string>): void {
  if (!edits.topics) return;
  const unknown = edits.topics.filter((topic) => !topics.has(topic));
  // A slip of a few letters names the topic meant: the nearest within three edits.
  const nearest = (slug: string) =>
    [...topics]
      .map((topic) => ({ topic, edits: wordEdits([...slug], [...topic], 3) }))
      .filter((t) => t.edits <= 3)
      .sort((a, b) => a.edits - b.edits)[0]?.topic;
  const meant = unknown.map(nearest).filter((topic) => topic !== undefined);
  const problem =
    edits.topics.length === 0
      ? "topics: list at least one topic"
      : unknown.length
        ? `topics: ${unknown.map((t) => `"${t}"`).join(", ")} ${unknown.length > 1 ? "are not topics" : "is not a topic"} of the taxonomy (_data/taxonomy.json)` +
          (meant.length ? `; did you mean ${meant.map((t) => `"${t}"`).join(", ")}?` : "")
        : undefined;
  if (problem) throw new InputError(relative(process.cwd(), page.path), keyLine(readFileSync(page.path, "utf8"), "topics"), problem);
}

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
 * Writes one page per paper, atomically, and only where the bytes change, so a re-run on
 * unchanged input leaves every file (and its mtime) alone. Curator-added keys and a
 * curator-edited abstract survive. Returns a function that waits for the last page: from
 * `parallelFrom` pages to write on, a worker thread writes them while this thread goes on (the
 * ingest finds related papers meanwhile, which no page holds), since writing 100,000 files
 * mostly waits on the disk.
 */
export function startWritingPages(dir: string, papers: Paper[], existing: Map<string, StoredPage>, parallelFrom = PARALLEL_FROM): () => WriteReport {
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

/**
 * Pages' UTF-8 bytes one after another in one growable buffer in shared memory, each encoded as
 * soon as it is made: a worker thread writes them without a copy, and 100,000 pages' texts are
 * never held as strings at once.
 */
class EncodedPages {
  readonly paths: string[] = [];
  readonly ends: number[] = [];
  private readonly buffer = new SharedArrayBuffer(1 << 16, { maxByteLength: constants.MAX_LENGTH });
  private view = Buffer.from(this.buffer);

  get count(): number {
    return this.paths.length;
  }

  get size(): number {
    return this.ends.at(-1) ?? 0;
  }

  add(path: string, text: string): void {
    const needed = this.size + Buffer.byteLength(text);
    if (needed > this.buffer.byteLength) {
      this.buffer.grow(Math.min(constants.MAX_LENGTH, Math.max(needed, 2 * this.buffer.byteLength)));
      this.view = Buffer.from(this.buffer);
    }
    this.ends.push(this.size + this.view.write(text, this.size));
    this.paths.push(path);
  }

  bytesOf(i: number): Buffer {
    return this.view.subarray(i ? this.ends[i - 1] : 0, this.ends[i]);
  }

  /** The bytes as a fixed-length view, for a worker thread. */
  bytes(): Uint8Array {
    return new Uint8Array(this.buffer, 0, this.size);
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
    const unchanged = asRead || (old?.path === path && old.textHash === hashText(textOf()));
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
 * Hands the pages to a worker thread (src/pages/page-write-worker.ts) as bytes in shared memory.
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
    if (page.textHash !== hashText(text)) writeAtomically(page.path, text);
    if (removed.length) unlisted.push({ slug: page.slug, path: page.path, removed, issues });
  }
  return unlisted;
}
