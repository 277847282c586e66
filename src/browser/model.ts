import type { TermVector } from "../model/term-vector.ts";
import { weightsOf, type Window } from "./features.ts";
import { seededRandom } from "../platform/random.ts";

/**
 * The "For you" model, trained in the reader's browser each time the page opens, in arxiv-sanity-lite's manner: a
 * linear SVM (liblinear's dual coordinate descent for the squared hinge loss, as scikit-learn's LinearSVC runs it,
 * C = 0.01, classes balanced, the intercept learned as one more feature) over the papers' TF-IDF features, the saved
 * papers positive, the rest of the window negative; a paper the reader marked "Not interested" is a negative that
 * weighs as much as a saved one. The window is then ranked by the SVM's score, and each paper says which saved paper
 * it is most like and on what terms. Pure, no DOM: scripts/bench-recommend.ts runs this module in Node.
 */

export const SVM_C = 0.01;
const TOLERANCE = 1e-6;
const MAX_EPOCHS = 1000;

/** A paper as the reader's library keeps it: its slug and, once known, its features. */
export interface Labelled {
  slug: string;
  title: string;
  vector?: TermVector;
  /** How some of its terms are shown (src/browser/features.ts). */
  shown?: Record<string, string>;
}

export interface ReaderState {
  saved: readonly Labelled[];
  dismissed: readonly Labelled[];
}

export type WindowPaperOf = Window["papers"][number];

export interface Recommendation {
  paper: WindowPaperOf;
  score: number;
  /** The saved paper it is most like, and the terms they share, heaviest first: their keys and as they read. */
  because?: { slug: string; title: string; terms: string[]; shared: string[] };
}

/** A sparse vector over interned term ids, its weights as in the unit vector of all the paper's terms. */
interface Sparse {
  ids: Int32Array;
  values: Float64Array;
}

/** Term keys as dense ids, for the SVM's weight vector. */
class Terms {
  readonly ids = new Map<string, number>();

  vector(vector: TermVector): Sparse {
    const ids = new Int32Array(vector.terms.length);
    vector.terms.forEach((term, i) => {
      let id = this.ids.get(term);
      if (id === undefined) this.ids.set(term, (id = this.ids.size));
      ids[i] = id;
    });
    return { ids, values: Float64Array.from(weightsOf(vector)) };
  }
}

function dot(w: Float64Array, x: Sparse): number {
  let sum = 0;
  for (let i = 0; i < x.ids.length; i++) sum += w[x.ids[i]] * x.values[i];
  return sum;
}

export interface Sample {
  x: Sparse;
  /** +1 or -1. */
  y: number;
  /** This sample's C (C times its class's weight). */
  c: number;
}

/**
 * A linear SVM with the squared hinge loss, by liblinear's dual coordinate descent (Hsieh et al., ICML 2008) without
 * shrinking: α_i ≥ 0, the gradient of sample i is y_i w·x_i − 1 + α_i / (2 C_i), and the loop stops when the projected
 * gradients span at most TOLERANCE. The intercept is a feature of value 1, regularised with the rest, as in
 * liblinear (intercept_scaling = 1).
 */
export function trainSvm(samples: readonly Sample[], dimensions: number): { w: Float64Array; b: number } {
  const w = new Float64Array(dimensions);
  let b = 0;
  const alpha = new Float64Array(samples.length);
  const diagonal = samples.map((s) => 0.5 / s.c);
  const qd = samples.map((s, i) => diagonal[i] + 1 + s.x.values.reduce((sum, v) => sum + v * v, 0));
  const order = samples.map((_, i) => i);
  const next = seededRandom(1);
  for (let epoch = 0; epoch < MAX_EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    let highest = -Infinity;
    let lowest = Infinity;
    for (const i of order) {
      const { x, y } = samples[i];
      const gradient = y * (dot(w, x) + b) - 1 + alpha[i] * diagonal[i];
      const projected = alpha[i] === 0 ? Math.min(gradient, 0) : gradient;
      highest = Math.max(highest, projected);
      lowest = Math.min(lowest, projected);
      if (Math.abs(projected) > 1e-12) {
        const before = alpha[i];
        alpha[i] = Math.max(before - gradient / qd[i], 0);
        const step = (alpha[i] - before) * y;
        for (let k = 0; k < x.ids.length; k++) w[x.ids[k]] += step * x.values[k];
        b += step;
      }
    }
    if (highest - lowest <= TOLERANCE) break;
  }
  return { w, b };
}

