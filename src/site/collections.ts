import { buildArchive, type Archive } from "../archive/archive.ts";
import { siteContent } from "../archive/content-dir.ts";
import { newsletterUrl } from "../model/urls.ts";
import { inBucket, inIssueShard, inShardYear, laysOut, shard, type Shard } from "../archive/shard.ts";
import { archiveWindow, type BuiltWindow } from "../recommend/window.ts";
import { readerScripts as bundledScripts } from "../recommend/bundle.ts";
import { listingHash, newsletterPageHash, paperPageHash, planPages } from "./render-plan.ts";

/**
 * The collections the templates paginate over, as .eleventy.js registers them: each a view of the one archive model
 * (src/archive/archive.ts), which the first collection asked for builds.
 */

/** Eleventy's collection API: one object per build, which is all that is used of it here. https://www.11ty.dev/docs/collections-api/ */
type CollectionApi = object;

/**
 * Eleventy passes every collection of one build the same API object, and a new one to the next
 * build (`npm start` reads the pages again after an edit).
 */
const archives = new WeakMap<CollectionApi, Archive>();
function archive(api: CollectionApi): Archive {
  let built = archives.get(api);
  if (!built) archives.set(api, (built = buildArchive()));
  return built;
}

const windows = new WeakMap<CollectionApi, BuiltWindow>();

/**
 * The pages a template of `kind` lays out, planned (src/site/render-plan.ts) only where this build lays such templates
 * out: a shard or a lane of another kind would hash every one of them for nothing (Eleventy computes every collection).
 */
const toRender = <T>(kind: Shard["kind"], plan: () => T[]): T[] => (laysOut(shard, kind) ? plan() : []);

/**
 * Every page in papers/ that this build lays out (content/papers/paper.njk) and the sitemap lists:
 * all of them, unless a papers shard names a year.
 */
export const paperFiles = (api: CollectionApi) => archive(api).files.filter((file) => inShardYear(shard, file));

/** The paper pages this build lays out: those whose output would change since the last build into the same folder (src/site/render-plan.ts). */
export const paperPagesToRender = (api: CollectionApi) =>
  toRender("papers", () => {
    const { paperNav: nav, authorsWithPages, authorSlugOf } = archive(api);
    const surroundings = { nav, window: forYouWindow(api)[0], authorsWithPages, authorSlugOf };
    return planPages(
      paperFiles(api),
      (file) => file.url,
      (file) => paperPageHash(file, surroundings),
    );
  });

/** The newest listed papers, `site.feed.items` of them, for the site feed. */
export const latestPapers = (api: CollectionApi) => archive(api).papers.slice(0, siteContent().site.feed.items);
/** Every issue, newest first, its papers in reading order (src/model/issue.ts). */
export const issues = (api: CollectionApi) => archive(api).issues;
/** The issues whose newsletter on the web this build lays out: those whose page would change (src/site/render-plan.ts), of an issues shard's year. */
export const newslettersToRender = (api: CollectionApi) =>
  toRender("issues", () =>
    planPages(
      archive(api).issues.filter((issue) => inIssueShard(shard, issue.date)),
      (issue) => newsletterUrl(issue.date),
      newsletterPageHash,
    ),
  );
/** Every page of every issue, newest issue first; the home page is the first. */
export const issuePages = (api: CollectionApi) => archive(api).issuePages;
/** The issue pages this build lays out: the newest issue's, and those whose papers or neighbours changed (src/site/render-plan.ts), of an issues shard's year. */
export const issuePagesToRender = (api: CollectionApi) =>
  toRender("issues", () =>
    planPages(
      archive(api).issuePages.filter((page) => inIssueShard(shard, page.date)),
      (page) => page.pageUrl,
      listingHash,
    ),
  );
/** Each paper's previous and next paper in its first issue, by slug. */
export const paperNav = (api: CollectionApi) => archive(api).paperNav;
/**
 * The topic pages this build lays out (src/site/render-plan.ts): of each topic's front page and its pages of
 * `site.pageSize` numbered from its oldest paper (src/archive/topics.ts), those whose output would change, of a topics
 * shard's bucket.
 */
export const topicPagesToRender = (api: CollectionApi) =>
  toRender("topics", () =>
    planPages(
      archive(api).topicPages.filter((page) => inBucket(shard, "topics", page.pageUrl)),
      (page) => page.pageUrl,
      listingHash,
    ),
  );
/** One entry per topic (its front page), for the topic index. */
export const topicList = (api: CollectionApi) => archive(api).topicPages.filter((p) => p.pageNumber === undefined);
/** One RSS feed per topic, at /topics/<slug>/feed.xml. */
export const topicFeeds = (api: CollectionApi) => archive(api).topicFeeds;
/**
 * The author pages this build lays out (src/site/render-plan.ts): of every author's pages (authors with papers enough,
 * or a page already published; their papers newest first, in pages of `site.pageSize`), those whose output would change,
 * of an authors shard's bucket.
 */
export const authorPagesToRender = (api: CollectionApi) =>
  toRender("authors", () =>
    planPages(
      archive(api).authorPages.filter((page) => inBucket(shard, "authors", page.slug)),
      (page) => page.pageUrl,
      listingHash,
    ),
  );
/** The author feeds (one per author with a page, at /authors/<slug>/feed.xml) this build writes: those whose output would change, of an authors shard's bucket. */
export const authorFeedsToRender = (api: CollectionApi) =>
  toRender("authors", () =>
    planPages(
      archive(api).authorFeeds.filter((feed) => inBucket(shard, "authors", feed.slug)),
      (feed) => feed.url,
      listingHash,
    ),
  );
/**
 * What the sitemap lists beyond Eleventy's own pages (`collections.all`): every issue, topic and author page, and
 * every page in papers/, from the archive model rather than from the pages this build happens to lay out.
 */
export const sitemapExtras = (api: CollectionApi) => {
  const { issuePages: issueListing, topicPages: topicListing, authorPages: authorListing } = archive(api);
  return [...[...issueListing, ...topicListing, ...authorListing].map((page) => ({ url: page.pageUrl })), ...paperFiles(api)];
};
/** The slug of every author with a page, for the `authorUrl` filter: anyone else's name links to a search for it. */
export const authorsWithPages = (api: CollectionApi) => archive(api).authorsWithPages;
/** The authors with the most papers, for /authors/. */
export const topAuthors = (api: CollectionApi) => archive(api).topAuthors;
/** How the field moves (src/trends/): weekly topic shares, charts, rising topics and phrases, for /trends/. */
export const trends = (api: CollectionApi) => archive(api).trends;
/**
 * The recent window the reader's browser ranks on /for-you/ (src/recommend/window.ts): the latest
 * `site.recommend.windowIssues` issues' papers with their compact features, as a list of one for the template that
 * writes it to paginate. A window paper's page gives its window features as its record.
 */
export const forYouWindow = (api: CollectionApi) => {
  let built = windows.get(api);
  if (!built) windows.set(api, (built = archiveWindow(archive(api).issues, siteContent().site.recommend.windowIssues, siteContent().derived)));
  return [built];
};
/** The reader's scripts, bundled from src/browser/ (src/recommend/bundle.ts), for base.njk to load and a template to write. */
export const readerScripts = () => bundledScripts();
