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
  vectors: SparseVector[];
  /** Document frequency per term id. */
  df: Uint32Array;
  /** Readable form of a term id (the first spelling the corpus saw). */
  surface: (term: number) => string;
  /** How document `doc` spells a term it uses ("generative models", not another paper's "generated model"). */
  spell: (doc: number, term: number) => string;
}

/** A corpus of documents given as word ids (src/enrich/terms.ts), stop words included. */
export function buildCorpus(documents: Uint32Array[]): Corpus {
  // A unigram is its stem; a bigram, the pair of its unigram ids.
  const unigramOfStem = new Int32Array(vocabulary.stemCount).fill(-1);
  const bigramIds = new PairIds();
  // Per term: its first word id (a unigram) or its two unigram ids (a bigram, second >= 0).
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
  // Every document's content words (stop words removed, as scikit-learn does before forming
  // n-grams) and, in step, their unigram ids, in two flat arrays (document d from start[d] to
  // start[d + 1]): what `spell` reads. One buffer each, not two small ones per paper.
  const start = new Uint32Array(documents.length + 1);
  const room = documents.reduce((sum, ids) => sum + ids.length, 0); // stop words included: an upper bound
  const words = new Uint32Array(room);
  const unigrams = new Uint32Array(room);
  let used = 0;
  const counted = documents.map((ids, doc) => {
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
    start[doc] = used;
    for (const word of ids) {
      if (vocabulary.isStop(word)) continue;
      const stem = vocabulary.stemOf(word);
      if (unigramOfStem[stem] < 0) unigramOfStem[stem] = newTerm(word, -1);
      words[used] = word;
      unigrams[used] = unigramOfStem[stem];
      add(unigrams[used]);
      if (used > start[doc]) {
        let pair = bigramIds.get(unigrams[used - 1], unigrams[used]);
        if (pair < 0) pair = bigramIds.get(unigrams[used - 1], unigrams[used], newTerm(unigrams[used - 1], unigrams[used]));
        add(pair);
      }
      used++;
    }
    const terms = Uint32Array.from(seen).sort();
    return { terms, tf: Uint16Array.from(terms, (t) => Math.min(tfInDoc[t], 65535)) };
  });
  start[documents.length] = used;

  const n = documents.length;
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
  return { vectors, df, surface, spell };
}

/**
 * A document's keyphrases: its heaviest terms as readable text, those the paper repeats first
 * (a word used once, however rare, is seldom what the paper is about), skipping a unigram
 * that a chosen bigram already shows.
 */
export function topTerms(corpus: Corpus, doc: number, k: number): string[] {
  const vector = corpus.vectors[doc];
  const repeated = (i: number) => (vector.tf[i] >= 2 ? 1 : 0);
  const order = [...vector.terms.keys()].sort(
    (a, b) => repeated(b) - repeated(a) || vector.weights[b] - vector.weights[a] || vector.terms[a] - vector.terms[b],
  );
  const chosen: string[] = [];
  for (const i of order) {
    if (chosen.length === k) break;
    const term = corpus.spell(doc, vector.terms[i]);
    if (chosen.some((c) => c.split(" ").includes(term) || term.split(" ").includes(c))) continue;
    chosen.push(term);
  }
  return chosen;
}
