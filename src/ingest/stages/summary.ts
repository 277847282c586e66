import { pickSummary } from "../../analysis/summary.ts";
import { vocabulary } from "../../analysis/terms.ts";
import type { Paper } from "../../model/paper.ts";
import { mapInHalves, PARALLEL_FROM } from "../../platform/workers.ts";
import type { PipelineContext } from "./context.ts";

/**
 * A one-line summary: the one a source wrote (Hugging Face's), else the abstract's most telling
 * sentence. A large archive's second half is summed up in a worker thread meanwhile, from the
 * tokens stage's word ids and a frozen copy of the vocabulary's stems (src/ingest/stages/summary-worker.ts).
 */
export function summary(papers: Paper[], { parallelFrom = PARALLEL_FROM }: Pick<PipelineContext, "parallelFrom"> = {}): Paper[] {
  const abstractIds = (p: Paper) => p.tokens.ids.subarray(p.tokens.titleLength);
  const picked = mapInHalves<Paper, string | undefined>(papers, parallelFrom, (p) => p.facts.aiSummary || pickSummary(p.abstract, abstractIds(p)), {
    module: new URL("./summary-worker.ts", import.meta.url),
    input: (share) => ({ table: vocabulary.table(), abstracts: share.map((p) => ({ text: p.facts.aiSummary ? "" : p.abstract, ids: abstractIds(p) })) }),
  });
  // What the worker could not pick (ids out of line with the sentences) is picked here.
  return papers.map((p, i) => ({ ...p, summary: p.facts.aiSummary || (picked[i] ?? pickSummary(p.abstract, abstractIds(p))) }));
}
