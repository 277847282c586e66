/**
 * A paper's compact features, as the ingest computes them (src/analysis/paper-terms.ts), the build writes them for the
 * reader's browser (src/recommend/window.ts) and the browser reads them (src/browser/features.ts): its heaviest terms by
 * key (word stems, stem bigrams, "@" and an author's page slug), each weight quantised to a whole number from 1 to
 * WEIGHT_LEVELS. A term is named by its key, not by an index or a hash, so that a paper the reader saved weeks ago
 * still meets today's window on the same terms.
 */

/** Weights are kept as whole numbers from 1 to this (the heaviest term of a paper). */
export const WEIGHT_LEVELS = 255;

/** A paper's features: term keys and their quantised weights, in step, and the heaviest's weight in the unit vector of all its terms. */
export interface TermVector {
  terms: string[];
  weights: number[];
  scale: number;
}

/** Weights as whole numbers from 1 to WEIGHT_LEVELS, the heaviest at the top (a byte each, within half a percent), and the heaviest's weight. */
export function quantise(weights: readonly number[]): { weights: number[]; scale: number } {
  if (!weights.length) return { weights: [], scale: 0 };
  const top = Math.max(...weights);
  return { weights: weights.map((w) => Math.max(1, Math.round((WEIGHT_LEVELS * w) / top))), scale: Number(top.toPrecision(4)) };
}

/** A window paper's features, and how the paper spells those of its terms whose key is not how it reads ("reward models"). */
export interface WindowFeatures {
  vector: TermVector;
  shown: Record<string, string>;
}

/**
 * A window paper's features as the ingest computed them (src/ingest/stages/window.ts), with what from: the papers of
 * its window (src/analysis/paper-terms.ts: windowKey) and its own words (featureSourceHash). The build uses them only
 * where both still hold.
 */
export interface IngestFeatures extends WindowFeatures {
  window: string;
  text: string;
}
