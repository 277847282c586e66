import { contentTokens, ngrams } from "./terms.ts";

/**
 * TF-IDF document vectors over word uni- and bigrams, as arxiv-sanity builds them with
 * scikit-learn: stop words removed, sublinear tf (1 + ln tf), smoothed idf, L2-normalised.
 * Terms are interned to integer ids so 100,000 papers fit in typed arrays.
 */
export interface SparseVector {
  terms: Uint32Array;
  weights: Float64Array;
}

export interface Corpus {
  vectors: SparseVector[];
  /** Document frequency per term id. */
  df: Uint32Array;
  /** Readable form per term id (the first surface form seen). */
  surface: string[];
}

export function buildCorpus(texts: string[]): Corpus {
  const ids = new Map<string, number>();
  const surface: string[] = [];
  const dfList: number[] = [];
  const counted = texts.map((text) => {
    const counts = new Map<number, number>();
    for (const gram of ngrams(contentTokens(text))) {
      let id = ids.get(gram.stem);
      if (id === undefined) {
        id = surface.length;
        ids.set(gram.stem, id);
        surface.push(gram.word);
        dfList.push(0);
      }
      const previous = counts.get(id) ?? 0;
      if (previous === 0) dfList[id]++;
      counts.set(id, previous + 1);
    }
    return counts;
  });

  const n = texts.length;
  const df = Uint32Array.from(dfList);
  const vectors = counted.map((counts) => {
    const terms = Uint32Array.from([...counts.keys()].sort((a, b) => a - b));
    const weights = new Float64Array(terms.length);
    let norm = 0;
    terms.forEach((t, i) => {
      const idf = Math.log((1 + n) / (1 + df[t])) + 1;
      weights[i] = (1 + Math.log(counts.get(t)!)) * idf;
      norm += weights[i] * weights[i];
    });
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < weights.length; i++) weights[i] /= norm;
    return { terms, weights };
  });
  return { vectors, df, surface };
}

/** The `k` heaviest terms of a vector, as readable text, skipping unigrams a chosen bigram already shows. */
export function topTerms(corpus: Corpus, vector: SparseVector, k: number): string[] {
  const order = [...vector.terms.keys()].sort((a, b) => vector.weights[b] - vector.weights[a] || vector.terms[a] - vector.terms[b]);
  const chosen: string[] = [];
  for (const i of order) {
    if (chosen.length === k) break;
    const term = corpus.surface[vector.terms[i]];
    if (chosen.some((c) => c.split(" ").includes(term) || term.split(" ").includes(c))) continue;
    chosen.push(term);
  }
  return chosen;
}
