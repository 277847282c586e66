import { pickSummary } from "../enrich/summary.ts";
import type { Paper } from "../paper.ts";

/** A one-line summary: the one a source wrote (Hugging Face's), else the abstract's most telling sentence. */
export function summary(papers: Paper[]): Paper[] {
  return papers.map((p) => ({ ...p, summary: p.facts.aiSummary || pickSummary(p.abstract, p.tokens.ids.subarray(p.tokens.titleLength)) }));
}
