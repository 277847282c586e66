/**
 * An issue: one day's papers, in reading order. This is the one place that order is
 * decided; the site's pages and feeds, the newsletter and its web version all use it.
 */

/** What the order needs of a paper (its page's front matter). */
export interface IssueMember {
  slug: string;
  /** Every issue it appeared in, oldest first. */
  issues: string[];
  /** Its position in its first issue. */
  rank: number;
}

export interface IssueOf<P> {
  date: string;
  papers: P[];
}

/** Papers first listed that day come first, by rank; papers listed again follow, by their own rank. */
function readingOrder(date: string) {
  return (a: IssueMember, b: IssueMember) => Number(a.issues[0] !== date) - Number(b.issues[0] !== date) || a.rank - b.rank || a.slug.localeCompare(b.slug);
}

/** The dates of every issue the papers are in, oldest first, each once. */
export function issueDates(papers: Iterable<Pick<IssueMember, "issues">>): string[] {
  const dates = new Set<string>();
  for (const paper of papers) for (const date of paper.issues) dates.add(date);
  return [...dates].sort();
}

/** Every issue, newest first, each with its papers in reading order; one pass over the archive. */
export function issuesOf<P>(papers: Iterable<P>, member: (paper: P) => IssueMember): IssueOf<P>[] {
  const byDate = new Map<string, P[]>();
  for (const paper of papers) {
    for (const date of member(paper).issues) {
      const list = byDate.get(date);
      if (list) list.push(paper);
      else byDate.set(date, [paper]);
    }
  }
  return [...byDate.keys()]
    .sort()
    .reverse()
    .map((date) => {
      const order = readingOrder(date);
      return { date, papers: byDate.get(date)!.sort((a, b) => order(member(a), member(b))) };
    });
}
