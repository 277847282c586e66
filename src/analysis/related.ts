import { runBeside, sharedArray } from "../platform/workers.ts";
import { bestFirst } from "./best-first.ts";
import { search, SHARED_KEPT, type Found, type SearchData, type TopicPrior } from "./neighbour-search.ts";
import type { Corpus } from "./tfidf.ts";

export interface Neighbour {
  doc: number;
  score: number;
  /** Readable terms the two papers share, heaviest first. */
  shared: string[];
}

/**
 * From this many query-document pairs on (papers asked about × papers in the archive), a worker thread searches
 * alongside: about a second of search on one thread, against some 0.3 s for a worker to start. A first run at 10,000
 * papers asks about all of them (related papers 3.8 → 2.4 s); a day at 10,000 refreshes a few hundred lists and stays on one.
 */
export const SEARCH_BESIDE_FROM = 30_000_000;

/** Multiply-adds the scoring may spend: a few seconds on a 2-core machine. */
export const WORK_BUDGET = 3e8;

/**
 * The highest document frequency a term may have and still be indexed. Scoring through a
 * term costs df² multiply-adds, so the commonest terms are dropped first until the total
 * fits the budget: their idf is the lowest, so they move a cosine least, and without the
 * cut the work would grow with the square of the archive (every pair sharing "model").
 * On a small archive nothing is dropped.
 */
export function postingsLimit(df: Uint32Array, budget = WORK_BUDGET): number {
  const termsWithDf = new Map<number, number>();
  for (const d of df) if (d > 1) termsWithDf.set(d, (termsWithDf.get(d) ?? 0) + 1);
  let work = 0;
  for (const d of [...termsWithDf.keys()].sort((a, b) => a - b)) {
    work += termsWithDf.get(d)! * d * d;
    if (work > budget) return d - 1;
  }
  return Infinity;
}

/**
 * For each document, the `k` most similar others, found through an inverted index (term →
 * documents) so only papers that share a term are ever compared. Similarity is cosine, plus
 * the topic prior if given, which reorders the `RERANKED × k` most cosine-similar (a prior is
 * cheap to add to a few candidates, not to every paper sharing a word). With `queries`, only
 * those documents' neighbours are found, in that order, among all documents: each list is the one
 * a search of every document gives it. From `searchBesideFrom` query-document pairs on, a worker thread searches
 * alongside this one, over the same shared arrays.
 */
export function nearestNeighbours(
  corpus: Corpus,
  k: number,
  sharedTerms = 3,
  prior?: TopicPrior,
  searchBesideFrom = SEARCH_BESIDE_FROM,
  queries?: readonly number[],
): Neighbour[][] {
  const n = corpus.rows.start.length - 1;
  const asked = queries && sharedArray(Uint32Array, queries.length);
  queries?.forEach((doc, q) => {
    if (!(doc >= 0 && doc < n && Number.isInteger(doc))) throw new Error(`no document ${doc} among ${n} to find neighbours of`);
    asked![q] = doc;
  });
  const count = asked ? asked.length : n;
  const data = searchData(corpus, prior);
  const found = foundArrays(count, k);
  const next = sharedArray(Int32Array, 1);
  const worker =
    count * n >= searchBesideFrom ? runBeside<void>(new URL("./neighbour-worker.ts", import.meta.url), { data, found, next, k, queries: asked }) : undefined;
  search(data, found, next, k, asked);
  worker?.();
  return Array.from({ length: count }, (_, q) => {
    const doc = asked ? asked[q] : q;
    const neighbours: Neighbour[] = [];
    for (let j = 0; j < k && found.docs[q * k + j] >= 0; j++) {
      const slot = q * k + j;
      neighbours.push({ doc: found.docs[slot], score: found.scores[slot], shared: sharedTermsOf(corpus, found, slot, doc, sharedTerms) });
    }
    return neighbours;
  });
}

/** The corpus's rows with its inverted index, as flat typed arrays in shared memory. */
export function searchData({ rows, df }: Corpus, prior?: TopicPrior): SearchData {
  const limit = postingsLimit(df);
  // Postings: offsets[t]..offsets[t+1] index into postDocs/postWeights.
  const offsets = sharedArray(Uint32Array, df.length + 1);
  for (let t = 0; t < df.length; t++) offsets[t + 1] = offsets[t] + (df[t] <= limit && df[t] > 1 ? df[t] : 0);
  const postDocs = sharedArray(Uint32Array, offsets[df.length]);
  const postWeights = sharedArray(Float32Array, offsets[df.length]);
  const fill = offsets.slice(0, df.length);
  for (let doc = 0; doc < rows.start.length - 1; doc++) {
    for (let i = rows.start[doc]; i < rows.start[doc + 1]; i++) {
      const t = rows.terms[i];
      if (offsets[t + 1] === offsets[t]) continue;
      postDocs[fill[t]] = doc;
      postWeights[fill[t]++] = rows.weights[i];
    }
  }
  return { ...rows, offsets, postDocs, postWeights, prior };
}

/** Room for `n` queries' `k` neighbours each, in shared memory. */
export function foundArrays(n: number, k: number): Found {
  return {
    docs: sharedArray(Int32Array, n * k).fill(-1),
    scores: sharedArray(Float64Array, n * k),
    shared: sharedArray(Int32Array, n * k * SHARED_KEPT).fill(-1),
    more: sharedArray(Uint8Array, n * k),
  };
}

/**
 * The `count` heaviest terms document `doc` shares with the neighbour in `slot`, as `doc` spells
 * them, leaving out one contained in another ("diffusion" beside "diffusion models"). They are
 * chosen from the terms the search kept; only if those run out while more were shared is the
 * whole list of shared terms gone through.
 */
function sharedTermsOf(corpus: Corpus, found: Found, slot: number, doc: number, count: number): string[] {
  const chosen: string[] = [];
  const kept = found.shared.subarray(slot * SHARED_KEPT, (slot + 1) * SHARED_KEPT);
  for (const term of kept) {
    if (term < 0 || chosen.length === count) break;
    chooseDistinct(chosen, corpus.spell(doc, term));
  }
  return chosen.length < count && found.more[slot] ? shared(corpus, doc, found.docs[slot], count) : chosen;
}

function chooseDistinct(chosen: string[], text: string): void {
  if (!chosen.some((t) => t.includes(text) || text.includes(t))) chosen.push(text);
}

/** Terms both vectors hold, by the product of their weights. */
function shared(corpus: Corpus, a: number, b: number, count: number): string[] {
  const va = corpus.vectors[a];
  const vb = corpus.vectors[b];
  const common: number[] = [];
  const weight: number[] = [];
  for (let i = 0, j = 0; i < va.terms.length && j < vb.terms.length;) {
    if (va.terms[i] === vb.terms[j]) {
      common.push(va.terms[i]);
      weight.push(va.weights[i++] * vb.weights[j++]);
    } else if (va.terms[i] < vb.terms[j]) i++;
    else j++;
  }
  const chosen: string[] = [];
  for (const c of bestFirst(common.length, (x, y) => (weight[x] !== weight[y] ? weight[x] > weight[y] : common[x] < common[y]))) {
    if (chosen.length === count) break;
    chooseDistinct(chosen, corpus.spell(a, common[c]));
  }
  return chosen;
}
