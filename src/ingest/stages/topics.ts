import { flatDocuments } from "../../analysis/tfidf.ts";
import { vocabulary } from "../../analysis/terms.ts";
import { topicsOf, type TopicAssignment } from "../../analysis/topics.ts";
import type { Paper } from "../../model/paper.ts";
import type { PipelineContext } from "./context.ts";
import { mapInHalves, PARALLEL_FROM } from "../../platform/workers.ts";
import { inputKey } from "../../store/stage-memo.ts";

/**
 * Topics from the taxonomy's phrases and arXiv categories, with the phrases (and categories) that
 * placed the paper in each. A large archive's second half is placed in a worker thread meanwhile,
 * which loads this thread's vocabulary so its word ids mean the same (src/ingest/stages/topics-worker.ts). A paper
 * whose words (its title and abstract, of which its tokens are made) and categories the memo knows takes its topics
 * from it (`memo`; the taxonomy is in the memo's fingerprint).
 */
export function topics(papers: Paper[], { taxonomy, parallelFrom = PARALLEL_FROM, memo }: PipelineContext): Paper[] {
  const placeAll = (share: Paper[]) =>
    mapInHalves<Paper, TopicAssignment>(share, parallelFrom, (p) => topicsOf(p.tokens, taxonomy, p.facts.categories), {
      module: new URL("./topics-worker.ts", import.meta.url),
      input: (half) => ({
        snapshot: vocabulary.snapshot(),
        taxonomy,
        documents: flatDocuments(half.map((p) => p.tokens.ids)),
        titleLengths: half.map((p) => p.tokens.titleLength),
        categories: half.map((p) => p.facts.categories),
      }),
    });
  const key = (p: Paper) => inputKey(p.title, p.abstract, ...p.facts.categories);
  const placed = memo ? memo.map("topics", papers, key, placeAll) : placeAll(papers);
  return papers.map((p, i) => ({ ...p, topics: placed[i].topics, topicTerms: placed[i].terms }));
}
