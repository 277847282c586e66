import { readPagesCached, type StoredPage } from "./read.ts";

/** A worker thread's share of reading the pages (src/store/read.ts starts it through src/platform/workers.ts). */
export function run({ dir, names, cacheRoot }: { dir: string; names: string[]; cacheRoot: string | null }): (StoredPage | undefined)[] {
  return readPagesCached(dir, names, cacheRoot);
}
