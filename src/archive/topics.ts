import type { Topic } from "../analysis/topics.ts";
import { topicFeedUrl, topicUrl } from "../model/urls.ts";
import type { TopicTrend } from "../trends/model.ts";
import { paginate, type ListingPage } from "./listing.ts";
import type { PaperItem } from "./paper-files.ts";

/** The topics of the archive: each topic's papers, paginated, and its feed. */

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

/** Each topic's papers in the order of `papers` (newest first): one pass over the archive. */
export function papersByTopic(papers: PaperItem[], topics: Topic[]): Map<string, PaperItem[]> {
  const byTopic = new Map<string, PaperItem[]>(topics.map((t) => [t.slug, []]));
  for (const paper of papers) for (const t of paper.data.topics) byTopic.get(t)?.push(paper);
  return byTopic;
}

/** Every topic page: each topic's papers in pages of `pageSize`, with its weekly share. */
export function buildTopicPages(topics: Topic[], byTopic: Map<string, PaperItem[]>, trendOf: Map<string, TopicTrend>, pageSize: number): TopicPage[] {
  return topics.flatMap((topic) =>
    paginate(byTopic.get(topic.slug)!, pageSize, (n) => topicUrl(topic.slug, n)).map((page): TopicPage => ({
      slug: topic.slug,
      name: topic.name,
      description: topic.description,
      trend: trendOf.get(topic.slug)!,
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
