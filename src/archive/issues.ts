import { risingInIssue, type TopicRise } from "../trends/rising.ts";
import type { Timeline } from "../trends/timeline.ts";
import { issuesOf } from "../model/issue.ts";
import { issueUrl } from "../model/urls.ts";
import { paginate, type ListingPage } from "./listing.ts";
import type { PaperItem } from "./paper-files.ts";

/** The issues of the archive: each day's papers in reading order, cut into pages, and each paper's neighbours. */

export interface Issue {
  date: string;
  url: string;
  papers: PaperItem[];
  /** Topics rising in the week to this issue (home page, newsletter). */
  rising: TopicRise;
  newer?: { date: string; url: string };
  older?: { date: string; url: string };
}

/** One page of an issue: `site.issuePageSize` of its papers, in reading order; `url` is the issue's. */
export interface IssuePage extends Issue, ListingPage {
  /** Topics on this page with how many of its papers each holds, largest first. */
  topics: { slug: string; count: number }[];
}

export interface PaperNav {
  previous?: PaperItem;
  next?: PaperItem;
}

/** Every issue, newest first, with the topics rising in the week to it; `papers` newest first. */
export function buildIssues(papers: PaperItem[], timeline: Timeline, fallback: string): Issue[] {
  const dayIssues = issuesOf(papers, (item) => item.data);
  return dayIssues.map(({ date, papers: list }, i): Issue => {
    const neighbour = (j: number) => dayIssues[j] && { date: dayIssues[j].date, url: issueUrl(dayIssues[j].date) };
    const rising = risingInIssue(timeline, date, fallback);
    return { date, url: issueUrl(date), papers: list, rising, newer: neighbour(i - 1), older: neighbour(i + 1) };
  });
}

/** Every page of every issue, `pageSize` papers each, with the topics on each page, largest first. */
export function buildIssuePages(issues: Issue[], pageSize: number): IssuePage[] {
  return issues.flatMap((issue) =>
    paginate(issue.papers, pageSize, (n) => issueUrl(issue.date, n)).map((page): IssuePage => {
      const counts = new Map<string, number>();
      for (const p of page.papers) for (const t of p.data.topics) counts.set(t, (counts.get(t) ?? 0) + 1);
      const topics = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([slug, count]) => ({ slug, count }));
      return { ...issue, ...page, topics };
    }),
  );
}

/** Each paper's previous and next paper in its first issue, by slug. */
export function buildPaperNav(issues: Issue[]): Record<string, PaperNav> {
  const paperNav: Record<string, PaperNav> = {};
  for (const issue of issues) {
    const firsts = issue.papers.filter((p) => p.data.issues[0] === issue.date);
    firsts.forEach((paper, i) => (paperNav[paper.data.slug] = { previous: firsts[i - 1], next: firsts[i + 1] }));
  }
  return paperNav;
}
