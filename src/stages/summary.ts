import { pickSummary } from "../enrich/summary.ts";
import type { Paper } from "../paper.ts";

/** The abstract's most telling sentence, as a one-line summary. */
export function summary(papers: Paper[]): Paper[] {
  return papers.map((p) => ({ ...p, summary: pickSummary(p.abstract) }));
}
