/**
 * The search behind related papers, over flat typed arrays only, so that a worker thread can
 * search the archive alongside the ingest's own (src/analysis/related.ts): the arrays live in
 * shared memory and neither side copies them.
 */

/** Documents as rows of (term, weight), document d from start[d] to start[d + 1]; and the inverted index. */
export interface SearchData {
  start: Uint32Array;
  terms: Uint32Array;
  weights: Float32Array;
  /** Postings: term t's documents and weights from offsets[t] to offsets[t + 1]. */
  offsets: Uint32Array;
  postDocs: Uint32Array;
  postWeights: Float32Array;
  prior?: TopicPrior;
}

/**
 * What sharing topics adds to a cosine: `weight` × the share of their topics two papers have in common.
 * Paper d's topics are bits[d × words …], `counts[d]` of them.
 */
export interface TopicPrior {
  bits: Uint32Array;
  words: number;
  counts: Uint8Array;
  weight: number;
}

export function priorScore({ bits, words, counts, weight }: TopicPrior, a: number, b: number): number {
  let shared = 0;
  for (let w = 0; w < words; w++) shared += popcount(bits[a * words + w] & bits[b * words + w]);
  return shared ? (weight * shared) / Math.max(counts[a], counts[b]) : 0;
}

function popcount(word: number): number {
  let count = 0;
  for (let w = word >>> 0; w; w &= w - 1) count++;
  return count;
}

/** How many of a document's most cosine-similar others a prior may reorder. */
const RERANKED = 8;

/** Documents a thread claims at a time: enough that claiming costs nothing, few enough that both threads finish together. */
const BLOCK = 256;

/** How many of the terms two neighbours share are kept, heaviest first, for related.ts to choose the few it shows from. */
export const SHARED_KEPT = 8;

/**
 * Each query's `k` best neighbours, best first: row q (k slots, −1 where there are fewer) is the q-th
 * query's (document q's when every document is a query). For the neighbour in slot r = q × k + j,
 * `shared` from r × SHARED_KEPT holds the terms the two share, by the product of their weights (then
 * term id), −1 after the last; `more[r]` is 1 when they share more than were kept.
 */
export interface Found {
  docs: Int32Array;
  scores: Float64Array;
  shared: Int32Array;
  more: Uint8Array;
}

/**
 * Fills `found` with each query's `k` best neighbours among all documents: cosine through the inverted
 * index, plus the prior (if any) over the `RERANKED × k` most cosine-similar, and the terms each pair
 * shares. The queries are `queries` (document numbers), or every document. A query's row depends on
 * that query alone, so it is the same whichever others are searched with it. Queries are claimed in
 * blocks through the counter `next`, so threads searching at once share the work by how fast each
 * goes (the other core may also be writing pages), not by a split fixed in advance.
 */
export function search(data: SearchData, found: Found, next: Int32Array, k: number, queries?: Uint32Array): void {
  const { start, terms, weights, offsets, postDocs, postWeights, prior } = data;
  const n = start.length - 1;
  const count = queries ? queries.length : n;
  const scores = new Float64Array(n);
  const touched = new Int32Array(n);
  const keptWeights = new Float64Array(SHARED_KEPT);
  for (let from = Atomics.add(next, 0, BLOCK); from < count; from = Atomics.add(next, 0, BLOCK)) {
    for (let q = from; q < Math.min(count, from + BLOCK); q++) {
      const doc = queries ? queries[q] : q;
      let touchedCount = 0;
      for (let i = start[doc]; i < start[doc + 1]; i++) {
        const t = terms[i];
        const w = weights[i];
        for (let p = offsets[t], end = offsets[t + 1]; p < end; p++) {
          const other = postDocs[p];
          if (other === doc) continue;
          if (scores[other] === 0) touched[touchedCount++] = other;
          scores[other] += w * postWeights[p];
        }
      }
      let best = topK(touched, touchedCount, scores, prior ? RERANKED * k : k);
      for (let i = 0; i < touchedCount; i++) scores[touched[i]] = 0;
      if (prior) {
        best = best.map((c) => ({ doc: c.doc, score: c.score + priorScore(prior, doc, c.doc) }));
        best = best.sort((a, b) => (better(a.doc, a.score, b) ? -1 : 1)).slice(0, k);
      }
      best.forEach((c, j) => {
        found.docs[q * k + j] = c.doc;
        found.scores[q * k + j] = c.score;
        keepShared(data, doc, c.doc, found, q * k + j, keptWeights);
      });
    }
  }
}

/** The heaviest terms documents a and b share, into slot `slot` of `found` (sorted rows: one merge). */
function keepShared({ start, terms, weights }: SearchData, a: number, b: number, found: Found, slot: number, keptWeights: Float64Array): void {
  const kept = found.shared.subarray(slot * SHARED_KEPT, (slot + 1) * SHARED_KEPT);
  let count = 0;
  for (let i = start[a], j = start[b]; i < start[a + 1] && j < start[b + 1];) {
    if (terms[i] < terms[j]) i++;
    else if (terms[i] > terms[j]) j++;
    else {
      const term = terms[i];
      const weight = weights[i++] * weights[j++];
      if (count === SHARED_KEPT) {
        found.more[slot] = 1;
        if (weight < keptWeights[count - 1] || (weight === keptWeights[count - 1] && term > kept[count - 1])) continue;
      }
      // Insertion into the kept terms, heaviest first; the lightest falls off a full list.
      let at = count < SHARED_KEPT ? count++ : SHARED_KEPT - 1;
      while (at > 0 && (weight > keptWeights[at - 1] || (weight === keptWeights[at - 1] && term < kept[at - 1]))) {
        kept[at] = kept[at - 1];
        keptWeights[at] = keptWeights[at - 1];
        at--;
      }
      kept[at] = term;
      keptWeights[at] = weight;
    }
  }
}

/** Highest score first; ties broken by document order so results are deterministic. */
function topK(candidates: Int32Array, count: number, scores: Float64Array, k: number): { doc: number; score: number }[] {
  const best: { doc: number; score: number }[] = [];
  let floor = -Infinity; // the k-th best score so far: most candidates fall below it
  for (let c = 0; c < count; c++) {
    const doc = candidates[c];
    const score = scores[doc];
    if (score < floor) continue;
    if (best.length === k && !better(doc, score, best[k - 1])) continue;
    // Insertion into a sorted list of at most k: shift worse entries down one slot.
    let i = best.length < k ? best.length : k - 1;
    while (i > 0 && better(doc, score, best[i - 1])) {
      best[i] = best[i - 1];
      i--;
    }
    best[i] = { doc, score };
    if (best.length === k) floor = best[k - 1].score;
  }
  return best;
}

function better(doc: number, score: number, than: { doc: number; score: number }): boolean {
  return score > than.score || (score === than.score && doc < than.doc);
}
