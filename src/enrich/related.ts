import { bestFirst } from "./best-first.ts";
import type { Corpus } from "./tfidf.ts";

export interface Neighbour {
  doc: number;
  score: number;
  /** Readable terms the two papers share, heaviest first. */
  shared: string[];
}

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

/** How many of a document's most cosine-similar others a prior may reorder. */
const RERANKED = 8;

/**
 * For each document, the `k` most similar others, found through an inverted index (term →
 * documents) so only papers that share a term are ever compared. Similarity is cosine, plus
 * `prior(doc, other)` if given, which reorders the `RERANKED × k` most cosine-similar (a
 * prior is cheap to add to a few candidates, not to every paper sharing a word).
 */
export function nearestNeighbours(
  corpus: Corpus,
  k: number,
  sharedTerms = 3,
  prior?: (doc: number, other: number) => number,
): Neighbour[][] {
  const { vectors, df } = corpus;
  const n = vectors.length;
  const limit = postingsLimit(df);

  // Postings as flat typed arrays: offsets[t]..offsets[t+1] index into docs/weights.
  const offsets = new Uint32Array(df.length + 1);
  for (let t = 0; t < df.length; t++) offsets[t + 1] = offsets[t] + (df[t] <= limit && df[t] > 1 ? df[t] : 0);
  const postDocs = new Uint32Array(offsets[df.length]);
  const postWeights = new Float64Array(offsets[df.length]);
  const fill = offsets.slice(0, df.length);
  vectors.forEach((v, doc) => {
    v.terms.forEach((t, i) => {
      if (offsets[t + 1] === offsets[t]) return;
      postDocs[fill[t]] = doc;
      postWeights[fill[t]++] = v.weights[i];
    });
  });

  const scores = new Float64Array(n);
  const touched = new Int32Array(n);
  return vectors.map(({ terms, weights }, doc) => {
    let touchedCount = 0;
    for (let i = 0; i < terms.length; i++) {
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
      best = best.map((c) => ({ doc: c.doc, score: c.score + prior(doc, c.doc) }));
      best = best.sort((a, b) => (better(a.doc, a.score, b) ? -1 : 1)).slice(0, k);
    }
    return best.map((other) => ({ doc: other.doc, score: other.score, shared: shared(corpus, doc, other.doc, sharedTerms) }));
  });
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

/** Terms both vectors hold, by the product of their weights. */
function shared(corpus: Corpus, a: number, b: number, count: number): string[] {
  const va = corpus.vectors[a];
  const vb = corpus.vectors[b];
  const common: number[] = [];
  const weight: number[] = [];
  for (let i = 0, j = 0; i < va.terms.length && j < vb.terms.length; ) {
    if (va.terms[i] === vb.terms[j]) {
      common.push(va.terms[i]);
      weight.push(va.weights[i++] * vb.weights[j++]);
    } else if (va.terms[i] < vb.terms[j]) i++;
    else j++;
  }
  const chosen: string[] = [];
  for (const c of bestFirst(common.length, (x, y) => (weight[x] !== weight[y] ? weight[x] > weight[y] : common[x] < common[y]))) {
    if (chosen.length === count) break;
    const text = corpus.spell(a, common[c]);
    if (chosen.some((t) => t.includes(text) || text.includes(t))) continue;
    chosen.push(text);
  }
  return chosen;
}
