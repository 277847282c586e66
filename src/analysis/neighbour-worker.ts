import { search, type Found, type SearchData } from "./neighbour-search.ts";

/** A worker thread's part of the related-papers search (src/analysis/related.ts starts it through src/platform/workers.ts): blocks of queries until none is left. */
export function run({ data, found, next, k, queries }: { data: SearchData; found: Found; next: Int32Array; k: number; queries?: Uint32Array }): void {
  search(data, found, next, k, queries);
}
