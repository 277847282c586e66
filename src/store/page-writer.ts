import { writeFileAtomically } from "../platform/atomic-write.ts";
import { PageParseCache } from "./parse-cache.ts";

/**
 * Writing pages the ingest put together, each atomically (src/platform/atomic-write.ts): src/store/write.ts runs
 * `writePages` on its own thread for a few pages, and `run` in a worker thread (through src/platform/workers.ts) for
 * many. Not fsynced file by file: on a first run of 100,000 pages that alone took minutes, and a page lost to a power
 * cut is rewritten by the next run.
 */

export interface PageBytes {
  paths: string[];
  /** Every page's UTF-8 bytes, one after another; page i ends at ends[i]. */
  bytes: Uint8Array;
  ends: ArrayLike<number>;
}

/** What the worker thread is given: the pages, and the parse cache to parse them into once written (null: none). */
export interface WriterInput {
  pages: PageBytes;
  parseCache: string | null;
}

/** Writes each page atomically, in order; returns how many were written. */
export function writePages({ paths, bytes, ends }: PageBytes): number {
  let start = 0;
  for (let i = 0; i < paths.length; i++) {
    writeFileAtomically(paths[i], bytes.subarray(start, ends[i]));
    start = ends[i];
  }
  return paths.length;
}

/** The worker thread's entry (src/platform/workers.ts): the pages written, then parsed into the parse cache as the build reads them. */
export function run({ pages, parseCache }: WriterInput): number {
  const written = writePages(pages);
  if (parseCache !== null) {
    try {
      new PageParseCache(parseCache).checkEach(pages.paths, () => undefined);
    } catch {
      // Only a cache: the ingest checked every page it wrote, and the build reads any page again that is not in it.
    }
  }
  return written;
}
