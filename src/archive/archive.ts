import { join } from "node:path";
import { isIngestPage, type FrontMatter } from "../store/schema.ts";
import { buildTrends, type Trends } from "../trends/model.ts";
import { buildAuthors, type AuthorFeed, type AuthorPage, type TopAuthor } from "./authors.ts";
import { contentDir, siteContent } from "./content-dir.ts";
import { buildIssuePages, buildIssues, buildPaperNav, type Issue, type IssuePage, type PaperNav } from "./issues.ts";
import { readPageFiles, type PageFile, type PaperItem } from "./paper-files.ts";
import { buildTopicFeeds, buildTopicPages, papersByTopic, type TopicFeed, type TopicPage } from "./topics.ts";

/**
 * One model of the archive, built once per build from the content folder: the listings the site paginates, the feeds
 * and the newsletter's web version read. Every part is one pass over the papers, so no page template ever loops over
 * the whole archive: an issue page gets its own papers, a topic page one slice.
 */

/** A page the ingest wrote (so the schema check passed) that some issue lists; hand-made pages and pages no digest lists any more are not. */
function isListed(file: PageFile): file is PaperItem {
  return isIngestPage(file.data) && (file.data as FrontMatter).issues.length > 0;
}

export interface Archive {
  /** Every page in papers/, listed or not, hand-made too. */
  files: PageFile[];
  papers: PaperItem[];
  issues: Issue[];
  issuePages: IssuePage[];
  paperNav: Record<string, PaperNav>;
  topicPages: TopicPage[];
  topicFeeds: TopicFeed[];
  /** The pages of the authors who have one (src/archive/authors.ts), and their feeds. */
  authorPages: AuthorPage[];
  authorFeeds: AuthorFeed[];
  /** Authors with the most papers, for the authors index. */
  topAuthors: TopAuthor[];
  /** The slug of every author with a page: a byline links anyone else to a search for their name. */
  authorsWithPages: ReadonlySet<string>;
  /** An author's slug by name, worked out once a build. */
  authorSlugOf: (name: string) => string;
  trends: Trends;
}

/** Newest issue first, then by rank in that issue. */
function newestFirst(a: PaperItem, b: PaperItem): number {
  return b.data.issues[0].localeCompare(a.data.issues[0]) || a.data.rank - b.data.rank || a.data.slug.localeCompare(b.data.slug);
}

export function buildArchive(): Archive {
  const { site, taxonomy: topics, derived, authorPages: published } = siteContent();
  const files = readPageFiles(join(contentDir, "papers"));
  const papers = files.filter(isListed).sort(newestFirst);

  const fallback = topics.find((t) => t.fallback)!.slug;
  const trends = buildTrends(
    papers.map(({ data }) => ({ issues: data.issues, topics: data.topics, slug: data.slug, title: data.title, keywords: derived[data.slug]?.keywords ?? [] })),
    topics,
    fallback,
  );
  const issues = buildIssues(papers, trends.timeline, fallback);
  const byTopic = papersByTopic(papers, topics);
  const authors = buildAuthors(papers, site.pageSize, site.feed.items, { minPapers: site.authors.minPapers, published: new Set(published) });
  return {
    files,
    papers,
    issues,
    issuePages: buildIssuePages(issues, site.issuePageSize),
    paperNav: buildPaperNav(issues),
    topicPages: buildTopicPages(topics, byTopic, new Map(trends.topics.map((t) => [t.slug, t])), site.pageSize),
    topicFeeds: buildTopicFeeds(topics, byTopic, site.feed.topicItems),
    authorPages: authors.authorPages,
    authorFeeds: authors.authorFeeds,
    topAuthors: authors.topAuthors,
    authorsWithPages: authors.withPages,
    authorSlugOf: authors.slugOf,
    trends,
  };
}
