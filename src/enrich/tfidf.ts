import { sharedArray } from "../workers.ts";
import { bestFirst } from "./best-first.ts";
import { PairIds } from "./pair-ids.ts";
import { vocabulary } from "./terms.ts";

/**
 * TF-IDF document vectors over word uni- and bigrams, as arxiv-sanity builds them with
 * scikit-learn: stop words removed, sublinear tf (1 + ln tf), smoothed idf, L2-normalised.
 * Terms are integer ids so 100,000 papers fit in typed arrays.
 */
export interface SparseVector {
  terms: Uint32Array;
  weights: Float64Array;
  /** Raw count of each term in the document. */
  tf: Uint16Array;
}

export interface Corpus {
  /** Each document's vector: views into `rows`. */
  vectors: SparseVector[];
  /** Every vector in three flat arrays in shared memory (document d from start[d] to start[d + 1]), for a worker thread to read. */
  rows: { start: Uint32Array; terms: Uint32Array; weights: Float64Array };
  /** Document frequency per term id. */
  df: Uint32Array;
  /** How document `doc` spells a term it uses ("generative models", not another paper's "generated model"). */
  spell: (doc: number, term: number) => string;
}

/**
 * Per term (a unigram or a bigram): its parts, document frequency, and its count in the document
 * being read, in typed arrays that double as terms come (a large archive has millions of bigrams;
 * growing JavaScript arrays of that size cost more than the counting).
 */
class TermTable {
  size = 0;
  /** Per term: its first word id (a unigram) or its two unigram ids (a bigram, second ≥ 0). */
  parts = new Int32Array(2 << 16);
  df = new Uint32Array(1 << 16);
  /** The last document that used the term, and its count there: a document's counts need no Map of their own. */
  lastDoc = new Int32Array(1 << 16).fill(-1);
  tf = new Uint32Array(1 << 16);

  add(first: number, second: number): number {
    if (this.size === this.df.length) this.grow();
    this.parts[2 * this.size] = first;
    this.parts[2 * this.size + 1] = second;
    return this.size++;
  }

  private grow(): void {
    const double = <T extends Int32Array | Uint32Array>(a: T, fill?: number): T => {
      const next = new (a.constructor as new (n: number) => T)(a.length * 2);
      if (fill !== undefined) next.fill(fill);
      next.set(a);
      return next;
    };
    this.parts = double(this.parts);
    this.df = double(this.df);
    this.lastDoc = double(this.lastDoc, -1);
    this.tf = double(this.tf);
  }
}

/** scikit-learn's smoothed idf, as if one more document held every term: never zero, never infinite. */
export function smoothedIdf(documents: number, df: number): number {
  return Math.log((1 + documents) / (1 + df)) + 1;
}

