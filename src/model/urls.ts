/** Absolute URL for a site path, from the `url` in content/site.json (which may include a sub-path). */
export function absoluteUrl(path: string, siteUrl: string): string {
  return new URL(path.replace(/^\//, ""), siteUrl.endsWith("/") ? siteUrl : `${siteUrl}/`).href;
}

export function paperUrl(slug: string): string {
  return `/papers/${slug}/`;
}

export function issueUrl(date: string, pageNumber = 1): string {
  return pageNumber > 1 ? `/issues/${date}/page/${pageNumber}/` : `/issues/${date}/`;
}

/** A topic's front page, or its page `pageNumber` counted from its oldest paper (src/archive/listing.ts: paginateFromOldest). */
export function topicUrl(slug: string, pageNumber?: number): string {
  return pageNumber === undefined ? `/topics/${slug}/` : `/topics/${slug}/page/${pageNumber}/`;
}

export function topicFeedUrl(slug: string): string {
  return `/topics/${slug}/feed.xml`;
}

/** The web version of an issue's newsletter. */
export function newsletterUrl(date: string): string {
  return `/newsletter/${date}/`;
}

/** An author's front page, or their page `pageNumber` counted from their oldest paper (src/model/authors.ts gives the slug). */
export function authorUrl(slug: string, pageNumber?: number): string {
  return pageNumber === undefined ? `/authors/${slug}/` : `/authors/${slug}/page/${pageNumber}/`;
}

/** An author's RSS feed, beside their page. */
export function authorFeedUrl(slug: string): string {
  return `/authors/${slug}/feed.xml`;
}

/** The search page, started with `query` (templates/assets/search.js reads ?q=). */
export function searchUrl(query: string): string {
  return `${SITE_PAGES.search}?q=${encodeURIComponent(query)}`;
}

/** A paper's page on Hugging Face, for its upvotes and discussion. */
export function hfPaperUrl(arxivId: string): string {
  return `https://huggingface.co/papers/${arxivId}`;
}

/** The site's pages of their own, as templates link them (`{{ urls.trends }}`) and the pages declare their permalinks. */
export const SITE_PAGES = {
  home: "/",
  issues: "/issues/",
  topics: "/topics/",
  authors: "/authors/",
  /** How the field moves: topic shares over time, rising topics and phrases (src/trends/). */
  trends: "/trends/",
  trendsFeed: "/trends/feed.xml",
  feeds: "/feeds/",
  feed: "/feed.xml",
  opml: "/feeds.opml",
  sitemap: "/sitemap.xml",
  search: "/search/",
  /** The reader's saved papers, tags, notes and follows, kept in their browser (docs/library.md). */
  library: "/library/",
  /** The latest issues ranked for the reader, by a model their browser trains on what they saved. */
  forYou: "/for-you/",
} as const;
