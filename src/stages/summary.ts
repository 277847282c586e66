import { pickSummary } from "../enrich/summary.ts";
import { vocabulary } from "../enrich/terms.ts";
import type { Paper } from "../paper.ts";
import { PARALLEL_FROM, runBeside, workerShareFrom } from "../workers.ts";

/**
 * A one-line summary: the one a source wrote (Hugging Face's), else the abstract's most telling
 * sentence. A large archive's second half is summed up in a worker thread meanwhile, from the
 * tokens stage's word ids and a frozen copy of the vocabulary's stems (src/enrich/summary-worker.ts).
 */
export function summary(papers: Paper[], _context?: unknown, parallelFrom = PARALLEL_FROM): Paper[] {
  const abstractIds = (p: Paper) => p.tokens.ids.subarray(p.tokens.titleLength);
  const half = workerShareFrom(papers.length, parallelFrom);
  const rest = papers.slice(half).map((p) => ({ text: p.facts.aiSummary ? "" : p.abstract, ids: abstractIds(p) }));
  const worker = rest.length
    ? runBeside<(string | undefined)[]>(new URL("../enrich/summary-worker.ts", import.meta.url), { table: vocabulary.table(), abstracts: rest })
    : undefined;
  const first = papers.slice(0, half).map((p) => p.facts.aiSummary || pickSummary(p.abstract, abstractIds(p)));
  const second = worker?.() ?? [];
  return papers.map((p, i) => {
    if (i < half) return { ...p, summary: first[i] };
    // What the worker could not pick (ids out of line with the sentences) is picked here.
    return { ...p, summary: p.facts.aiSummary || (second[i - half] ?? pickSummary(p.abstract, abstractIds(p))) };
  });
}
