import { createHash } from "node:crypto";
import { authorSlug } from "../model/authors.ts";
import { quantise, type TermVector, type WindowFeatures } from "../model/term-vector.ts";
import { vocabulary } from "./terms.ts";
import { smoothedIdf, sublinearTf } from "./tfidf.ts";

/**
 * A paper's compact features for the reader's browser: TF-IDF over the terms arxiv-sanity-lite uses — title,
 * abstract and authors, word uni- and bigrams with stop words removed, sublinear tf, smoothed idf, L2-normalised —
 * through the site's one tokenizer (src/analysis/terms.ts), so "models" and "modelling" are one term. Only the
 * heaviest TERMS_PER_PAPER terms are kept, their weights quantised (src/model/term-vector.ts): what the build emits
 * for a window of papers (src/recommend/window.ts), and what a saved paper keeps once it has left the window. The
 * ingest computes the window's (src/ingest/stages/window.ts), since it has the words at hand; the build reuses them
 * when they are of the same papers and texts, and computes them itself otherwise.
 */

/** How many terms a paper keeps: scripts/bench-recommend.ts measures what fewer costs. */
export const TERMS_PER_PAPER = 48;

export interface FeatureSource {
  title: string;
  /** The abstract, as text or the page's Markdown. */
  abstract: string;
  /** The authors a citation names; each becomes a term ("@" and their page slug). */
  authors: readonly string[];
}

/**
 * Terms are small whole numbers while a build works with them, handed out in order of first use: a unigram is
 * known by its stem's id + 1, a bigram by (first + 1) × PAIR + (second + 1), an author by minus (their index + 1).
 * Stem ids hold within one process (src/analysis/terms.ts: vocabulary); a term leaves it as its key, a string: its
 * stems with a space, or "@" and the author's page slug. Counting small numbers (in arrays, or maps V8 keys without
 * a boxed number) rather than strings keeps the window cheap to build.
 */
const PAIR = 2 ** 22;
const termIds = new Map<number, number>();
const termCodes: number[] = [];

function termId(code: number): number {
  let id = termIds.get(code);
  if (id === undefined) {
    termIds.set(code, (id = termCodes.length));
    termCodes.push(code);
  }
  return id;
}
/** More words than a title or an abstract holds: positions in the title, the abstract and the authors stay apart. */
const WORDS_APART = 2 ** 24;
const authorIndex = new Map<string, number>();
const authorKeys: string[] = [];

function termKey(dense: number): string {
  const id = termCodes[dense];
  if (id < 0) return authorKeys[-id - 1];
  if (id < PAIR) return vocabulary.stem(id - 1);
  return `${vocabulary.stem(Math.floor(id / PAIR) - 1)} ${vocabulary.stem((id % PAIR) - 1)}`;
}

/** A paper's terms: each with its count, and where the paper first says it (to show it as written). */
export class PaperTerms {
  readonly ids: number[] = [];
  readonly tf: number[] = [];
  /** Where each term first comes: the title's words, then the abstract's, then the authors, in order. */
  readonly position: number[] = [];
  /** Per term: the run of words it was first said in ([text, from, to], stop words between included), or an author's name. */
  private readonly first: ([number, number, number] | string)[] = [];
  private readonly at = new Map<number, number>();
  private readonly keys: (string | undefined)[] = [];

  constructor(private readonly texts: number[][]) {}

  /** Counts term `id`, said in `text` from word `from` to word `to` (an author's: `text` -1 and their name). */
  use(id: number, text: number, from: number, to: number, name = ""): void {
    const i = this.at.get(id);
    if (i !== undefined) {
      this.tf[i]++;
      return;
    }
    this.at.set(id, this.ids.length);
    this.ids.push(id);
    this.tf.push(1);
    this.position.push(text < 0 ? this.texts.length * WORDS_APART + this.ids.length : text * WORDS_APART + from);
    this.first.push(text < 0 ? name : [text, from, to]);
  }

  get size(): number {
    return this.ids.length;
  }

  /** The i-th term's key. */
  key(i: number): string {
    return (this.keys[i] ??= termKey(this.ids[i]));
  }

  /** The i-th term as the paper first wrote it ("chains of thought", "Hao Lang"). */
  shown(i: number): string {
    const first = this.first[i];
    if (typeof first === "string") return first;
    const [text, from, to] = first;
    return this.texts[text]
      .slice(from, to + 1)
      .map((id) => vocabulary.word(id))
      .join(" ");
  }

  /** Every term's key and count, for a reader of the whole (tests, statistics by key). */
  entries(): [string, { tf: number; shown: string }][] {
    return this.ids.map((_, i) => [this.key(i), { tf: this.tf[i], shown: this.shown(i) }]);
  }
}

/** The terms a paper uses, counted. Bigrams join neighbouring words once stop words are gone, as scikit-learn forms them. */
export function paperTerms({ title, abstract, authors }: FeatureSource): PaperTerms {
  // The title and the abstract are separate runs of words: no bigram spans the two.
  return textTerms([title, abstract], authors);
}

