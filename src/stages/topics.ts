import { flatDocuments } from "../enrich/tfidf.ts";
import { vocabulary } from "../enrich/terms.ts";
import { topicsOf, type TopicAssignment } from "../enrich/topics.ts";
import type { Paper } from "../paper.ts";
import type { PipelineContext } from "./context.ts";
import { PARALLEL_FROM, runBeside, workerShareFrom } from "../workers.ts";

/**
 * Topics from the taxonomy's phrases and arXiv categories, with the phrases (and categories) that
 * placed the paper in each. A large archive's second half is placed in a worker thread meanwhile,
 * which loads this thread's vocabulary so its word ids mean the same (src/enrich/topics-worker.ts).
 */
export function topics(papers: Paper[], { taxonomy }: PipelineContext, parallelFrom = PARALLEL_FROM): Paper[] {
  const half = workerShareFrom(papers.length, parallelFrom);
  const rest = papers.slice(half);
  const worker = rest.length
    ? runBeside<TopicAssignment[]>(new URL("../enrich/topics-worker.ts", import.meta.url), {
        snapshot: vocabulary.snapshot(),
        taxonomy,
        documents: flatDocuments(rest.map((p) => p.tokens.ids)),
        titleLengths: rest.map((p) => p.tokens.titleLength),
        categories: rest.map((p) => p.facts.categories),
      })
    : undefined;
  const first = papers.slice(0, half).map((p) => topicsOf(p.tokens, taxonomy, p.facts.categories));
  const second = worker?.() ?? [];
  return papers.map((p, i) => {
    const { topics, terms } = i < half ? first[i] : second[i - half];
    return { ...p, topics, topicTerms: terms };
  });
}
