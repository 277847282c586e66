import { topicsOf } from "../enrich/topics.ts";
import type { Paper } from "../paper.ts";
import type { PipelineContext } from "../pipeline.ts";

/** Topics from the taxonomy's phrases and arXiv categories, with the phrases (and categories) that placed the paper in each. */
export function topics(papers: Paper[], { taxonomy }: PipelineContext): Paper[] {
  return papers.map((p) => {
    const { topics, terms } = topicsOf(p.tokens, taxonomy, p.facts.categories);
    return { ...p, topics, topicTerms: terms };
  });
}
