import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { NewsletterSettings } from "../newsletter/model.ts";

/**
 * The date of every page without one of its own (listings, feeds, a page written by hand): it would
 * otherwise be its file's creation time, which differs between clones and reorders the sitemap.
 */
export const FIXED_PAGE_DATE = "2000-01-01";

/** content/site.json: the site's settings, documented in the README. */
export interface SiteSettings {
  title: string;
  description: string;
  /** Where the site is served, including any sub-path: the base of every absolute URL. */
  url: string;
  /** The sub-path the site lives under ("/" at a domain's root, "/paper-digest/" for a GitHub Pages project site). */
  pathPrefix: string;
  language: string;
  author: string;
  /** Papers in the site feed, and in each topic's feed. */
  feed: { items: number; topicItems: number; ttl: number };
  /** Papers per topic and author page. */
  pageSize: number;
  /** Papers per page of an issue (and of the home page): a 600-paper day becomes six pages. */
  issuePageSize: number;
  /** Paper pages per search index: a larger archive is indexed in parts, which the search page merges (src/site/search-index.ts). */
  search: { pagesPerIndex: number };
  newsletter: NewsletterSettings;
}

/**
 * Reads content/site.json. SITE_URL and PATH_PREFIX in the environment override `url` and
 * `pathPrefix`, so a CI workflow can publish a fork under its own address without an edit.
 */
export function loadSiteSettings(contentDir: string, env: NodeJS.ProcessEnv = process.env): SiteSettings {
  const written = JSON.parse(readFileSync(join(contentDir, "site.json"), "utf8")) as Omit<SiteSettings, "search"> & Partial<Pick<SiteSettings, "search">>;
  // Added after sites were made with a site.json of their own: absent, it takes its default.
  const site: SiteSettings = { ...written, search: { pagesPerIndex: 20_000, ...written.search } };
  if (env.SITE_URL) site.url = env.SITE_URL;
  if (env.PATH_PREFIX) site.pathPrefix = env.PATH_PREFIX;
  site.pathPrefix = `/${site.pathPrefix.replace(/^\/+|\/+$/g, "")}/`.replace("//", "/");
  return site;
}
