import { nearestNeighbours } from "../../analysis/related.ts";
import type { TopicPrior } from "../../analysis/neighbour-search.ts";
import { buildCorpus, topTerms } from "../../analysis/tfidf.ts";
import { sharedArray } from "../../platform/workers.ts";
import type { Paper } from "../../model/paper.ts";
import type { PipelineContext } from "./context.ts";
import type { Taxonomy } from "../../analysis/topics.ts";

export const RELATED_COUNT = 5;
export const KEYWORD_COUNT = 5;
/** What sharing all their topics adds to two papers' cosine (typically 0.05–0.4): enough to prefer a paper of the same field among lexically close ones. */
export const TOPIC_PRIOR = 0.1;

/**
 * Related papers and keywords, both from one TF-IDF model of the whole archive, in each paper's
 * own spelling. Papers that share topics are preferred: words alone pair an RL paper with
 * optimisation papers that say "policy" and "gradient" as often.
 */
export function related(papers: Paper[], { taxonomy, corpus: started }: PipelineContext): Paper[] {
  const corpus = started?.() ?? buildCorpus(papers.map((p) => p.tokens.ids));
  if (corpus.vectors.length !== papers.length)
    throw new Error(`the corpus started for related papers holds ${corpus.vectors.length} papers, not ${papers.length}`);
  const neighbours = nearestNeighbours(corpus, RELATED_COUNT, 3, topicPrior(papers, taxonomy));
  return papers.map((p, i) => ({
    ...p,
    related: neighbours[i].map((n) => ({ slug: papers[n.doc].slug, shared: n.shared })),
    keywords: topTerms(corpus, i, KEYWORD_COUNT),
  }));
}

/**
 * What sharing topics adds to two papers' cosine: `TOPIC_PRIOR` × the share of their topics they have in
 * common (the fallback topic left out). Each paper's topics are bits in one shared array: the prior is
 * asked of 40 candidates a paper, on two threads.
 */
function topicPrior(papers: Paper[], taxonomy: Taxonomy): TopicPrior {
  const slugs = taxonomy.topics.filter((t) => !t.fallback).map((t) => t.slug);
  const index = new Map(slugs.map((slug, i) => [slug, i]));
  const words = Math.ceil(slugs.length / 32);
  const bits = sharedArray(Uint32Array, words * papers.length);
  const counts = sharedArray(Uint8Array, papers.length);
  papers.forEach((p, i) => {
    for (const t of p.topics) {
      if (!index.has(t)) continue;
      bits[i * words + (index.get(t)! >> 5)] |= 1 << (index.get(t)! & 31);
      counts[i]++;
    }
  });
  return { bits, words, counts, weight: TOPIC_PRIOR };
}
