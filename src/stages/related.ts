import { nearestNeighbours } from "../enrich/related.ts";
import { buildCorpus, topTerms } from "../enrich/tfidf.ts";
import type { Paper } from "../paper.ts";
import type { PipelineContext } from "../pipeline.ts";

export const RELATED_COUNT = 5;
export const KEYWORD_COUNT = 5;
/** What sharing all their topics adds to two papers' cosine (typically 0.05–0.4): enough to prefer a paper of the same field among lexically close ones. */
export const TOPIC_PRIOR = 0.1;

/**
 * Related papers and keywords, both from one TF-IDF model of the whole archive, in each paper's
 * own spelling. Papers that share topics are preferred: words alone pair an RL paper with
 * optimisation papers that say "policy" and "gradient" as often.
 */
export function related(papers: Paper[], { taxonomy }: PipelineContext): Paper[] {
  const corpus = buildCorpus(papers.map((p) => p.tokens.ids));
  const topicSets = papers.map((p) => p.topics.filter((t) => t !== taxonomy.fallback.slug));
  const prior = (a: number, b: number) => {
    const shared = topicSets[a].filter((t) => topicSets[b].includes(t)).length;
    return shared ? (TOPIC_PRIOR * shared) / Math.max(topicSets[a].length, topicSets[b].length) : 0;
  };
  const neighbours = nearestNeighbours(corpus, RELATED_COUNT, 3, prior);
  return papers.map((p, i) => ({
    ...p,
    related: neighbours[i].map((n) => ({ slug: papers[n.doc].slug, shared: n.shared })),
    keywords: topTerms(corpus, i, KEYWORD_COUNT),
  }));
}
