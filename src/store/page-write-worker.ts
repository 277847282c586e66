import { renameSync, rmSync, writeFileSync } from "node:fs";

/**
 * A worker thread that writes pages the ingest put together (src/store/write.ts starts it through
 * src/platform/workers.ts), each atomically: a temporary file renamed over the page. `state` is shared with
 * the ingest: the page being written (counting from 1; 0 once none is), and a flag the ingest
 * raises to stop it between two pages when the process is being killed.
 */
export const WRITING = 0;
export const STOP = 1;

/** A page's temporary file while it is written. */
export function temporaryPath(path: string): string {
  return `${path}.${process.pid}.tmp`;
}

export interface PageBytes {
  paths: string[];
  /** Every page's UTF-8 bytes, one after another; page i ends at ends[i]. */
  bytes: Uint8Array;
  ends: Float64Array;
  state: Int32Array;
}

export function run({ paths, bytes, ends, state }: PageBytes): number {
  let start = 0;
  let written = 0;
  try {
    for (; written < paths.length && !Atomics.load(state, STOP); written++) {
      Atomics.store(state, WRITING, written + 1);
      const temporary = temporaryPath(paths[written]);
      try {
        writeFileSync(temporary, bytes.subarray(start, ends[written]));
        renameSync(temporary, paths[written]);
      } catch (error) {
        rmSync(temporary, { force: true });
        throw error;
      }
      start = ends[written];
    }
  } finally {
    Atomics.store(state, WRITING, 0);
    Atomics.notify(state, WRITING);
  }
  return written;
}
