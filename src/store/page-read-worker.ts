import { readStoredPageFile, type StoredPage } from "./read.ts";

/** A worker thread's share of reading the pages (src/store/read.ts starts it through src/platform/workers.ts). */
export function run({ dir, names }: { dir: string; names: string[] }): (StoredPage | undefined)[] {
  return names.map((name) => readStoredPageFile(dir, name));
}
