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

/** How the `rss` package ends a feed written with `indent: true`: every item comes before it. */
const FEED_END = "\n    </channel>\n</rss>";

/**
 * RSS 2.0 from the `rss` package. That package stamps `lastBuildDate` with the clock;
 * we replace it with the newest item's date so the same content gives the same bytes.
 */
export function buildRss(channel: FeedChannel, papers: FeedPaper[]): string {
  return assembleRss(
    channel,
    papers.map((paper) => paper.date),
    papers.map((paper) => rssItem(paper, channel.siteUrl)),
  );
}

/**
 * A feed from items already written (`rssItem`), each with its date: the channel as the `rss` package writes it with
 * no items, and the items where it would have put them. A paper is in the site's feed, its topics' and each of its
 * authors', so its item is written once a build (src/feeds/site-feed.ts) rather than once a feed; the bytes are the
 * package's own for the whole feed (test/feeds/feeds.test.ts compares the two).
 */
export function assembleRss(channel: FeedChannel, dates: readonly string[], items: readonly string[]): string {
  const newest = dates.reduce((max, date) => (date > max ? date : max), "1970-01-01");
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
  const empty = feed.xml({ indent: true });
  if (!empty.endsWith(FEED_END)) throw new Error("the rss package no longer ends a feed as src/feeds/rss.ts expects");
  const head = empty.slice(0, -FEED_END.length).replace(/<lastBuildDate>[^<]*<\/lastBuildDate>/, `<lastBuildDate>${rfc822Date(newest)}</lastBuildDate>`);
  // The ingest cleans what sources say, but a curator's note or rewritten abstract reaches the feed as written: a
  // character XML 1.0 forbids (a pasted control character) would make every reader reject the whole feed. The items
  // were cleaned as they were written; every part begins and ends with ASCII, so no surrogate pair is split.
  return `${stripIllegalXmlChars(head)}${items.join("")}${FEED_END}`;
}

/** A channel for writing one item: its own fields are cut away (`rssItem`). */
const ITEM_CHANNEL = { title: "", description: "", site_url: "/", feed_url: "/", custom_namespaces: { content: "c", dc: "d" } };

/**
 * One paper as a feed item, as the `rss` package writes it inside a feed's channel (`"\n        <item>…</item>"`),
 * with the characters XML forbids taken out: the same for every feed of the site `siteUrl`.
 */
export function rssItem(paper: FeedPaper, siteUrl: string): string {
  const feed = new RSS(ITEM_CHANNEL);
  // No explicit guid: the package then uses the permalink, marked isPermaLink="true".
  feed.item({
    // A title is plain text (https://www.rssboard.org/rss-profile#data-types-characterdata), which the package writes
    // in CDATA; escaping it as HTML would show readers that take it as text `&lt;think&gt;` for `<think>`.
    title: paper.title,
    // RSS's description is HTML, and the package writes it unescaped in CDATA: the summary is text, so escaped.
    description: escapeHtml(paper.summary),
    url: absoluteUrl(paper.url, siteUrl),
    date: rfc822Date(paper.date),
    categories: paper.categories,
    // One dc:creator per author, as Dublin Core intends. https://www.dublincore.org/specifications/dublin-core/dcmi-terms/elements11/creator/
    custom_elements: [...paper.authors.map((name) => ({ "dc:creator": name })), { "content:encoded": { _cdata: paper.html } }],
  });
  const xml = feed.xml({ indent: true });
  const start = xml.indexOf("\n        <item>");
  if (start < 0 || !xml.endsWith(FEED_END)) throw new Error("the rss package no longer writes an item as src/feeds/rss.ts expects");
  return stripIllegalXmlChars(xml.slice(start, -FEED_END.length));
}
