import type { Corpus } from "./tfidf.ts";

export interface Neighbour {
  doc: number;
  score: number;
  /** Readable terms the two papers share, heaviest first. */
  shared: string[];
}

/**
 * Terms in more than this many documents are left out of the inverted index: their idf
 * is near its floor, so they barely move a cosine, yet they would make the work
 * quadratic (every pair of papers sharing "model").
 */
export function postingsLimit(documents: number): number {
  return Math.max(200, Math.ceil(documents * 0.02));
}

/**
 * For each document, the `k` most cosine-similar others, found through an inverted
 * index (term → documents) so only papers that share a term are ever compared.
 */
export function nearestNeighbours(corpus: Corpus, k: number, sharedTerms = 3): Neighbour[][] {
  const { vectors, df } = corpus;
  const n = vectors.length;
  const limit = postingsLimit(n);

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
  const touched: number[] = [];
  return vectors.map((v, doc) => {
    for (let i = 0; i < v.terms.length; i++) {
      const t = v.terms[i];
      for (let p = offsets[t]; p < offsets[t + 1]; p++) {
        const other = postDocs[p];
        if (other === doc) continue;
        if (scores[other] === 0) touched.push(other);
        scores[other] += v.weights[i] * postWeights[p];
      }
    }
    const best = topK(touched, scores, k);
    for (const other of touched) scores[other] = 0;
    touched.length = 0;
    return best.map((other) => ({ doc: other.doc, score: other.score, shared: shared(corpus, doc, other.doc, sharedTerms) }));
  });
}

/** Highest score first; ties broken by document order so results are deterministic. */
function topK(candidates: number[], scores: Float64Array, k: number): { doc: number; score: number }[] {
  const best: { doc: number; score: number }[] = [];
  for (const doc of candidates) {
    const score = scores[doc];
    if (best.length === k && !better(doc, score, best[k - 1])) continue;
    // Insertion into a sorted list of at most k: shift worse entries down one slot.
    let i = best.length < k ? best.length : k - 1;
    while (i > 0 && better(doc, score, best[i - 1])) {
      best[i] = best[i - 1];
      i--;
    }
    best[i] = { doc, score };
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
  const common: { term: number; weight: number }[] = [];
  for (let i = 0, j = 0; i < va.terms.length && j < vb.terms.length; ) {
    if (va.terms[i] === vb.terms[j]) common.push({ term: va.terms[i], weight: va.weights[i++] * vb.weights[j++] });
    else if (va.terms[i] < vb.terms[j]) i++;
    else j++;
  }
  common.sort((x, y) => y.weight - x.weight || x.term - y.term);
  const chosen: string[] = [];
  for (const { term } of common) {
    if (chosen.length === count) break;
    const text = corpus.surface[term];
    if (chosen.some((c) => c.includes(text) || text.includes(c))) continue;
    chosen.push(text);
  }
  return chosen;
}
