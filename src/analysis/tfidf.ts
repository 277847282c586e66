import { PARALLEL_FROM, runBeside, sharedArray } from "../platform/workers.ts";
import { bestFirst } from "./best-first.ts";
import { PairIds } from "./pair-ids.ts";
import { readModel } from "./corpus-files.ts";
import { vocabulary, type Lexicon } from "./terms.ts";

/**
 * TF-IDF document vectors over word uni- and bigrams, as arxiv-sanity builds them with
 * scikit-learn: stop words removed, sublinear tf (1 + ln tf), smoothed idf, L2-normalised.
 * Terms are integer ids so 100,000 papers fit in typed arrays.
 */
export interface SparseVector {
  terms: Uint32Array;
  /** Unit-length over the vector; single precision: at 100,000 papers the rows hold some 27 million weights. */
  weights: Float32Array;
  /** Raw count of each term in the document. */
  tf: Uint16Array;
}

export interface Corpus {
  /** Each document's vector: views into `rows`. */
  vectors: SparseVector[];
  /** Every vector in flat arrays in shared memory (document d from start[d] to start[d + 1]), for a worker thread to read. */
  rows: CorpusArrays["rows"];
  /** Document frequency per term id. */
  df: Uint32Array;
  /** How document `doc` spells a term it uses ("generative models", not another paper's "generated model"). */
  spell: (doc: number, term: number) => string;
}

/** Documents as word ids, flat in shared memory: document d is ids[start[d]..start[d + 1]). */
export interface Documents {
  ids: Uint32Array;
  start: Uint32Array;
}

