import { searchRange, type SearchData } from "./neighbour-search.ts";

/** A worker thread's share of the related-papers search (src/enrich/related.ts starts it through src/workers.ts). */
export function run({ data, from, to, k }: { data: SearchData; from: number; to: number; k: number }): { docs: Int32Array; scores: Float64Array } {
  return searchRange(data, from, to, k);
}
