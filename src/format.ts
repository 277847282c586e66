import wrapAnsi from "wrap-ansi";
import { escapeMarkdown } from "./clean/markdown.ts";
import type { Topic } from "./enrich/topics.ts";
import { authorList, authorSlug, byline, bylineNames } from "./authors.ts";
import { codeLinks, type Announcement } from "./paper.ts";
import { arxivAbsUrl, arxivPdfUrl } from "./sources/arxiv-id.ts";
import { isoDay } from "./sources/digest-date.ts";
import { absoluteUrl, authorUrl, hfPaperUrl, issueUrl, newsletterUrl, paperUrl, topicFeedUrl, topicUrl } from "./site/urls.ts";

/**
 * How a paper, a date or a count is written, wherever it is shown: the site's templates,
 * the feeds and the newsletter's HTML, text and Markdown all format through these, so a
 * paper reads the same everywhere. Registered as Nunjucks filters by .eleventy.js and by
 * src/newsletter/render.ts.
 */

/** Issue dates are calendar days (YYYY-MM-DD); all formatting treats them as UTC midnight. */
export function issueDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

// One formatter each: toLocaleDateString builds a new one per call, which costs seconds over a large archive.
const READABLE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const SHORT = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

// An archive has a few thousand days and writes them tens of thousands of times a build.
const readableDates = new Map<string, string>();

/** "17 March 2025" */
export function readableDate(iso: string): string {
  let text = readableDates.get(iso);
  if (text === undefined) readableDates.set(iso, (text = READABLE.format(issueDate(iso))));
  return text;
}

/** "17 Mar 2025", for subject lines. */
export function shortDate(iso: string): string {
  return SHORT.format(issueDate(iso));
}

/** "Mon, 17 Mar 2025 00:00:00 GMT", as RSS 2.0 wants (RFC 822). */
export function rfc822Date(iso: string): string {
  return issueDate(iso).toUTCString();
}

/** 1120 as "1,120". */
export function thousands(n: number): string {
  return n.toLocaleString("en");
}

/** "1 paper", "63 papers"; with a qualifier, "3 more papers". */
export function paperCount(count: number, qualifier = ""): string {
  return `${count} ${qualifier ? `${qualifier} ` : ""}${count === 1 ? "paper" : "papers"}`;
}

/** A topic's display name by slug; an unknown slug (a curator's typo) shows as itself. */
export function topicNamer(topics: Topic[]): (slug: string) => string {
  const names = new Map(topics.map((t) => [t.slug, t.name]));
  return (slug) => names.get(slug) ?? slug;
}

/** Word-wraps to `width` columns, first line prefixed `first`, the rest `rest`; a long URL is never split. */
export function wrap(text: string, width: number, first = "", rest = ""): string {
  return wrapAnsi(text, width - rest.length, { hard: false, trim: true })
    .split("\n")
    .map((line, i) => (i === 0 ? first : rest) + line)
    .join("\n");
}

/** The filters every Nunjucks environment of the project has. */
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
  /** An author's page, from the name as written. */
  authorUrl: (name: string) => authorUrl(authorSlug(name)),
  authorList,
  codeLinks,
  arxivAbsUrl,
  arxivPdfUrl,
  hfPaperUrl,
  announcementNote,
};
