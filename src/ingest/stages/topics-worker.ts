import type { Documents } from "../../analysis/tfidf.ts";
import { vocabulary, type VocabularySnapshot } from "../../analysis/terms.ts";
import { topicsOf, type Taxonomy, type TopicAssignment } from "../../analysis/topics.ts";

/**
 * A worker thread's share of the topics stage (src/ingest/stages/topics.ts starts it through
 * src/platform/workers.ts): with the ingest's vocabulary loaded, each paper's topics from its word ids,
 * as the ingest's thread would place it.
 */
export function run({
  snapshot,
  taxonomy,
  documents,
  titleLengths,
  categories,
}: {
  snapshot: VocabularySnapshot;
  taxonomy: Taxonomy;
  documents: Documents;
  titleLengths: number[];
  categories: string[][];
}): TopicAssignment[] {
  vocabulary.load(snapshot);
  return titleLengths.map((titleLength, d) =>
    topicsOf({ ids: documents.ids.subarray(documents.start[d], documents.start[d + 1]), titleLength }, taxonomy, categories[d]),
  );
}