/** The terms of separate texts (no bigram spans two) and of authors. */
export function textTerms(parts: readonly string[], authors: readonly string[] = []): PaperTerms {
  const texts = parts.map((text) => vocabulary.tokenize(text));
  const terms = new PaperTerms(texts);
  texts.forEach((ids, text) => {
    let previous = -1;
    let previousAt = -1;
    for (let i = 0; i < ids.length; i++) {
      if (vocabulary.isStop(ids[i])) continue;
      const stem = vocabulary.stemOf(ids[i]) + 1;
      terms.use(termId(stem), text, i, i);
      if (previous > 0) terms.use(termId(previous * PAIR + stem), text, previousAt, i);
      previous = stem;
      previousAt = i;
    }
  });
  for (const name of authors) {
    const key = `@${authorSlug(name)}`;
    let index = authorIndex.get(key);
    if (index === undefined) {
      authorIndex.set(key, (index = authorKeys.length));
      authorKeys.push(key);
    }
    terms.use(termId(-index - 1), -1, 0, 0, name);
  }
  return terms;
}

/** Document frequencies over a set of papers, by term id (0 past the end): what a term's idf is measured against. */
export interface TermStats {
  documents: number;
  df: Uint32Array;
}

export function termStats(papers: readonly PaperTerms[]): TermStats {
  const df = new Uint32Array(termCodes.length);
  for (const terms of papers) for (const id of terms.ids) df[id]++;
  return { documents: papers.length, df };
}

/** A term's document frequency, by its key (for a reader outside this module: tests). */
export function dfOf(stats: TermStats, key: string): number {
  for (let id = 0; id < stats.df.length; id++) if (stats.df[id] && termKey(id) === key) return stats.df[id];
  return 0;
}

/**
 * A paper's heaviest terms, weighted against `stats` (a term the set never uses counts as if one more paper held it,
 * as smoothed idf does) and L2-normalised over all its terms, as arxiv-sanity-lite's vectors are: a paper full of
 * words no other paper uses weighs less on the words it shares. Terms that at least `shared` papers of the set use
 * are kept first (a term no other paper uses relates the paper to nothing in the window), then the rest, by weight,
 * `keep` in all; and how the paper spells those whose key is not how it reads.
 */
export function termVector(
  terms: PaperTerms,
  stats: TermStats,
  { keep = TERMS_PER_PAPER, shared = 2, only = false }: { keep?: number; shared?: number; only?: boolean } = {},
): { vector: TermVector; shown: Map<string, string> } {
  const n = terms.size;
  const weight = new Float64Array(n);
  const isShared = new Uint8Array(n);
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const df = stats.df[terms.ids[i]] ?? 0;
    weight[i] = sublinearTf(terms.tf[i]) * smoothedIdf(stats.documents, df);
    isShared[i] = df >= shared ? 1 : 0;
    norm += weight[i] * weight[i];
  }
  norm = Math.sqrt(norm) || 1;
  // Shared terms first, heaviest first; of equal weights the one the paper says first (the title's before the
  // abstract's), so a build gives the same bytes every time without making a key for each of hundreds of terms.
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) score[i] = isShared[i] * 1e6 + weight[i];
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (weight[i] > 0 && (isShared[i] || !only)) order.push(i);
  order.sort((a, b) => score[b] - score[a] || terms.position[a] - terms.position[b]);
  const kept = order.slice(0, keep);
  const shown = new Map<string, string>();
  for (const i of kept) {
    const text = terms.shown(i);
    if (text !== terms.key(i)) shown.set(terms.key(i), text);
  }
  return { vector: { terms: kept.map((i) => terms.key(i)), ...quantise(kept.map((i) => weight[i] / norm)) }, shown };
}

/** The window papers' features, in their order: each paper's terms weighed against the window's, keeping those another window paper uses. */
export function windowFeatures(papers: readonly FeatureSource[]): WindowFeatures[] {
  const terms = papers.map(paperTerms);
  const stats = termStats(terms);
  return terms.map((t) => {
    const { vector, shown } = termVector(t, stats, { only: true });
    return { vector, shown: Object.fromEntries(shown) };
  });
}

/** What a paper's features are computed from, as a short hash: features made from other words are not its features. */
export function featureSourceHash({ title, abstract, authors }: FeatureSource): string {
  return createHash("sha256")
    .update(JSON.stringify([title, abstract.trim(), authors]))
    .digest("hex")
    .slice(0, 16);
}

/** Which papers a window holds, as a short hash: a paper's features depend on every paper of its window. */
export function windowKey(slugs: readonly string[]): string {
  return createHash("sha256")
    .update([...slugs].sort().join("\n"))
    .digest("hex")
    .slice(0, 16);
}

const NO_STATS: TermStats = { documents: 0, df: new Uint32Array(0) };

/**
 * The features of a paper outside the window, from its keywords (src/store/derived.ts: the heaviest terms of the
 * ingest's TF-IDF over the whole archive), each a run of its own and weighed by their counts alone: a paper's page
 * gives the same features whichever window the build has, so a page changes only when its paper does.
 */
export function keywordFeatures(keywords: readonly string[]): WindowFeatures {
  const { vector, shown } = termVector(textTerms(keywords), NO_STATS);
  return { vector, shown: Object.fromEntries(shown) };
}
