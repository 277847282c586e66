import type { Paper } from "./paper.ts";

/** What the pages already written say about a paper's issues. */
export interface PublishedIssues {
  issues: string[];
  rank: number;
}

/**
 * Pipeline stage: a page never loses an issue because its digest was not read this run
 * (a file that failed to parse, or one moved away). Issue dates whose digest *was* read
 * are recomputed from it; the others are kept from the page. If the kept date is the
 * earliest, so are its date and rank.
 */
export function keepUnreadIssues(papers: Paper[], published: ReadonlyMap<string, PublishedIssues>, readDates: ReadonlySet<string>): Paper[] {
  return papers.map((paper) => {
    const before = published.get(paper.id);
    const kept = (before?.issues ?? []).filter((d) => !readDates.has(d) && !paper.issues.includes(d));
    if (kept.length === 0) return paper;
    const issues = [...paper.issues, ...kept].sort();
    return issues[0] === paper.date ? { ...paper, issues } : { ...paper, issues, date: issues[0], rank: before!.rank };
  });
}
