import { contentTokens } from "./terms.ts";

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
  // Unigrams are interned by stem; a bigram by the pair of its unigram ids (a number, not a new string).
  const unigramIds = new Map<string, number>();
  const bigramIds = new Map<number, number>();
  const surface: string[] = [];
  const dfList: number[] = [];
  const newTerm = (readable: string) => {
    surface.push(readable);
    dfList.push(0);
    return surface.length - 1;
  };
  const counted = texts.map((text) => {
    const counts = new Map<number, number>();
    const add = (id: number) => {
      const previous = counts.get(id) ?? 0;
      if (previous === 0) dfList[id]++;
      counts.set(id, previous + 1);
    };
    const tokens = contentTokens(text);
    let before = -1;
    for (let i = 0; i < tokens.length; i++) {
      let id = unigramIds.get(tokens[i].stem);
      if (id === undefined) unigramIds.set(tokens[i].stem, (id = newTerm(tokens[i].word)));
      add(id);
      if (before >= 0) {
        const key = before * 2 ** 24 + id;
        let pair = bigramIds.get(key);
        if (pair === undefined) bigramIds.set(key, (pair = newTerm(`${tokens[i - 1].word} ${tokens[i].word}`)));
        add(pair);
      }
      before = id;
    }
    // Keep only compact arrays per document; the Map is garbage as soon as the next one starts.
    const terms = Uint32Array.from(counts.keys()).sort();
    return { terms, tf: Uint16Array.from(terms, (t) => Math.min(counts.get(t)!, 65535)) };
  });

  const n = texts.length;
  const df = Uint32Array.from(dfList);
  const vectors = counted.map(({ terms, tf }) => {
    const weights = new Float64Array(terms.length);
    let norm = 0;
    terms.forEach((t, i) => {
      const idf = Math.log((1 + n) / (1 + df[t])) + 1;
      weights[i] = (1 + Math.log(tf[i])) * idf;
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
