import { InputError } from "../input-error.ts";
import { readStoredPageFiles, type StoredPagesRead } from "./read.ts";

/** A worker thread's share of reading the pages (src/pages/read.ts starts it through src/workers.ts); a bad page is reported, not thrown, so the ingest can name it as its own. */
export function run({ dir, names }: { dir: string; names: string[] }): StoredPagesRead {
  try {
    return { pages: readStoredPageFiles(dir, names) };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { problem: { file: error.file, line: error.line, reason: error.reason } };
  }
}