/** The terms two vectors share, by the product of their weights, heaviest first, leaving out one a chosen bigram holds ("weak" beside "weak model"). */
function sharedTerms(a: TermVector, b: TermVector, count: number): string[] {
  const weightOf = new Map(b.terms.map((term, i) => [term, b.weights[i]]));
  const ranked = a.terms
    .map((term, i) => [term, a.weights[i] * (weightOf.get(term) ?? 0)] as const)
    .filter(([, product]) => product > 0)
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  const chosen: string[] = [];
  for (const [term] of ranked) {
    if (chosen.length === count) break;
    const words = term.split(" ");
    if (chosen.some((c) => c.split(" ").some((w) => words.includes(w)))) continue;
    chosen.push(term);
  }
  return chosen;
}

/** How a term reads: its spelling in the window or the saved paper, else its key (an author's term by the name). */
function readable(term: string, window: Window, saved: Labelled): string {
  return window.shown.get(term) ?? saved.shown?.[term] ?? term.replace(/^@/, "");
}

/**
 * The window ranked for a reader: every paper they neither saved nor dismissed, best first, the best `explained` of
 * them with the saved paper each is most like. Empty when nothing saved has features yet.
 */
export function recommend(window: Window, reader: ReaderState, explained = 50): Recommendation[] {
  const terms = new Terms();
  const inWindow = new Map(window.papers.map((p) => [p.slug, p]));
  const vectorOf = (item: Labelled) => item.vector ?? inWindow.get(item.slug)?.vector;
  const saved = reader.saved.filter((item) => vectorOf(item));
  if (!saved.length) return [];
  const savedSlugs = new Set(reader.saved.map((item) => item.slug));
  const dismissedSlugs = new Set(reader.dismissed.map((item) => item.slug).filter((slug) => !savedSlugs.has(slug)));
  const dismissed = reader.dismissed.filter((item) => dismissedSlugs.has(item.slug) && vectorOf(item));

  // Every window paper is a sample; saved or dismissed papers outside the window are added from what the library keeps.
  const examples: { vector: TermVector; y: number; dismissed: boolean }[] = window.papers.map((p) => ({
    vector: p.vector,
    y: savedSlugs.has(p.slug) ? 1 : -1,
    dismissed: dismissedSlugs.has(p.slug),
  }));
  for (const item of saved) if (!inWindow.has(item.slug)) examples.push({ vector: item.vector!, y: 1, dismissed: false });
  for (const item of dismissed) if (!inWindow.has(item.slug)) examples.push({ vector: item.vector!, y: -1, dismissed: true });
  const positives = examples.filter((e) => e.y > 0).length;
  const negatives = examples.length - positives;
  if (!negatives) return [];
  // scikit-learn's class_weight="balanced": n / (classes × count of the class).
  const positiveC = (SVM_C * examples.length) / (2 * positives);
  const negativeC = (SVM_C * examples.length) / (2 * negatives);
  const samples = examples.map((e) => ({ x: terms.vector(e.vector), y: e.y, c: e.y > 0 || e.dismissed ? positiveC : negativeC }));
  const { w, b } = trainSvm(samples, terms.ids.size);

  const candidates = window.papers
    .map((paper, i) => ({ paper, x: samples[i].x }))
    .filter(({ paper }) => !savedSlugs.has(paper.slug) && !dismissedSlugs.has(paper.slug));
  const ranked = candidates
    .map(({ paper, x }) => ({ paper, score: dot(w, x) + b }))
    .sort((a, b) => b.score - a.score || (a.paper.slug < b.paper.slug ? -1 : 1));
  const savedVectors = saved.map((item) => ({ item, x: terms.vector(vectorOf(item)!), vector: vectorOf(item)! }));
  return ranked.map((r, i): Recommendation => {
    if (i >= explained) return r;
    const x = terms.vector(r.paper.vector);
    let best = savedVectors[0];
    let bestSimilarity = -Infinity;
    for (const s of savedVectors) {
      const similarity = cosine(x, s.x);
      if (similarity > bestSimilarity) [best, bestSimilarity] = [s, similarity];
    }
    const keys = sharedTerms(r.paper.vector, best.vector, 3);
    return { ...r, because: { slug: best.item.slug, title: best.item.title, terms: keys, shared: keys.map((key) => readable(key, window, best.item)) } };
  });
}

function cosine(a: Sparse, b: Sparse): number {
  const at = new Map<number, number>();
  for (let i = 0; i < a.ids.length; i++) at.set(a.ids[i], a.values[i]);
  let sum = 0;
  for (let i = 0; i < b.ids.length; i++) sum += (at.get(b.ids[i]) ?? 0) * b.values[i];
  return sum;
}
