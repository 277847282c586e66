import { vocabulary } from "../analysis/terms.ts";
import { smoothedIdf, sublinearTf } from "../analysis/tfidf.ts";
import { authorSlug } from "../model/authors.ts";
import { quantise, type TermVector } from "../browser/features.ts";

/**
 * A paper's compact features for the reader's browser: TF-IDF over the terms arxiv-sanity-lite uses — title,
 * abstract and authors, word uni- and bigrams with stop words removed, sublinear tf, smoothed idf, L2-normalised —
 * through the site's one tokenizer (src/analysis/terms.ts), so "models" and "modelling" are one term. Only the
 * heaviest TERMS_PER_PAPER terms are kept, their weights quantised (src/browser/features.ts): what the build emits
 * for a window of papers, and what a saved paper keeps once it has left the window.
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

/** One term of a paper: how often it says it, and how it first spells it. */
interface TermUse {
  tf: number;
  shown: string;
}

/** A paper's terms by key: a stem, two stems with a space, or "@" and an author's page slug. */
export type PaperTerms = Map<string, TermUse>;

/** The terms a paper uses, counted. Bigrams join neighbouring words once stop words are gone, as scikit-learn forms them. */
export function paperTerms({ title, abstract, authors }: FeatureSource): PaperTerms {
  const terms: PaperTerms = new Map();
  const use = (key: string, shown: string) => {
    const found = terms.get(key);
    if (found) found.tf++;
    else terms.set(key, { tf: 1, shown });
  };
  // The title and the abstract are separate runs of words: no bigram spans the two.
  for (const text of [title, abstract]) {
    let previous: { stem: string; word: string } | undefined;
    // The stop words since the last word kept: a bigram reads as the text said it ("chains of thought").
    let between: string[] = [];
    for (const id of vocabulary.tokenize(text)) {
      if (vocabulary.isStop(id)) {
        between.push(vocabulary.word(id));
        continue;
      }
      const current = { stem: vocabulary.stem(vocabulary.stemOf(id)), word: vocabulary.word(id) };
      use(current.stem, current.word);
      if (previous) use(`${previous.stem} ${current.stem}`, [previous.word, ...between, current.word].join(" "));
      previous = current;
      between = [];
    }
  }
  for (const name of authors) use(`@${authorSlug(name)}`, name);
  return terms;
}

/** Document frequencies over a set of papers: what a term's idf is measured against. */
export interface TermStats {
  documents: number;
  df: Map<string, number>;
}

export function termStats(papers: readonly PaperTerms[]): TermStats {
  const df = new Map<string, number>();
  for (const terms of papers) for (const key of terms.keys()) df.set(key, (df.get(key) ?? 0) + 1);
  return { documents: papers.length, df };
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
  const weighted = [...terms].map(([key, { tf }]) => {
    const df = stats.df.get(key) ?? 0;
    return { key, weight: sublinearTf(tf) * smoothedIdf(stats.documents, df), isShared: df >= shared };
  });
  const norm = Math.sqrt(weighted.reduce((sum, t) => sum + t.weight * t.weight, 0)) || 1;
  // Shared terms first, heaviest first; a tie goes to the key's order, so a build gives the same bytes every time.
  weighted.sort((a, b) => Number(b.isShared) - Number(a.isShared) || b.weight - a.weight || (a.key < b.key ? -1 : 1));
  const kept = weighted.filter((t) => t.weight > 0 && (t.isShared || !only)).slice(0, keep);
  const shown = new Map<string, string>();
  for (const { key } of kept) {
    const text = terms.get(key)!.shown;
    if (text !== key) shown.set(key, text);
  }
  const weights = kept.map((t) => t.weight / norm);
  return { vector: { terms: kept.map((t) => t.key), ...quantise(weights) }, shown };
}
