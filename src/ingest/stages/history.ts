import type { Paper } from "../../model/paper.ts";
import type { PipelineContext } from "./context.ts";

/**
 * A page never loses an issue because its digest was not read this run (a file that failed
 * to parse, or was moved away): issue dates whose digest was read come from it; the others
 * are kept from the page, and if a kept one is the earliest, so are its date and rank.
 */
export function history(papers: Paper[], { published, readDates }: PipelineContext): Paper[] {
  return papers.map((paper) => {
    const before = published.get(paper.id);
    const kept = (before?.issues ?? []).filter((d) => !readDates.has(d) && !paper.issues.includes(d));
    if (kept.length === 0) return paper;
    const issues = [...paper.issues, ...kept].sort();
    return issues[0] === paper.date ? { ...paper, issues } : { ...paper, issues, date: issues[0], rank: before!.rank };
  });
}
