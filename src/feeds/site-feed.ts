import { isoDay } from "../format.ts";
import { topicName } from "../site/filters.ts";
import type { PaperItem } from "../site/collections.ts";
import { plainMathMarkdownLibrary } from "../site/markdown.ts";
import type { SiteSettings } from "../site/settings.ts";
import { buildRss } from "./rss.ts";

const markdown = plainMathMarkdownLibrary();

/** A paper page's abstract as HTML for feed readers: the page's own Markdown, math as Unicode. */
export function abstractHtml(item: PaperItem & { rawInput?: string }): string {
  return markdown.render(item.rawInput ?? "");
}

/**
 * Nunjucks filter: `{{ collections.papers | rssFeed(site, "/feed.xml") | safe }}`, or with a
 * channel title and description for a topic's feed. Takes the newest `site.feed.items` papers.
 */
export function rssFeed(
  papers: (PaperItem & { rawInput?: string })[],
  site: SiteSettings,
  feedPath: string,
  title = site.title,
  description = site.description,
): string {
  return buildRss(
    { title, description, siteUrl: site.url, feedPath, language: site.language, ttl: site.feed.ttl },
    papers.slice(0, site.feed.items).map((item) => ({
      title: item.data.title,
      url: item.url,
      date: isoDay(item.data.issues[0]),
      summary: item.data.summary,
      html: abstractHtml(item),
      categories: item.data.topics.map(topicName),
    })),
  );
}
