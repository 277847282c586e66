import { join } from "node:path";
import { z } from "zod";
import { closedObject as closed, readConfig } from "../platform/config-file.ts";

/**
 * The date of every page without one of its own (listings, feeds, a page written by hand): it would
 * otherwise be its file's creation time, which differs between clones and reorders the sitemap.
 */
export const FIXED_PAGE_DATE = "2000-01-01";

/** Papers an author needs in the archive for a page of their own, unless site.json says otherwise. */
export const DEFAULT_AUTHOR_MIN_PAPERS = 2;

const count = z.number().int({ error: "expected a whole number" }).positive({ error: "expected a number above 0" });
const webUrl = z.url({ protocol: /^https?$/, error: "expected an http or https URL" });

/** How the newsletter is addressed and sized (src/newsletter/). */
const newsletterSchema = closed({
  from: z.string(),
  to: z.string(),
  /** Time of day (UTC, HH:MM) stamped as the message's Date. */
  sendTime: z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, { error: "expected a time of day written HH:MM" }),
  maxPapers: count,
  maxHtmlBytes: count,
  /** The unsubscribe link in the footer: a URL or the sending service's placeholder. */
  unsubscribe: z.string(),
  /** An https: or mailto: URL for the List-Unsubscribe header; empty for none. */
  listUnsubscribe: z.literal("").or(z.url({ protocol: /^(?:https|mailto)$/, error: "expected an https: or mailto: URL, or nothing" })),
  postalAddress: z.string(),
  /**
   * How `npm run send` addresses each subscriber (src/delivery/, docs/newsletter.md). Added after sites were made with
   * a site.json of their own: absent, each key takes its default.
   */
  delivery: closed({
    /** The List-Id header's identifier (RFC 2919), such as `daily.digest.example.org`; empty for `newsletter.<the site's host>`. */
    listId: z
      .literal("")
      .or(z.string().regex(/^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/, { error: "expected a dot-separated identifier such as daily.digest.example.org" }))
      .default(""),
    /** The mailbox a `mailto:` List-Unsubscribe writes to; empty for the From address. */
    unsubscribeMailto: z
      .literal("")
      .or(z.email({ error: "expected an email address" }))
      .default(""),
    /** An https URL template with `{email}` and `{token}` (an HMAC of the address), for one-click unsubscribe (RFC 8058); empty for none. */
    unsubscribeUrl: z
      .literal("")
      .or(
        z
          .url({ protocol: /^https$/, error: "expected an https URL" })
          .refine((url) => url.includes("{email}") && url.includes("{token}"), { error: "expected an https URL with {email} and {token} in it" }),
      )
      .default(""),
  }).prefault({}),
});

export type NewsletterSettings = z.infer<typeof newsletterSchema>;

/** content/site.json: the site's settings, documented in the README. */
const siteSchema = closed({
  title: z.string(),
  description: z.string(),
  /** Where the site is served, including any sub-path: the base of every absolute URL. */
  url: webUrl,
  /** The sub-path the site lives under ("/" at a domain's root, "/paper-digest/" for a GitHub Pages project site). */
  pathPrefix: z.string(),
  language: z.string().min(1),
  author: z.string(),
  /** Papers in the site feed, and in each topic's feed. */
  feed: closed({ items: count, topicItems: count, ttl: count }),
  /** Papers per topic and author page. */
  pageSize: count,
  /** Papers per page of an issue (and of the home page): a 600-paper day becomes six pages. */
  issuePageSize: count,
  /**
   * Paper pages per search index: a larger archive is indexed in parts, which the search page merges (src/site/search-index.ts).
   * Pagefind's peak grows with a part's pages: at 100,000 papers with authors 1.72 GB for 10,000 of them and 2.53 GB
   * for 15,000 (docs/scale.md), so 10,000 keeps it under issue 29's 2.5 GB a process. The newest pages, until they
   * fill such a part, are indexed in parts of `pagesPerNewPart` (at most `pagesPerIndex`), so a day's build indexes
   * again at most that many pages.
   * Added after sites were made with a site.json of their own: absent, it takes its default. https://zod.dev/api#prefaults
   */
  search: closed({ pagesPerIndex: count.default(10_000), pagesPerNewPart: count.default(2_500) }).prefault({}),
  /**
   * How the Pages workflow builds (.github/workflows/pages.yml, docs/scale.md "Beyond one machine"): an archive of more
   * paper pages than `shardAbove` is built as shards in a job matrix (src/site/shards.ts); a smaller one by the single
   * incremental build, which reuses the last site. The author pages and feeds are built in shards of about
   * `authorsPerShard` authors each, the topic pages in shards of about `topicPagesPerShard` pages (src/archive/shard.ts),
   * so that no shard's Eleventy holds the whole archive's: at 100,000 papers with authors a shard of 4,700 authors
   * peaked at 2.33 GB, one of 8,650 at 2.78 GB, one of 1,350 topic pages at 2.54 GB (docs/scale.md, "Beyond one
   * machine"). Absent, they take their defaults.
   */
  build: closed({ shardAbove: count.default(30_000), authorsPerShard: count.default(5_000), topicPagesPerShard: count.default(1_000) }).prefault({}),
  newsletter: newsletterSchema,
  /**
   * The reader's own digest (/for-you/, docs/library.md): how many of the latest issues the browser ranks, and so which
   * papers' features the build emits. Absent, it takes its default.
   */
  recommend: closed({ windowIssues: count.default(7) }).prefault({}),
  /**
   * Related papers and keywords (src/ingest/stages/related.ts): an older paper's are computed again once in this many
   * days (a new paper's, and one whose words or neighbours changed, at once), so a day's run re-renders a day's pages,
   * not the archive's. Absent, it takes its default.
   */
  related: closed({ refreshDays: count.default(7) }).prefault({}),
  /**
   * Author pages (docs/site.md#author-pages): an author has a page once they have this many papers in the archive (and
   * keeps it: content/author-pages.txt); the byline links anyone else to a search for their name. Absent, it takes its default.
   */
  authors: closed({ minPapers: count.default(DEFAULT_AUTHOR_MIN_PAPERS) }).prefault({}),
});

export type SiteSettings = z.infer<typeof siteSchema>;

export function sitePath(contentDir: string): string {
  return join(contentDir, "site.json");
}

/**
 * Reads and checks content/site.json. SITE_URL and PATH_PREFIX in the environment override `url` and
 * `pathPrefix`, so a CI workflow can publish a fork under its own address without an edit.
 */
export function loadSiteSettings(contentDir: string, env: NodeJS.ProcessEnv = process.env): SiteSettings {
  const site = readConfig(sitePath(contentDir), siteSchema);
  if (env.SITE_URL) site.url = env.SITE_URL;
  if (env.PATH_PREFIX) site.pathPrefix = env.PATH_PREFIX;
  site.pathPrefix = `/${site.pathPrefix.replace(/^\/+|\/+$/g, "")}/`.replace("//", "/");
  return site;
}
