import { WordTable } from "./terms.ts";
import { countCorpus, type CorpusArrays, type Documents } from "./tfidf.ts";

/** A worker thread building the archive's TF-IDF model (src/analysis/tfidf.ts starts it through src/platform/workers.ts) while the ingest's thread renders pages. */
export function run({ documents, table }: { documents: Documents; table: WordTable }): CorpusArrays {
  return countCorpus(documents, WordTable.from(table));
}
