import { renameSync, rmSync, writeFileSync } from "node:fs";

/**
 * Writing pages the ingest put together, each atomically: a temporary file renamed over the page, so a reader or a
 * crash sees the old page or the new one, never half of one. src/store/write.ts runs `writePages` on its own thread
 * for a few pages, and `run` in a worker thread (through src/platform/workers.ts) for many.
 *
 * No signal handler is installed around the writes: the ingest is synchronous, so a handler would only run once the
 * whole run is over, and one removed by then would have swallowed the signal (a Ctrl-C ignored, the run ending as if
 * nothing had happened). A stopped ingest stops at once instead; it leaves at most the temporary file of the page
 * being written, which the next run removes (`removeStaleTemporaryFiles`, src/store/paths.ts). Not fsynced file by
 * file: on a first run of 100,000 pages that alone took minutes, and a page lost to a power cut is rewritten by the next run.
 */

/** A page's temporary file while it is written. */
export function temporaryPath(path: string): string {
  return `${path}.${process.pid}.tmp`;
}

export interface PageBytes {
  paths: string[];
  /** Every page's UTF-8 bytes, one after another; page i ends at ends[i]. */
  bytes: Uint8Array;
  ends: ArrayLike<number>;
}

/** Writes each page atomically, in order; returns how many were written. */
export function writePages({ paths, bytes, ends }: PageBytes): number {
  let start = 0;
  for (let i = 0; i < paths.length; i++) {
    writePage(paths[i], bytes.subarray(start, ends[i]));
    start = ends[i];
  }
  return paths.length;
}

/** One file written atomically: its bytes into a temporary file beside it, renamed over it. */
export function writePage(path: string, bytes: Uint8Array | string): void {
  const temporary = temporaryPath(path);
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** The worker thread's entry (src/platform/workers.ts). */
export const run = writePages;
