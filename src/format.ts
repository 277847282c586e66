import wrapAnsi from "wrap-ansi";
import { escapeMarkdown } from "./clean/markdown.ts";
import type { Topic } from "./enrich/topics.ts";
import { readableDate, rfc822Date } from "./site/dates.ts";
import { absoluteUrl, issueUrl, paperUrl, topicFeedUrl, topicUrl } from "./site/urls.ts";

/**
 * How a paper, a date or a count is written, wherever it is shown: the site's templates,
 * the feeds and the newsletter's HTML, text and Markdown all format through these, so a
 * paper reads the same everywhere. Registered as Nunjucks filters by .eleventy.js and by
 * src/newsletter/render.ts.
 */

/** Eleventy turns a YAML date into a Date; issue dates are days, so take the UTC day. */
export function isoDay(value: string | Date): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

/** "1 paper", "63 papers"; with a qualifier, "3 more papers". */
export function paperCount(count: number, qualifier = ""): string {
  return `${count} ${qualifier ? `${qualifier} ` : ""}${count === 1 ? "paper" : "papers"}`;
}

/** "17 Mar 2025", for subject lines. */
export function shortDate(iso: string): string {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
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
export const FORMAT_FILTERS = {
  isoDay,
  paperCount,
  shortDate: (value: string | Date) => shortDate(isoDay(value)),
  readableDate: (value: string | Date) => readableDate(isoDay(value)),
  rfc822Date: (value: string | Date) => rfc822Date(isoDay(value)),
  wrap,
  md: escapeMarkdown,
  absoluteUrl,
  paperUrl,
  issueUrl,
  topicUrl,
  topicFeedUrl,
};
