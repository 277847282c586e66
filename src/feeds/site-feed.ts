import { topicName, isoDay } from "../site/filters.ts";
import type { PaperItem } from "../site/collections.ts";
import { buildRss } from "./rss.ts";

interface SiteData {
  title: string;
  description: string;
  url: string;
  language: string;
  feed: { items: number; ttl: number };
}

/**
 * Nunjucks filter: `{{ collections.papers | rssFeed(site, "/feed.xml") | safe }}`. Takes the
 * newest `site.feed.items` papers; each item's HTML is the paper page's rendered abstract.
 */
export function rssFeed(papers: (PaperItem & { templateContent?: string })[], site: SiteData, feedPath: string, title = site.title): string {
  return buildRss(
    { title, description: site.description, siteUrl: site.url, feedPath, language: site.language, ttl: site.feed.ttl },
    papers.slice(0, site.feed.items).map((item) => ({
      title: item.data.title,
      url: item.url,
      date: isoDay(item.data.issues[0]),
      summary: String(item.data.summary ?? ""),
      html: item.templateContent ?? "",
      categories: item.data.topics.map(topicName),
    })),
  );
}
