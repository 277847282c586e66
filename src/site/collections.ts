import { site, taxonomy as topics } from "./content-dir.ts";
import { issueUrl, topicFeedUrl, topicUrl } from "./urls.ts";

/**
 * Collections the templates paginate over. Each is computed once per build, so no page
 * template ever loops over the whole archive: an issue page gets its own papers, a topic
 * page one slice of its papers.
 */

/** The part of an Eleventy collection item the site reads. */
export interface PaperItem {
  url: string;
  data: {
    title: string;
    slug: string;
    date: string | Date;
    issues: string[];
    rank: number;
    topics: string[];
    [key: string]: unknown;
  };
}

interface CollectionApi {
  getFilteredByTag(tag: string): PaperItem[];
}

export interface Issue {
  date: string;
  url: string;
  papers: PaperItem[];
  /** Topics in this issue with how many of its papers each holds, largest first. */
  topics: { slug: string; count: number }[];
  newer?: { date: string; url: string };
  older?: { date: string; url: string };
}

export interface TopicPage {
  slug: string;
  name: string;
  description: string;
  count: number;
  pageNumber: number;
  pageCount: number;
  url: string;
  papers: PaperItem[];
  previousUrl?: string;
  nextUrl?: string;
}

/** Newest issue first, then by rank in that issue. */
function newestFirst(a: PaperItem, b: PaperItem): number {
  return b.data.issues[0].localeCompare(a.data.issues[0]) || a.data.rank - b.data.rank || a.data.slug.localeCompare(b.data.slug);
}

/** Pages the ingest wrote (a page the curator adds by hand to papers/ has no issues and is left out of listings). */
function ingested(api: CollectionApi): PaperItem[] {
  return api.getFilteredByTag("paper").filter((p) => Array.isArray(p.data.issues) && p.data.issues.length > 0 && Array.isArray(p.data.topics));
}

export function papers(api: CollectionApi): PaperItem[] {
  return ingested(api).sort(newestFirst);
}

export function papersBySlug(api: CollectionApi): Record<string, PaperItem> {
  return Object.fromEntries(ingested(api).map((p) => [p.data.slug, p]));
}

export interface PaperNav {
  previous?: PaperItem;
  next?: PaperItem;
}

/** Each paper's neighbours in rank order within its first issue, by slug. */
export function paperNav(api: CollectionApi): Record<string, PaperNav> {
  const nav: Record<string, PaperNav> = {};
  for (const issue of issues(api)) {
    const firsts = issue.papers.filter((p) => p.data.issues[0] === issue.date);
    firsts.forEach((paper, i) => {
      nav[paper.data.slug] = { previous: firsts[i - 1], next: firsts[i + 1] };
    });
  }
  return nav;
}

export function issues(api: CollectionApi): Issue[] {
  const byDate = new Map<string, PaperItem[]>();
  for (const paper of papers(api)) {
    for (const date of paper.data.issues) {
      if (!byDate.has(date)) byDate.set(date, []);
      byDate.get(date)!.push(paper);
    }
  }
  const dates = [...byDate.keys()].sort().reverse();
  return dates.map((date, i) => {
    // A paper first seen on this day keeps its rank; repeats from earlier days follow.
    const list = byDate.get(date)!.sort((a, b) => Number(a.data.issues[0] !== date) - Number(b.data.issues[0] !== date) || a.data.rank - b.data.rank);
    const counts = new Map<string, number>();
    for (const p of list) for (const t of p.data.topics) counts.set(t, (counts.get(t) ?? 0) + 1);
    return {
      date,
      url: issueUrl(date),
      papers: list,
      topics: [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([slug, count]) => ({ slug, count })),
      newer: i > 0 ? { date: dates[i - 1], url: issueUrl(dates[i - 1]) } : undefined,
      older: i < dates.length - 1 ? { date: dates[i + 1], url: issueUrl(dates[i + 1]) } : undefined,
    };
  });
}

/** Each topic's papers, newest first. */
function papersByTopic(api: CollectionApi): Map<string, PaperItem[]> {
  const byTopic = new Map<string, PaperItem[]>(topics.map((t) => [t.slug, []]));
  for (const paper of papers(api)) for (const t of paper.data.topics) byTopic.get(t)?.push(paper);
  return byTopic;
}

export interface TopicFeed {
  slug: string;
  name: string;
  description: string;
  url: string;
  /** The topic's newest papers, at most `site.feed.items`. */
  papers: PaperItem[];
}

/** One RSS feed per topic, at /topics/<slug>/feed.xml. */
export function topicFeeds(api: CollectionApi): TopicFeed[] {
  const byTopic = papersByTopic(api);
  return topics.map((topic) => ({
    slug: topic.slug,
    name: topic.name,
    description: topic.description,
    url: topicFeedUrl(topic.slug),
    papers: byTopic.get(topic.slug)!.slice(0, site.feed.items),
  }));
}

/** Every topic page to render: each topic's papers, newest first, in pages of `site.pageSize`. */
export function topicPages(api: CollectionApi): TopicPage[] {
  const byTopic = papersByTopic(api);
  return topics.flatMap((topic) => {
    const list = byTopic.get(topic.slug)!;
    const pageCount = Math.max(1, Math.ceil(list.length / site.pageSize));
    return Array.from({ length: pageCount }, (_, i) => ({
      slug: topic.slug,
      name: topic.name,
      description: topic.description,
      count: list.length,
      pageNumber: i + 1,
      pageCount,
      url: topicUrl(topic.slug, i + 1),
      papers: list.slice(i * site.pageSize, (i + 1) * site.pageSize),
      previousUrl: i > 0 ? topicUrl(topic.slug, i) : undefined,
      nextUrl: i + 1 < pageCount ? topicUrl(topic.slug, i + 2) : undefined,
    }));
  });
}

/** One entry per topic (its first page), for the topic index. */
export function topicList(api: CollectionApi): TopicPage[] {
  return topicPages(api).filter((p) => p.pageNumber === 1);
}
