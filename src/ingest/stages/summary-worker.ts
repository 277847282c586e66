import { pickSummaryFromIds } from "../../analysis/summary.ts";
import { WordTable } from "../../analysis/terms.ts";

/**
 * A worker thread's share of the summary stage (src/ingest/stages/summary.ts starts it through
 * src/platform/workers.ts): each abstract's summary from its word ids and the ingest's word table;
 * undefined where the ids do not line up with the sentences, for the ingest's thread to pick.
 */
export function run({ table, abstracts }: { table: WordTable; abstracts: { text: string; ids: Uint32Array }[] }): (string | undefined)[] {
  const lexicon = WordTable.from(table);
  return abstracts.map(({ text, ids }) => pickSummaryFromIds(text, ids, lexicon));
}
