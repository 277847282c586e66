import { join } from "node:path";
import { authorSlug, linkedAuthors } from "../authors.ts";
import { issuesOf } from "../issue.ts";
import { isIngestPage, type FrontMatter } from "../pages/schema.ts";
import { buildTrends, type TopicTrend, type Trends } from "../trends/model.ts";
import { risingInIssue, type TopicRise } from "../trends/rising.ts";
import { contentDir, siteContent } from "./content-dir.ts";
import { readPageFiles, type PageFile, type PaperItem } from "./paper-files.ts";
import { inShardYear, shard } from "./shard.ts";
import { authorUrl, issueUrl, topicFeedUrl, topicUrl } from "./urls.ts";

/**
 * Collections the templates paginate over, all drawn from one model of the archive that is
 * built once per build (the first collection asked for builds it), so no page template ever
 * loops over the whole archive: an issue page gets its own papers, a topic page one slice.
 */

/** Eleventy's collection API: one object per build, which is all that is used of it here. https://www.11ty.dev/docs/collections-api/ */
type CollectionApi = object;

/** A page the ingest wrote (so the schema check passed) that some issue lists; hand-made pages and pages no digest lists any more are not. */
function isListed(file: PageFile): file is PaperItem {
  return isIngestPage(file.data) && (file.data as FrontMatter).issues.length > 0;
}

export interface Issue {
  date: string;
  url: string;
  papers: PaperItem[];
  /** Topics rising in the week to this issue (home page, newsletter). */
  rising: TopicRise;
  newer?: { date: string; url: string };
  older?: { date: string; url: string };
}

/** One page of a paginated listing: its slice of the papers and the way to the pages around it. */
export interface ListingPage {
  /** Every paper of the listing, on this page or another. */
  count: number;
  pageNumber: number;
  pageCount: number;
  /** This page's own address. */
  pageUrl: string;
  papers: PaperItem[];
  previousUrl?: string;
  nextUrl?: string;
}

/** A listing cut into pages of `size` (at least one page), each addressed by `url(pageNumber)`. */
function paginate(list: PaperItem[], size: number, url: (pageNumber: number) => string): ListingPage[] {
  const pageCount = Math.max(1, Math.ceil(list.length / size));
  return Array.from({ length: pageCount }, (_, i) => ({
    count: list.length,
    pageNumber: i + 1,
    pageCount,
    pageUrl: url(i + 1),
    papers: list.slice(i * size, (i + 1) * size),
    previousUrl: i > 0 ? url(i) : undefined,
    nextUrl: i + 1 < pageCount ? url(i + 2) : undefined,
  }));
}

/** One page of an issue: `site.issuePageSize` of its papers, in reading order; `url` is the issue's. */
export interface IssuePage extends Issue, ListingPage {
  /** Topics on this page with how many of its papers each holds, largest first. */
  topics: { slug: string; count: number }[];
}

export interface TopicPage extends ListingPage {
  slug: string;
  name: string;
  description: string;
  /** Its share of each week's papers, drawn (without history enough, no sparkline). */
  trend: TopicTrend;
}

export interface TopicFeed {
  slug: string;
  name: string;
  description: string;
  url: string;
  /** The topic's newest papers, at most `site.feed.topicItems`. */
  papers: PaperItem[];
}

export interface AuthorPage extends ListingPage {
  slug: string;
  /** The name as most of their papers write it. */
  name: string;
}

export interface PaperNav {
  previous?: PaperItem;
  next?: PaperItem;
}

interface Archive {
  /** Every page in papers/, listed or not, hand-made too. */
  files: PageFile[];
  papers: PaperItem[];
  issues: Issue[];
  issuePages: IssuePage[];
  paperNav: Record<string, PaperNav>;
  topicPages: TopicPage[];
  topicFeeds: TopicFeed[];
  authorPages: AuthorPage[];
  /** Authors with the most papers, for the authors index. */
  topAuthors: { slug: string; name: string; count: number; url: string }[];
  trends: Trends;
}

/** Newest issue first, then by rank in that issue. */
function newestFirst(a: PaperItem, b: PaperItem): number {
  return b.data.issues[0].localeCompare(a.data.issues[0]) || a.data.rank - b.data.rank || a.data.slug.localeCompare(b.data.slug);
}

