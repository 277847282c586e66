import type { Topic } from "../analysis/topics.ts";
import { topicFeedUrl, topicUrl } from "../model/urls.ts";
import type { TopicTrend } from "../trends/model.ts";
import { paginateFromOldest, type NumberedListingPage } from "./listing.ts";
import type { PaperItem } from "./paper-files.ts";

/** The topics of the archive: each topic's papers, paginated, and its feed. */

/** A topic's front page, or one of its pages numbered from its oldest paper (src/archive/listing.ts). */
export interface TopicPage extends NumberedListingPage {
  slug: string;
  name: string;
  description: string;
  /** On the front page: its share of each week's papers, drawn (without history enough, no sparkline). */
  trend?: TopicTrend;
}

export interface TopicFeed {
  slug: string;
  name: string;
  description: string;
  url: string;
  /** The topic's newest papers, at most `site.feed.topicItems`. */
  papers: PaperItem[];
}

/** Each topic's papers in the order of `papers` (newest first): one pass over the archive. */
export function papersByTopic(papers: PaperItem[], topics: Topic[]): Map<string, PaperItem[]> {
  const byTopic = new Map<string, PaperItem[]>(topics.map((t) => [t.slug, []]));
  for (const paper of papers) for (const t of paper.data.topics) byTopic.get(t)?.push(paper);
  return byTopic;
}

/**
 * Every topic page: each topic's front page, with its newest `pageSize` papers and its weekly share, and its pages of
 * `pageSize` numbered from its oldest paper, which a new day leaves as they were but for the newest.
 */
export function buildTopicPages(topics: Topic[], byTopic: Map<string, PaperItem[]>, trendOf: Map<string, TopicTrend>, pageSize: number): TopicPage[] {
  return topics.flatMap((topic) =>
    paginateFromOldest(byTopic.get(topic.slug)!, pageSize, topicUrl(topic.slug), (n) => topicUrl(topic.slug, n)).map((page): TopicPage => ({
      slug: topic.slug,
      name: topic.name,
      description: topic.description,
      ...(page.pageNumber === undefined && { trend: trendOf.get(topic.slug)! }),
      ...page,
    })),
  );
}

/** One feed per topic: its newest `items` papers. */
export function buildTopicFeeds(topics: Topic[], byTopic: Map<string, PaperItem[]>, items: number): TopicFeed[] {
  return topics.map((topic) => ({
    slug: topic.slug,
    name: topic.name,
    description: topic.description,
    url: topicFeedUrl(topic.slug),
    papers: byTopic.get(topic.slug)!.slice(0, items),
  }));
}
