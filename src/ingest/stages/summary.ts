import { pickSummary } from "../../analysis/summary.ts";
import { vocabulary } from "../../analysis/terms.ts";
import type { Paper } from "../../model/paper.ts";
import { mapInHalves, PARALLEL_FROM } from "../../platform/workers.ts";
import { inputKey } from "../../store/stage-memo.ts";
import type { PipelineContext } from "./context.ts";

/**
 * A one-line summary: the one a source wrote (Hugging Face's), else the abstract's most telling
 * sentence. A large archive's second half is summed up in a worker thread meanwhile, from the
 * tokens stage's word ids and a frozen copy of the vocabulary's stems (src/ingest/stages/summary-worker.ts). A paper
 * whose abstract and source's summary the memo knows takes its summary from it (`memo`).
 */
export function summary(papers: Paper[], { parallelFrom = PARALLEL_FROM, memo }: Pick<PipelineContext, "parallelFrom" | "memo"> = {}): Paper[] {
  const abstractIds = (p: Paper) => p.tokens.ids.subarray(p.tokens.titleLength);
  const pickAll = (share: Paper[]) => {
    const picked = mapInHalves<Paper, string | undefined>(share, parallelFrom, (p) => p.facts.aiSummary || pickSummary(p.abstract, abstractIds(p)), {
      module: new URL("./summary-worker.ts", import.meta.url),
      input: (half) => ({ table: vocabulary.table(), abstracts: half.map((p) => ({ text: p.facts.aiSummary ? "" : p.abstract, ids: abstractIds(p) })) }),
    });
    // What the worker could not pick (ids out of line with the sentences) is picked here.
    return share.map((p, i) => p.facts.aiSummary || (picked[i] ?? pickSummary(p.abstract, abstractIds(p))));
  };
  const picked = memo ? memo.map("summary", papers, (p) => inputKey(p.facts.aiSummary ?? "", p.abstract), pickAll) : pickAll(papers);
  return papers.map((p, i) => ({ ...p, summary: picked[i] }));
}
