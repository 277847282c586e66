import { WEIGHT_LEVELS, type TermVector } from "../model/term-vector.ts";

/**
 * What the build emits for the reader's browser to recommend from, and how the browser reads it back: the recent
 * window's papers with their compact features (/assets/window.<hash>.json), and one paper's record on its own page.
 * Pure and free of Node's modules: src/recommend/ writes this format at build time, the browser's script reads it,
 * and the benchmark (scripts/bench-recommend.ts) runs the same reading in Node. A paper's features are a TermVector
 * (src/model/term-vector.ts).
 */

/** The format of the window file and of a paper's record; a reader of a newer one than it knows ignores it. */
export const FEATURES_VERSION = 1;

/** One paper of the window, as the file holds it. */
export interface WindowPaper {
  slug: string;
  title: string;
  /** Its first issue, YYYY-MM-DD. */
  date: string;
  /** The names its byline shows (src/model/authors.ts: bylineNames). */
  byline: string[];
  /** Whether the paper has more authors than `byline` names. */
  etAl: boolean;
  /** Its linked authors' page slugs, for the follow marks. */
  authorSlugs: string[];
  topics: string[];
  arxivId?: string;
  summary: string;
  /** Its terms as indexes into the file's `terms`, each the gap from the one before (the first from 0), ascending. */
  t: number[];
  /** Their quantised weights, in step with `t`. */
  w: number[];
  /** The heaviest term's weight in the unit vector of all the paper's terms. */
  scale: number;
}

export interface WindowFile {
  version: number;
  /** The issues the window spans, newest first. */
  issues: string[];
  /** Every term any window paper keeps, commonest first (small gaps between a paper's indexes). */
  terms: string[];
  /** How a term is shown where it is not its key ("reward models" for "reward model"), by index into `terms`. */
  shown: Record<string, string>;
  papers: WindowPaper[];
}

/**
 * A paper as its own page describes it to the browser (`<script type="application/json" id="paper-record">`), and the
 * entry its "Cite" gives, which the browser reads from the page itself (src/browser/store.ts: recordOf).
 */
export interface PaperRecord {
  version: number;
  slug: string;
  title: string;
  date: string;
  /** The names its byline shows (src/model/authors.ts: bylineNames). */
  byline: string[];
  etAl: boolean;
  topics: string[];
  arxivId?: string;
  /** The page's BibTeX entry, for the library's export. */
  bibtex: string;
  vector: TermVector;
  /**
   * How a term is shown where it is not its key: none on a page (a reason names terms a window paper shares, and the
   * window shows its own); the library keeps what the window showed of a saved paper's terms.
   */
  shown?: Record<string, string>;
}

/** The window's papers with their features as term vectors. */
export interface Window {
  issues: string[];
  papers: (Omit<WindowPaper, "t" | "w" | "scale"> & { vector: TermVector })[];
  /** How a term is shown where it is not its key. */
  shown: Map<string, string>;
}

/** The window file, read back; undefined for a version this code does not know. */
export function readWindow(file: WindowFile): Window | undefined {
  if (file.version !== FEATURES_VERSION) return undefined;
  const shown = new Map(Object.entries(file.shown).map(([index, text]) => [file.terms[Number(index)], text]));
  const papers = file.papers.map(({ t, w, scale, ...paper }) => {
    let at = 0;
    const terms = t.map((gap) => file.terms[(at += gap)]);
    return { ...paper, vector: { terms, weights: w, scale } };
  });
  return { issues: file.issues, papers, shown };
}

/** A vector's terms as the window file writes them: gaps between ascending indexes into `index`'s terms. */
export function encodeTerms(vector: TermVector, index: Map<string, number>): { t: number[]; w: number[]; scale: number } {
  const pairs = vector.terms.map((term, i) => [index.get(term)!, vector.weights[i]] as const).sort((a, b) => a[0] - b[0]);
  return { t: pairs.map(([at], i) => at - (i ? pairs[i - 1][0] : 0)), w: pairs.map(([, weight]) => weight), scale: vector.scale };
}

/** A vector's weights as numbers again: each level's share of the heaviest's weight. */
export function weightsOf(vector: TermVector): number[] {
  return vector.weights.map((q) => (q / WEIGHT_LEVELS) * vector.scale);
}
