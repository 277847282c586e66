import { flatDocuments } from "../../analysis/tfidf.ts";
import { vocabulary } from "../../analysis/terms.ts";
import { topicsOf, type TopicAssignment } from "../../analysis/topics.ts";
import type { Paper } from "../../model/paper.ts";
import type { PipelineContext } from "./context.ts";
import { mapInHalves, PARALLEL_FROM } from "../../platform/workers.ts";

/**
 * Topics from the taxonomy's phrases and arXiv categories, with the phrases (and categories) that
 * placed the paper in each. A large archive's second half is placed in a worker thread meanwhile,
 * which loads this thread's vocabulary so its word ids mean the same (src/ingest/stages/topics-worker.ts).
 */
export function topics(papers: Paper[], { taxonomy, parallelFrom = PARALLEL_FROM }: PipelineContext): Paper[] {
  const placed = mapInHalves<Paper, TopicAssignment>(papers, parallelFrom, (p) => topicsOf(p.tokens, taxonomy, p.facts.categories), {
    module: new URL("./topics-worker.ts", import.meta.url),
    input: (share) => ({
      snapshot: vocabulary.snapshot(),
      taxonomy,
      documents: flatDocuments(share.map((p) => p.tokens.ids)),
      titleLengths: share.map((p) => p.tokens.titleLength),
      categories: share.map((p) => p.facts.categories),
    }),
  });
  return papers.map((p, i) => ({ ...p, topics: placed[i].topics, topicTerms: placed[i].terms }));
}
