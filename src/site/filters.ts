import { FORMAT_FILTERS } from "../render/format.ts";
import { paperCard } from "../render/cards.ts";
import { bibtex, citationDate, coins, jsonLd, scholarlyArticle } from "../render/cite.ts";
import { cachedAuthorSlug, linkedAuthors } from "../model/authors.ts";
import { paperRecord, type BuiltWindow } from "../recommend/window.ts";
import type { PaperItem } from "../archive/paper-files.ts";
import { siteContent, topicName } from "../archive/content-dir.ts";
import { percent, riseText, weekLabel } from "../trends/rising.ts";
import { rssFeed } from "../feeds/site-feed.ts";
import { risingFeed } from "../feeds/rising-feed.ts";
import { markdownLibrary } from "../render/markdown.ts";
import { newsletterHtml } from "./newsletter-filter.ts";

/**
 * Every Nunjucks filter of the site, registered by .eleventy.js in one loop: the formatting every channel shares
 * (src/render/format.ts), topic names, citations, listing cards, Markdown, the feeds and the newsletter's web version.
 */

let markdown: ReturnType<typeof markdownLibrary> | undefined;

export const filters = {
  ...FORMAT_FILTERS,
  topicName,
  bibtex,
  jsonLd,
  scholarlyArticle,
  /** Highwire Press's citation_date: 2025/03/17. */
  citationDate,
  /** A paper as a COinS OpenURL, for an issue card's `<span class="Z3988" title="…">`. */
  coins,
  /** An author's slug, for the reader's Follow button on a paper page's byline (the link may be a search, not their page). */
  authorSlug: cachedAuthorSlug,
  /** The page slugs of a paper's linked authors, for the reader's follow marks on its card. */
  authorSlugs: (authors: readonly string[] = []) => linkedAuthors(authors).map(cachedAuthorSlug),
  /** A paper page's record for the reader's browser, as JSON safe inside a `<script>`: `{{ paper | paperRecord(window, keywords) | safe }}`. */
  paperRecord: (paper: PaperItem, window: BuiltWindow, keywords: string[]) => jsonLd(paperRecord(paper, window, keywords)),
  paperCard,
  /** A paper's related papers and keywords, by slug: `{% set d = slug | derivedPaper %}`. */
  derivedPaper: (slug: string) => siteContent().derived[slug] ?? { related: [], keywords: [] },
  /** A share as "4.1%"; "–" for a week without papers. */
  percent: (share: number | undefined) => (share === undefined ? "–" : percent(share)),
  /** A rising topic's numbers in words, as the newsletter writes them: `{{ topic | riseText(rise) }}`. */
  riseText,
  /** "the week to 17 March 2025" */
  weekLabel,
  /** Markdown as the paper pages render it (the library .eleventy.js sets for .md files is configured the same). */
  markdown: (text: string) => (markdown ??= markdownLibrary()).render(text),
  rssFeed,
  risingFeed,
  newsletterHtml,
};
