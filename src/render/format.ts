import wrapAnsi from "wrap-ansi";
import { paperCount, thousands } from "../text/numbers.ts";
import { escapeMarkdown } from "../text/markdown.ts";
import { authorList, byline, bylineNames, cachedAuthorSlug } from "../model/authors.ts";
import { codeLinks, type Announcement } from "../model/paper.ts";
import { arxivAbsUrl, arxivPdfUrl } from "../model/arxiv.ts";
import { isoDay, readableDate, rfc822Date, shortDate } from "../model/dates.ts";
import { absoluteUrl, authorUrl, hfPaperUrl, issueUrl, newsletterUrl, paperUrl, searchUrl, topicFeedUrl, topicUrl } from "../model/urls.ts";

/**
 * How a paper, a date or a count is written, wherever it is shown: the site's templates,
 * the feeds and the newsletter's HTML, text and Markdown all format through these, so a
 * paper reads the same everywhere. Registered as Nunjucks filters by .eleventy.js and by
 * src/newsletter/render.ts.
 */

/** Word-wraps to `width` columns, first line prefixed `first`, the rest `rest`; a long URL is never split. */
export function wrap(text: string, width: number, first = "", rest = ""): string {
  return wrapAnsi(text, width - rest.length, { hard: false, trim: true })
    .split("\n")
    .map((line, i) => (i === 0 ? first : rest) + line)
    .join("\n");
}

/**
 * What an arXiv listing said of a paper, when it was more than "new": "Updated on arXiv (v4),
 * in cs.LG on 19 March 2025", "Cross-listed to cs.LG from cs.CV on 19 March 2025".
 */
export function announcementNote(announcement: Announcement, primary = "", version = 0): string {
  const on = `on ${readableDate(isoDay(announcement.date))}`;
  const from = primary && primary !== announcement.listing ? ` from ${primary}` : "";
  const updated = `Updated on arXiv${version > 1 ? ` (v${version})` : ""}`;
  switch (announcement.type) {
    case "new":
      return `New in ${announcement.listing} ${on}`;
    case "cross":
      return `Cross-listed to ${announcement.listing}${from} ${on}`;
    case "replace":
      return `${updated}, in ${announcement.listing} ${on}`;
    case "replace-cross":
      return `${updated}, cross-listed to ${announcement.listing}${from} ${on}`;
  }
}

/** The filters every Nunjucks environment of the project has: the site's (src/site/filters.ts) and the email's (src/newsletter/render.ts). */
export const FORMAT_FILTERS = {
  isoDay,
  paperCount,
  thousands,
  shortDate: (value: string | Date) => shortDate(isoDay(value)),
  readableDate: (value: string | Date) => readableDate(isoDay(value)),
  rfc822Date: (value: string | Date) => rfc822Date(isoDay(value)),
  wrap,
  md: escapeMarkdown,
  absoluteUrl,
  paperUrl,
  issueUrl,
  newsletterUrl,
  topicUrl,
  topicFeedUrl,
  byline,
  bylineNames,
  /**
   * Where an author's name links, from the name as written: their page if they have one, else a search for the name.
   * `withPages` is the archive's set of authors with pages (src/archive/authors.ts), in a template
   * `{{ name | authorUrl(collections.authorsWithPages) }}`.
   */
  authorUrl: (name: string, withPages: ReadonlySet<string>) => {
    if (!(withPages instanceof Set))
      throw new Error(`authorUrl("${name}"): which authors have a page is needed: {{ name | authorUrl(collections.authorsWithPages) }}`);
    const slug = cachedAuthorSlug(name);
    return withPages.has(slug) ? authorUrl(slug) : searchUrl(name);
  },
  authorList,
  codeLinks,
  arxivAbsUrl,
  arxivPdfUrl,
  hfPaperUrl,
  announcementNote,
};
