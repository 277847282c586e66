import { PairIds } from "./pair-ids.ts";
import { contentTokens } from "./terms.ts";

/**
 * TF-IDF document vectors over word uni- and bigrams, as arxiv-sanity builds them with
 * scikit-learn: stop words removed, sublinear tf (1 + ln tf), smoothed idf, L2-normalised.
 * Terms are interned to integer ids so 100,000 papers fit in typed arrays.
 */
export interface SparseVector {
  terms: Uint32Array;
  weights: Float64Array;
  /** Raw count of each term in the document. */
  tf: Uint16Array;
}

export interface Corpus {
  vectors: SparseVector[];
  /** Document frequency per term id. */
  df: Uint32Array;
  /** Readable form of a term id (the first surface form seen). */
  surface: (term: number) => string;
  /** A term id's stems: `"model"`, or `"generat model"` for a bigram (see `surfaceForms`). */
  key: (term: number) => string;
}

export function buildCorpus(texts: string[]): Corpus {
  // Unigrams are interned by stem; a bigram by the pair of its unigram ids (a number, not a new string).
  const unigramIds = new Map<string, number>();
  const bigramIds = new PairIds();
  // Unigram stems and surface forms; a bigram keeps its two unigram ids and is spelled out only when shown.
  const words: string[] = [];
  const stems: string[] = [];
  const parts: number[] = [];
  const dfList: number[] = [];
  // Per term: the last document that used it and its count there, so a document's counts
  // need no Map of their own.
  const lastDoc: number[] = [];
  const tfInDoc: number[] = [];
  const newTerm = (first: number, second: number) => {
    parts.push(first, second);
    dfList.push(0);
    lastDoc.push(-1);
    tfInDoc.push(0);
    return dfList.length - 1;
  };
  const counted = texts.map((text, doc) => {
    const seen: number[] = [];
    const add = (id: number) => {
      if (lastDoc[id] !== doc) {
        lastDoc[id] = doc;
        tfInDoc[id] = 0;
        dfList[id]++;
        seen.push(id);
      }
      tfInDoc[id]++;
    };
    const tokens = contentTokens(text);
    let before = -1;
    for (let i = 0; i < tokens.stems.length; i++) {
      let id = unigramIds.get(tokens.stems[i]);
      if (id === undefined) {
        unigramIds.set(tokens.stems[i], (id = newTerm(words.length, -1)));
        words.push(tokens.words[i]);
        stems.push(tokens.stems[i]);
      }
      add(id);
      if (before >= 0) {
        let pair = bigramIds.get(before, id);
        if (pair < 0) pair = bigramIds.get(before, id, newTerm(before, id));
        add(pair);
      }
      before = id;
    }
    const terms = Uint32Array.from(seen).sort();
    return { terms, tf: Uint16Array.from(terms, (t) => Math.min(tfInDoc[t], 65535)) };
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
    return { terms, weights, tf };
  });
  const surface = (term: number): string =>
    parts[2 * term + 1] < 0 ? words[parts[2 * term]] : `${surface(parts[2 * term])} ${surface(parts[2 * term + 1])}`;
  const key = (term: number): string =>
    parts[2 * term + 1] < 0 ? stems[parts[2 * term]] : `${key(parts[2 * term])} ${key(parts[2 * term + 1])}`;
  return { vectors, df, surface, key };
}

/**
 * A document's keyphrases: its heaviest terms as readable text, those the paper repeats first
 * (a word used once, however rare, is seldom what the paper is about), skipping a unigram
 * that a chosen bigram already shows.
 */
export function topTerms(corpus: Corpus, vector: SparseVector, k: number, spell: (term: number) => string = corpus.surface): string[] {
  const repeated = (i: number) => (vector.tf[i] >= 2 ? 1 : 0);
  const order = [...vector.terms.keys()].sort(
    (a, b) => repeated(b) - repeated(a) || vector.weights[b] - vector.weights[a] || vector.terms[a] - vector.terms[b],
  );
  const chosen: string[] = [];
  for (const i of order) {
    if (chosen.length === k) break;
    const term = spell(vector.terms[i]);
    if (chosen.some((c) => c.split(" ").includes(term) || term.split(" ").includes(c))) continue;
    chosen.push(term);
  }
  return chosen;
}
