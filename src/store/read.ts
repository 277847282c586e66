import { readFileSync } from "node:fs";
import { basename, relative, resolve } from "node:path";
import { wordEdits } from "../model/identity.ts";
import { InputError } from "../platform/input-error.ts";
import type { PaperFacts } from "../model/paper.ts";
import { PARALLEL_FROM, runBeside } from "../platform/workers.ts";
import { checkPage, keyLine, ownCopy, pageTextHash } from "./check-page.ts";
import { PageParseCache, PARSE_CACHE, shardOf } from "./parse-cache.ts";
import { pageFileNames } from "./paths.ts";
import { curatorEdits, hashBody, pageFacts, type CuratedFields } from "./page-data.ts";
import type { FrontMatter } from "./schema.ts";

export { checkPage, keyLine, pageTextHash } from "./check-page.ts";

/** Reading the pages in content/papers/ as the ingest needs them: checked, with the curator's edits told apart. */

/** A paper page already written, as the stages need it. */
export interface PublishedPage {
  id: string;
  slug: string;
  date: string;
  rank: number;
  issues: string[];
  /** The page's text (as scraped where kept), for src/model/identity.ts to compare when no identical text claims the page. */
  title: string;
  abstract: string;
  /** What the page records of the paper beyond its text (arXiv id, authors, …). */
  facts: PaperFacts;
  /** What the curator corrected since the ingest wrote the page (src/model/paper.ts: CURATED_KEYS). */
  curated: CuratedFields;
}

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

/**
 * Reads every page in `dir`, keyed by paper id, in name order. A page that does not parse or check stops the run.
 * Through the parse cache in `cacheRoot` (src/store/parse-cache.ts; null: none): each file's bytes are read and hashed
 * every time, and only what the very same bytes under the same name were checked to before is taken from it, so a
 * curator's edit is always seen, and a torn or altered cache file only costs a parse. From `parallelFrom` pages on, a
 * worker thread reads the pages of half the cache's shards meanwhile (src/store/page-read-worker.ts), so that each
 * thread reads only the cache files of its own pages: one more day at 100,000 papers starts by reading them all.
 */
export function readStoredPages(dir: string, parallelFrom = PARALLEL_FROM, cacheRoot: string | null = PARSE_CACHE): Map<string, StoredPage> {
  const names = pageFileNames(dir);
  const besideShare = names.length >= parallelFrom ? (name: string) => shardOf(resolve(dir, name)) >= 128 : () => false;
  const mine = names.filter((name) => !besideShare(name));
  const theirs = names.filter(besideShare);
  const beside = theirs.length
    ? runBeside<(StoredPage | undefined)[]>(new URL("./page-read-worker.ts", import.meta.url), { dir, names: theirs, cacheRoot })
    : undefined;
  let here: (StoredPage | undefined)[] | undefined;
  let failure: unknown;
  try {
    here = readPagesCached(dir, mine, cacheRoot);
  } catch (error) {
    failure = error;
  }
  let there: (StoredPage | undefined)[] = [];
  try {
    there = beside?.() ?? [];
  } catch (error) {
    // With a bad page on each thread, the one first by name is named, as one thread reading them all would.
    const order = (e: unknown) => (e instanceof InputError ? names.findIndex((name) => resolve(e.file) === resolve(dir, name)) : -1);
    if (failure === undefined || order(error) < order(failure)) failure = error;
  }
  if (failure !== undefined || here === undefined) throw failure;
  // Back in name order: the pages' order is the order of every list made from them.
  const read = new Map<string, StoredPage | undefined>();
  mine.forEach((name, i) => read.set(name, here[i]));
  theirs.forEach((name, i) => read.set(name, there[i]));
  const pages = names.map((name) => read.get(name)).filter((page) => page !== undefined);
  return new Map(pages.map((page) => [page.data.id, page]));
}

/** The pages `names` in `dir`, checked, through the parse cache in `cacheRoot` (none if null), which is then saved; undefined for a hand-made page. */
export function readPagesCached(dir: string, names: string[], cacheRoot: string | null): (StoredPage | undefined)[] {
  if (cacheRoot === null) return names.map((name) => readStoredPageFile(dir, name));
  const paths = names.map((name) => resolve(dir, name));
  return new PageParseCache(cacheRoot, { copies: true }).checkEach(
    paths,
    (path, { page, content, refused, textHash }) => page && { path, slug: basename(path, ".md"), data: page, content, textHash, refused },
  );
}

/** The page `name` in `dir`, checked (without the parse cache); undefined for a hand-made page, which the ingest leaves alone. */
export function readStoredPageFile(dir: string, name: string): StoredPage | undefined {
  const path = resolve(dir, name);
  const text = readFileSync(path, "utf8");
  const { page, content, refused } = checkPage(path, text);
  // Kept as copies: the parser's strings are slices of the file's text, which they would keep whole, with what parsing
  // left beside it (a page read took 11 KB of heap, its copy 5 KB: at 100,000 papers, half a gigabyte; docs/scale.md).
  return page && { path, slug: name.slice(0, -3), data: ownCopy(page), content: ownCopy(content), textHash: pageTextHash(text), refused };
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