/** A corpus as numbers alone, all in shared memory: what a worker thread can build and hand back without a copy. */
export interface CorpusArrays {
  rows: { start: Uint32Array; terms: Uint32Array; weights: Float32Array; tf: Uint16Array };
  df: Uint32Array;
  /** Per term: its first word id (a unigram) or its two unigram ids (a bigram, second ≥ 0). */
  parts: Int32Array;
  /** Every document's content words and, in step, their unigram ids (document d from start[d] to start[d + 1]): how each spells a term. */
  text: { start: Uint32Array; words: Uint32Array; unigrams: Uint32Array };
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

/** scikit-learn's sublinear tf (`sublinear_tf=True`): a word used ten times counts about three times as much as once. */
export function sublinearTf(tf: number): number {
  return 1 + Math.log(tf);
}

/** scikit-learn's smoothed idf, as if one more document held every term: never zero, never infinite. */
export function smoothedIdf(documents: number, df: number): number {
  return Math.log((1 + documents) / (1 + df)) + 1;
}

/** A corpus of documents given as word ids (src/analysis/terms.ts), stop words included. */
export function buildCorpus(documents: Uint32Array[]): Corpus {
  return readCorpus(countCorpus(flatDocuments(documents), vocabulary));
}

/**
 * `buildCorpus`, started: on a large archive in a worker thread, so the ingest renders pages on
 * this one meanwhile (src/ingest/ingest.ts); the function returned waits for it.
 */
export function startBuildingCorpus(documents: Uint32Array[], parallelFrom = PARALLEL_FROM): () => Corpus {
  if (documents.length < parallelFrom) {
    const corpus = buildCorpus(documents);
    return () => corpus;
  }
  // The worker waits for the model's own process and hands back the folder it wrote the model into: read here, once
  // the worker is gone (src/analysis/corpus-worker.ts).
  const built = runBeside<string>(new URL("./corpus-worker.ts", import.meta.url), { documents: flatDocuments(documents), table: vocabulary.table() });
  return () => readCorpus(readModel(built()));
}

/** Documents' word ids one after another in shared memory, for a worker thread to read without a copy. */
export function flatDocuments(documents: Uint32Array[]): Documents {
  const start = sharedArray(Uint32Array, documents.length + 1);
  documents.forEach((ids, d) => (start[d + 1] = start[d] + ids.length));
  const ids = sharedArray(Uint32Array, start[documents.length]);
  documents.forEach((doc, d) => ids.set(doc, start[d]));
  return { ids, start };
}

/** The counting and weighting, from word ids and what a lexicon says of them: the part a worker thread can do. */
export function countCorpus(documents: Documents, lexicon: Lexicon): CorpusArrays {
  const n = documents.start.length - 1;
  // A unigram is its stem; a bigram, the pair of its unigram ids.
  const unigramOfStem = new Int32Array(lexicon.stemCount).fill(-1);
  const bigramIds = new PairIds();
  const table = new TermTable();
  // Every document's content words (stop words removed, as scikit-learn does before forming
  // n-grams) and, in step, their unigram ids. One buffer each, not two small ones per paper.
  const start = sharedArray(Uint32Array, n + 1);
  const room = documents.ids.length; // stop words included: an upper bound
  const words = sharedArray(Uint32Array, room);
  const unigrams = sharedArray(Uint32Array, room);
  let longest = 0;
  for (let d = 0; d < n; d++) longest = Math.max(longest, documents.start[d + 1] - documents.start[d]);
  // The terms of the document being read, in order of first use (at most a unigram and a bigram per word).
  const seen = new Uint32Array(2 * longest);
  // Each document's terms and counts go straight into the rows, sized for the most there can be:
  // memory is committed only as it is written (a worker builds this beside the ingest's pages).
  const rowStart = sharedArray(Uint32Array, n + 1);
  const allTerms = sharedArray(Uint32Array, 2 * room);
  const allTf = sharedArray(Uint16Array, 2 * room);
  let used = 0;
  for (let doc = 0; doc < n; doc++) {
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
    for (let i = documents.start[doc]; i < documents.start[doc + 1]; i++) {
      const word = documents.ids[i];
      if (lexicon.isStop(word)) continue;
      const stem = lexicon.stemOf(word);
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
    const terms = seen.subarray(0, seenCount).sort();
    const at = rowStart[doc];
    allTerms.set(terms, at);
    for (let i = 0; i < seenCount; i++) allTf[at + i] = Math.min(table.tf[terms[i]], 65535);
    rowStart[doc + 1] = at + seenCount;
  }
  start[n] = used;

  const df = sharedArray(Uint32Array, table.size);
  df.set(table.df.subarray(0, table.size));
  const parts = sharedArray(Int32Array, 2 * table.size);
  parts.set(table.parts.subarray(0, 2 * table.size));
  const rowTerms = allTerms.subarray(0, rowStart[n]);
  const rowTf = allTf.subarray(0, rowStart[n]);
  // Each row is weighed and normalised in double precision, then kept in single.
  const rowWeights = sharedArray(Float32Array, rowStart[n]);
  const row = new Float64Array(seen.length);
  for (let d = 0; d < n; d++) {
    const [from, to] = [rowStart[d], rowStart[d + 1]];
    let norm = 0;
    for (let i = from; i < to; i++) {
      row[i - from] = sublinearTf(rowTf[i]) * smoothedIdf(n, df[rowTerms[i]]);
      norm += row[i - from] * row[i - from];
    }
    norm = Math.sqrt(norm) || 1;
    for (let i = from; i < to; i++) rowWeights[i] = row[i - from] / norm;
  }
  return { rows: { start: rowStart, terms: rowTerms, weights: rowWeights, tf: rowTf }, df, parts, text: { start, words, unigrams } };
}

/** A corpus from its numbers: each document's vector as views into the rows, and its spelling of terms from this thread's vocabulary. */
function readCorpus({ rows, df, parts, text }: CorpusArrays): Corpus {
  const { start, words, unigrams } = text;
  const vectors = Array.from({ length: rows.start.length - 1 }, (_, d) => ({
    terms: rows.terms.subarray(rows.start[d], rows.start[d + 1]),
    weights: rows.weights.subarray(rows.start[d], rows.start[d + 1]),
    tf: rows.tf.subarray(rows.start[d], rows.start[d + 1]),
  }));
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
  return { vectors, rows, df, spell };
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
