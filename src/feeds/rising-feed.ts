import { topicName } from "../archive/content-dir.ts";
import type { Issue } from "../archive/issues.ts";
import type { SiteSettings } from "../store/settings.ts";
import { absoluteUrl, issueUrl, topicUrl, SITE_PAGES } from "../model/urls.ts";
import { riseText, weekLabel } from "../trends/rising.ts";
import { buildRss } from "./rss.ts";
import { escapeHtml } from "../text/html.ts";

/** Where an issue's rising topics are shown: its first page, at the block's heading (partials/rising.njk). */
export const risingUrl = (date: string) => `${issueUrl(date)}#rising`;

/**
 * Nunjucks filter: `{{ collections.issues | risingFeed(site, "/trends/feed.xml") | safe }}`. One item per
 * issue that had rising topics, newest first (`site.feed.topicItems` of them), worded as the issue
 * page and its newsletter word them; the item's link, and so its guid, is the issue's rising block.
 */
export function risingFeed(issues: Issue[], site: SiteSettings, feedPath: string): string {
  const items = issues
    .filter((issue) => issue.rising.topics.length > 0)
    .slice(0, site.feed.topicItems)
    .map(({ date, rising }) => {
      const names = rising.topics.map((t) => topicName(t.slug));
      const lines = rising.topics.map((t, i) => ({ name: names[i], url: absoluteUrl(topicUrl(t.slug), site.url), text: riseText(t, rising) }));
      return {
        title: `Rising in ${weekLabel(rising)}: ${names.join(", ")}`,
        url: risingUrl(date),
        date,
        summary: lines.map((l) => `${l.name}: ${l.text}`).join("; "),
        html:
          `<ul>${lines.map((l) => `<li><a href="${l.url}">${escapeHtml(l.name)}</a>: ${escapeHtml(l.text)}</li>`).join("")}</ul>` +
          `<p><a href="${absoluteUrl(SITE_PAGES.trends, site.url)}">All trends</a></p>`,
        categories: names,
        authors: [],
      };
    });
  return buildRss(
    {
      title: `${site.title}: rising topics`,
      description: "Each issue's rising topics: those whose share of the week's new papers clearly beat their average of the weeks before, with the counts.",
      siteUrl: site.url,
      feedPath,
      language: site.language,
      ttl: site.feed.ttl,
    },
    items,
  );
}