function buildArchive(): Archive {
  const { site, taxonomy: topics, derived } = siteContent();
  const files = readPageFiles(join(contentDir, "papers"));
  const papers = files.filter(isListed).sort(newestFirst);

  const fallback = topics.find((t) => t.fallback)!.slug;
  const trends = buildTrends(
    papers.map(({ data }) => ({ issues: data.issues, topics: data.topics, slug: data.slug, title: data.title, keywords: derived[data.slug]?.keywords ?? [] })),
    topics,
    fallback,
  );
  const trendOf = new Map(trends.topics.map((t) => [t.slug, t]));

  const dayIssues = issuesOf(papers, (item) => item.data);
  const issues = dayIssues.map(({ date, papers: list }, i): Issue => {
    const neighbour = (j: number) => dayIssues[j] && { date: dayIssues[j].date, url: issueUrl(dayIssues[j].date) };
    const rising = risingInIssue(trends.timeline, date, fallback);
    return { date, url: issueUrl(date), papers: list, rising, newer: neighbour(i - 1), older: neighbour(i + 1) };
  });
  const issuePages = issues.flatMap((issue) =>
    paginate(issue.papers, site.issuePageSize, (n) => issueUrl(issue.date, n)).map((page): IssuePage => {
      const counts = new Map<string, number>();
      for (const p of page.papers) for (const t of p.data.topics) counts.set(t, (counts.get(t) ?? 0) + 1);
      const topics = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([slug, count]) => ({ slug, count }));
      return { ...issue, ...page, topics };
    }),
  );

  // Each paper's neighbours in its first issue.
  const paperNav: Record<string, PaperNav> = {};
  for (const issue of issues) {
    const firsts = issue.papers.filter((p) => p.data.issues[0] === issue.date);
    firsts.forEach((paper, i) => (paperNav[paper.data.slug] = { previous: firsts[i - 1], next: firsts[i + 1] }));
  }

  const byTopic = new Map<string, PaperItem[]>(topics.map((t) => [t.slug, []]));
  for (const paper of papers) for (const t of paper.data.topics) byTopic.get(t)?.push(paper);
  const topicPages = topics.flatMap((topic) =>
    paginate(byTopic.get(topic.slug)!, site.pageSize, (n) => topicUrl(topic.slug, n)).map((page): TopicPage => ({
      slug: topic.slug,
      name: topic.name,
      description: topic.description,
      trend: trendOf.get(topic.slug)!,
      ...page,
    })),
  );
  const topicFeeds = topics.map((topic) => ({
    slug: topic.slug,
    name: topic.name,
    description: topic.description,
    url: topicFeedUrl(topic.slug),
    papers: byTopic.get(topic.slug)!.slice(0, site.feed.topicItems),
  }));

  const { authorPages, topAuthors } = buildAuthors(papers);
  return { files, papers, issues, issuePages, paperNav, topicPages, topicFeeds, authorPages, topAuthors, trends };
}

/** How many authors the authors index lists. */
const TOP_AUTHORS = 200;

/**
 * Each author's papers, newest first, in pages of `site.pageSize`: one pass over the archive. A collaboration's long tail
 * of names has no pages (src/authors.ts).
 */
function buildAuthors(papers: PaperItem[]): Pick<Archive, "authorPages" | "topAuthors"> {
  const bySlug = new Map<string, { spellings: Map<string, number>; papers: PaperItem[] }>();
  for (const paper of papers) {
    for (const name of new Set(linkedAuthors(paper.data.authors))) {
      const slug = authorSlug(name);
      let author = bySlug.get(slug);
      if (!author) bySlug.set(slug, (author = { spellings: new Map(), papers: [] }));
      author.spellings.set(name, (author.spellings.get(name) ?? 0) + 1);
      if (author.papers.at(-1) !== paper) author.papers.push(paper);
    }
  }
  const authors = [...bySlug].map(([slug, { spellings, papers: list }]) => {
    // The commonest spelling; on a tie, the one with accents ("Hénaff" over "Henaff").
    const accents = (name: string) => name.normalize("NFKD").length - name.length;
    const name = [...spellings].sort((a, b) => b[1] - a[1] || accents(b[0]) - accents(a[0]) || a[0].localeCompare(b[0]))[0][0];
    return { slug, name, papers: list };
  });
  const authorPages = authors.flatMap(({ slug, name, papers: list }) =>
    paginate(list, siteContent().site.pageSize, (n) => authorUrl(slug, n)).map((page): AuthorPage => ({ slug, name, ...page })),
  );
  const topAuthors = authors
    .sort((a, b) => b.papers.length - a.papers.length || a.name.localeCompare(b.name))
    .slice(0, TOP_AUTHORS)
    .map(({ slug, name, papers: list }) => ({ slug, name, count: list.length, url: authorUrl(slug) }));
  return { authorPages, topAuthors };
}

/**
 * Eleventy passes every collection of one build the same API object, and a new one to the next
 * build (`npm start` reads the pages again after an edit).
 */
const archives = new WeakMap<CollectionApi, Archive>();
function archive(api: CollectionApi): Archive {
  let built = archives.get(api);
  if (!built) archives.set(api, (built = buildArchive()));
  return built;
}

/**
 * Every page in papers/ that this build lays out (content/papers/paper.njk) and the sitemap lists:
 * all of them, unless a papers shard names a year.
 */
export const paperFiles = (api: CollectionApi) => archive(api).files.filter((file) => inShardYear(shard, file));

/** The newest listed papers, `site.feed.items` of them, for the site feed. */
export const latestPapers = (api: CollectionApi) => archive(api).papers.slice(0, siteContent().site.feed.items);
/** Every issue, newest first, its papers in reading order (src/issue.ts). */
export const issues = (api: CollectionApi) => archive(api).issues;
/** Every page of every issue to render, newest issue first; the home page is the first. */
export const issuePages = (api: CollectionApi) => archive(api).issuePages;
/** Each paper's previous and next paper in its first issue, by slug. */
export const paperNav = (api: CollectionApi) => archive(api).paperNav;
/** Every topic page to render: each topic's papers, newest first, in pages of `site.pageSize`. */
export const topicPages = (api: CollectionApi) => archive(api).topicPages;
/** One entry per topic (its first page), for the topic index. */
export const topicList = (api: CollectionApi) => archive(api).topicPages.filter((p) => p.pageNumber === 1);
/** One RSS feed per topic, at /topics/<slug>/feed.xml. */
export const topicFeeds = (api: CollectionApi) => archive(api).topicFeeds;
/** Every author page to render: each author's papers, newest first, in pages of `site.pageSize`. */
export const authorPages = (api: CollectionApi) => archive(api).authorPages;
/** The authors with the most papers, for /authors/. */
export const topAuthors = (api: CollectionApi) => archive(api).topAuthors;
/** How the field moves (src/trends/): weekly topic shares, charts, rising topics and phrases, for /trends/. */
export const trends = (api: CollectionApi) => archive(api).trends;
