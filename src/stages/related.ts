import { nearestNeighbours } from "../enrich/related.ts";
import { buildCorpus, topTerms } from "../enrich/tfidf.ts";
import type { Paper } from "../paper.ts";

export const RELATED_COUNT = 5;
export const KEYWORD_COUNT = 5;

/** Related papers and keywords, both from one TF-IDF model of the whole archive, in each paper's own spelling. */
export function related(papers: Paper[]): Paper[] {
  const corpus = buildCorpus(papers.map((p) => p.tokens.ids));
  const neighbours = nearestNeighbours(corpus, RELATED_COUNT, 3);
  return papers.map((p, i) => ({
    ...p,
    related: neighbours[i].map((n) => ({ slug: papers[n.doc].slug, shared: n.shared })),
    keywords: topTerms(corpus, i, KEYWORD_COUNT),
  }));
}