/** A corpus of documents given as word ids (src/enrich/terms.ts), stop words included. */
export function buildCorpus(documents: Uint32Array[]): Corpus {
  // A unigram is its stem; a bigram, the pair of its unigram ids.
  const unigramOfStem = new Int32Array(vocabulary.stemCount).fill(-1);
  const bigramIds = new PairIds();
  const table = new TermTable();
  // Every document's content words (stop words removed, as scikit-learn does before forming
  // n-grams) and, in step, their unigram ids, in two flat arrays (document d from start[d] to
  // start[d + 1]): what `spell` reads. One buffer each, not two small ones per paper.
  const start = new Uint32Array(documents.length + 1);
  const room = documents.reduce((sum, ids) => sum + ids.length, 0); // stop words included: an upper bound
  const words = new Uint32Array(room);
  const unigrams = new Uint32Array(room);
  // The terms of the document being read, in order of first use (at most a unigram and a bigram per word).
  const seen = new Uint32Array(2 * documents.reduce((max, ids) => Math.max(max, ids.length), 0));
  let used = 0;
  const counted = documents.map((ids, doc) => {
    let seenCount = 0;
    const count = (term: number) => {
      if (table.lastDoc[term] !== doc) {
        table.lastDoc[term] = doc;
        table.tf[term] = 0;
        table.df[term]++;
        seen[seenCount++] = term;
      }
      table.tf[term]++;
    };
    start[doc] = used;
    for (let i = 0; i < ids.length; i++) {
      const word = ids[i];
      if (vocabulary.isStop(word)) continue;
      const stem = vocabulary.stemOf(word);
      if (unigramOfStem[stem] < 0) unigramOfStem[stem] = table.add(word, -1);
      words[used] = word;
      unigrams[used] = unigramOfStem[stem];
      count(unigrams[used]);
      if (used > start[doc]) {
        let pair = bigramIds.get(unigrams[used - 1], unigrams[used]);
        if (pair < 0) pair = bigramIds.get(unigrams[used - 1], unigrams[used], table.add(unigrams[used - 1], unigrams[used]));
        count(pair);
      }
      used++;
    }
    const terms = seen.slice(0, seenCount).sort();
    const tf = new Uint16Array(seenCount);
    for (let i = 0; i < seenCount; i++) tf[i] = Math.min(table.tf[terms[i]], 65535);
    return { terms, tf };
  });
  start[documents.length] = used;

  const n = documents.length;
  const df = table.df.slice(0, table.size);
  const parts = table.parts;
  // The vectors, flat and shared (src/enrich/related.ts searches half of them on another thread).
  const rowStart = sharedArray(Uint32Array, n + 1);
  counted.forEach(({ terms }, d) => (rowStart[d + 1] = rowStart[d] + terms.length));
  const rowTerms = sharedArray(Uint32Array, rowStart[n]);
  const rowWeights = sharedArray(Float64Array, rowStart[n]);
  const vectors = counted.map(({ terms, tf }, d) => {
    rowTerms.set(terms, rowStart[d]);
    const weights = rowWeights.subarray(rowStart[d], rowStart[d + 1]);
    let norm = 0;
    for (let i = 0; i < terms.length; i++) {
      const idf = smoothedIdf(n, df[terms[i]]);
      weights[i] = (1 + Math.log(tf[i])) * idf;
      norm += weights[i] * weights[i];
    }
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < weights.length; i++) weights[i] /= norm;
    return { terms: rowTerms.subarray(rowStart[d], rowStart[d + 1]), weights, tf };
  });
  const surface = (term: number): string =>
    parts[2 * term + 1] < 0 ? vocabulary.word(parts[2 * term]) : `${surface(parts[2 * term])} ${surface(parts[2 * term + 1])}`;
  const spell = (doc: number, term: number): string => {
    const [first, second] = [parts[2 * term], parts[2 * term + 1]];
    for (let i = start[doc]; i < start[doc + 1]; i++) {
      if (second < 0 ? unigrams[i] === term : unigrams[i] === first && i + 1 < start[doc + 1] && unigrams[i + 1] === second) {
        return second < 0 ? vocabulary.word(words[i]) : `${vocabulary.word(words[i])} ${vocabulary.word(words[i + 1])}`;
      }
    }
    return surface(term);
  };
  return { vectors, rows: { start: rowStart, terms: rowTerms, weights: rowWeights }, df, spell };
}

/**
 * A document's keyphrases: its heaviest terms as readable text, those the paper repeats first
 * (a word used once, however rare, is seldom what the paper is about), skipping a unigram
 * that a chosen bigram already shows.
 */
export function topTerms(corpus: Corpus, doc: number, k: number): string[] {
  const { terms, weights, tf } = corpus.vectors[doc];
  const before = (a: number, b: number) => {
    const repeatedA = tf[a] >= 2;
    if (repeatedA !== tf[b] >= 2) return repeatedA;
    return weights[a] !== weights[b] ? weights[a] > weights[b] : terms[a] < terms[b];
  };
  const chosen: string[] = [];
  for (const i of bestFirst(terms.length, before)) {
    if (chosen.length === k) break;
    const term = corpus.spell(doc, terms[i]);
    if (chosen.some((c) => c.split(" ").includes(term) || term.split(" ").includes(c))) continue;
    chosen.push(term);
  }
  return chosen;
}
