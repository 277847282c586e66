import RSS from "rss";
import { stripIllegalXmlChars } from "../text/plain.ts";
import { rfc822Date } from "../model/dates.ts";
import { absoluteUrl } from "../model/urls.ts";
import { escapeHtml } from "../text/html.ts";

/** What a feed needs to know about one paper; the site's collections provide it. */
export interface FeedPaper {
  title: string;
  /** Site path of the paper page, e.g. `/papers/<slug>/`. */
  url: string;
  /** The issue it first appeared in, YYYY-MM-DD. */
  date: string;
  summary: string;
  /** The abstract as HTML, with absolute links only. */
  html: string;
  categories: string[];
  /** The authors, each written as a `dc:creator`: every one, or a collaboration's first (src/model/authors.ts). */
  authors: string[];
}

export interface FeedChannel {
  title: string;
  description: string;
  siteUrl: string;
  /** Site path where this feed is served, e.g. `/feed.xml`. */
  feedPath: string;
  language: string;
  ttl: number;
}

/**
 * RSS 2.0 from the `rss` package. That package stamps `lastBuildDate` with the clock;
 * we replace it with the newest item's date so the same content gives the same bytes.
 */
export function buildRss(channel: FeedChannel, papers: FeedPaper[]): string {
  const newest = papers.reduce((max, p) => (p.date > max ? p.date : max), "1970-01-01");
  const feed = new RSS({
    title: channel.title,
    description: channel.description,
    site_url: absoluteUrl("/", channel.siteUrl),
    feed_url: absoluteUrl(channel.feedPath, channel.siteUrl),
    language: channel.language,
    ttl: channel.ttl,
    pubDate: rfc822Date(newest),
    generator: "paper-digest",
    docs: "https://www.rssboard.org/rss-specification",
    custom_namespaces: { content: "http://purl.org/rss/1.0/modules/content/", dc: "http://purl.org/dc/elements/1.1/" },
  });
  for (const paper of papers) {
    // No explicit guid: the package then uses the permalink, marked isPermaLink="true".
    feed.item({
      // A title is plain text (https://www.rssboard.org/rss-profile#data-types-characterdata), which the package writes
      // in CDATA; escaping it as HTML would show readers that take it as text `&lt;think&gt;` for `<think>`.
      title: paper.title,
      // RSS's description is HTML, and the package writes it unescaped in CDATA: the summary is text, so escaped.
      description: escapeHtml(paper.summary),
      url: absoluteUrl(paper.url, channel.siteUrl),
      date: rfc822Date(paper.date),
      categories: paper.categories,
      // One dc:creator per author, as Dublin Core intends. https://www.dublincore.org/specifications/dublin-core/dcmi-terms/elements11/creator/
      custom_elements: [...paper.authors.map((name) => ({ "dc:creator": name })), { "content:encoded": { _cdata: paper.html } }],
    });
  }
  // The ingest cleans what sources say, but a curator's note or rewritten abstract reaches the feed as written: a
  // character XML 1.0 forbids (a pasted control character) would make every reader reject the whole feed.
  return stripIllegalXmlChars(
    feed.xml({ indent: true }).replace(/<lastBuildDate>[^<]*<\/lastBuildDate>/, `<lastBuildDate>${rfc822Date(newest)}</lastBuildDate>`),
  );
}
