/**
 * The search behind related papers, over flat typed arrays only, so that one half of the
 * archive can be searched in a worker thread while the other half is searched here
 * (src/enrich/related.ts): the arrays live in shared memory and neither side copies them.
 */

/** Documents as rows of (term, weight), document d from start[d] to start[d + 1]; and the inverted index. */
export interface SearchData {
  start: Uint32Array;
  terms: Uint32Array;
  weights: Float64Array;
  /** Postings: term t's documents and weights from offsets[t] to offsets[t + 1]. */
  offsets: Uint32Array;
  postDocs: Uint32Array;
  postWeights: Float64Array;
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

/**
 * The `k` best neighbours of documents from..to−1: cosine through the inverted index, plus the
 * prior (if any) over the `RERANKED × k` most cosine-similar. Row d − from of `docs` and
 * `scores` (k slots each, −1 where there are fewer) holds document d's, best first.
 */
export function searchRange(data: SearchData, from: number, to: number, k: number): { docs: Int32Array; scores: Float64Array } {
  const { start, terms, weights, offsets, postDocs, postWeights, prior } = data;
  const n = start.length - 1;
  const docs = new Int32Array((to - from) * k).fill(-1);
  const found = new Float64Array((to - from) * k);
  const scores = new Float64Array(n);
  const touched = new Int32Array(n);
  for (let doc = from; doc < to; doc++) {
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
      docs[(doc - from) * k + j] = c.doc;
      found[(doc - from) * k + j] = c.score;
    });
  }
  return { docs, scores: found };
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
