import { taxonomy as topics } from "./content-dir.ts";
import { bibtex, jsonLd } from "./cite.ts";
import { readableDate, rfc822Date } from "./dates.ts";
import { absoluteUrl, issueUrl, paperUrl, topicFeedUrl, topicUrl } from "./urls.ts";

/**
 * Nunjucks filters; the site, the feeds and the newsletter format a paper through these
 * same functions, so it reads the same everywhere.
 */

const topicsBySlug = new Map(topics.map((t) => [t.slug, t]));

/** A topic's display name; an unknown slug (a curator's typo) shows as itself. */
export function topicName(slug: string): string {
  return topicsBySlug.get(slug)?.name ?? slug;
}

/** Eleventy turns a YAML date into a Date; issue dates are days, so take the UTC day. */
export function isoDay(value: string | Date): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

export function paperCount(count: number): string {
  return `${count} ${count === 1 ? "paper" : "papers"}`;
}

export const filters = {
  topicName,
  topicUrl,
  topicFeedUrl,
  paperUrl,
  issueUrl,
  isoDay,
  paperCount,
  readableDate: (value: string | Date) => readableDate(isoDay(value)),
  rfc822Date: (value: string | Date) => rfc822Date(isoDay(value)),
  absoluteUrl,
  bibtex,
  jsonLd,
};
