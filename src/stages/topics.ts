import { assignTopics } from "../enrich/topics.ts";
import type { Paper } from "../paper.ts";
import type { PipelineContext } from "../pipeline.ts";

/** Topics from the taxonomy's phrases, with the phrases that placed the paper in each. */
export function topics(papers: Paper[], { taxonomy }: PipelineContext): Paper[] {
  return papers.map((p) => {
    const { topics, terms } = assignTopics(p.title, p.abstract, taxonomy);
    return { ...p, topics, topicTerms: terms };
  });
}
