// Eleventy configuration: the site's table of contents.
// Needs tsx to import the TypeScript helpers (src/site/lanes.ts runs Eleventy with --import tsx; `npm start` sets NODE_OPTIONS).
import { relative } from "node:path";
import { HtmlBasePlugin } from "@11ty/eleventy";
import { CODE_ENGINES } from "./src/store/front-matter.ts";
import { contentDir, siteContent } from "./src/archive/content-dir.ts";
import * as collections from "./src/site/collections.ts";
import { filters } from "./src/site/filters.ts";
import { markdownLibrary } from "./src/render/markdown.ts";
import { cacheNunjucksCompiles } from "./src/render/nunjucks-compiles.ts";
import { FIXED_PAGE_DATE } from "./src/store/settings.ts";
import { inShard, shard } from "./src/archive/shard.ts";
import { SITE_PAGES } from "./src/model/urls.ts";
import { beginBuild, finishBuild, leavesRecord } from "./src/site/render-plan.ts";

export default function (eleventyConfig) {
  // Settings: content/site.json (SITE_URL / PATH_PREFIX may override), as `site` in every template.
  eleventyConfig.addGlobalData("site", siteContent().site);
  // The addresses of the site's own pages, as `urls` (src/model/urls.ts: SITE_PAGES).
  eleventyConfig.addGlobalData("urls", SITE_PAGES);

  // Front matter is YAML only: `---js` blocks are refused, never run.
  // https://www.11ty.dev/docs/data-frontmatter-customize/
  eleventyConfig.setFrontMatterParsingOptions({
    engines: { ...CODE_ENGINES, jsLegacy: CODE_ENGINES.js },
  });

  // Pages without a date of their own take one fixed date, not their file's creation time. https://www.11ty.dev/docs/dates/
  eleventyConfig.addGlobalData("date", FIXED_PAGE_DATE);

  // Untrusted text: Nunjucks escapes every {{ value }}; Markdown renders no raw HTML.
  eleventyConfig.setNunjucksEnvironmentOptions({ autoescape: true, throwOnUndefined: false });
  // A paginated template is compiled once, not once per page it lays out (src/render/nunjucks-compiles.ts).
  cacheNunjucksCompiles();
  eleventyConfig.setLibrary("md", markdownLibrary());

  // Every filter, shared formatting, feeds and the newsletter's web version included: src/site/filters.ts. Eleventy
  // wraps each filter it is given, to time it and to copy the page's data onto its `this`, which costs more than most
  // of ours do (some 800,000 calls at 10,000 papers, none of which reads the page's data): they go onto its Nunjucks
  // environment as they are, when it is made (Eleventy's Nunjucks engine emits `eleventy.engine.njk` with each new
  // environment, before it adds the filters it was given: node_modules/@11ty/eleventy/src/Engines/Nunjucks.js; were it
  // ever not emitted, every page would fail on an unknown filter). The feeds' and the newsletter's filters stay
  // Eleventy's, so that its benchmark (DEBUG=Eleventy:Benchmark*, which scripts/bench.ts reads) times them.
  const timedFilters = new Set(["rssFeed", "risingFeed", "newsletterHtml"]);
  eleventyConfig.on("eleventy.engine.njk", ({ environment }) => {
    for (const [name, filter] of Object.entries(filters)) if (!timedFilters.has(name)) environment.addFilter(name, filter);
  });
  for (const name of timedFilters) eleventyConfig.addFilter(name, filters[name]);

  // paperFiles, paperPagesToRender, latestPapers, issues, newslettersToRender, issuePages, paperNav, topicPages, topicList,
  // topicFeeds, authorPages, authorFeeds, authorsWithPages, topAuthors, trends, forYouWindow, readerScripts: src/site/collections.ts
  for (const [name, collection] of Object.entries(collections)) {
    if (typeof collection === "function") eleventyConfig.addCollection(name, collection);
  }

  // A build lays out only the paper pages and newsletter pages whose output would change since the last build into
  // the same folder, and takes out what it no longer makes (src/site/render-plan.ts). A lane of a build split over the
  // machine's cores (src/site/lanes.ts) plans its share for its runner to record, as a shard's job (src/site/shards.ts)
  // does for the assembly; a shard built on its own lays out all of its pages and records nothing.
  // https://www.11ty.dev/docs/events/
  if (!shard || leavesRecord) {
    eleventyConfig.on("eleventy.before", ({ directories }) => beginBuild(directories.output));
    eleventyConfig.on("eleventy.after", ({ results }) => finishBuild(results.flatMap((result) => (result.outputPath ? [result.outputPath] : []))));
  }

  // Root-relative links ("/papers/…/") gain the path prefix when the site lives under a sub-path.
  // https://www.11ty.dev/docs/plugins/html-base/
  eleventyConfig.addPlugin(HtmlBasePlugin);

  // Of the shards, the listings shard alone copies the assets (of the lanes, the others lane).
  if (!shard || shard.kind === "listings" || shard.kind === "others") eleventyConfig.addPassthroughCopy({ "templates/assets": "assets" });

  // PAPER_DIGEST_SHARD (listings, papers:<year>, issues:<year>, authors:<k>-of-<n>, others) builds one shard of a very large site: src/archive/shard.ts.
  // A preprocessor returning false leaves a template out. https://www.11ty.dev/docs/config-preprocessors/
  if (shard) eleventyConfig.addPreprocessor("shard", "*", (data) => (inShard(shard, data) ? undefined : false));

  // One summary line ("Wrote 11012 files in …"), not a line per file: an archive has tens of thousands.
  // https://www.11ty.dev/docs/config/#enable-quiet-mode-to-reduce-console-noise
  eleventyConfig.setQuietMode(true);

  // Eleventy's watcher parses imported files as JavaScript and chokes on our TypeScript;
  // `npm start` still reloads on every change to content/ and templates/.
  // https://www.11ty.dev/docs/watch-serve/#watch-javascript-dependencies
  eleventyConfig.setWatchJavaScriptDependencies(false);

  // The input is content/ alone; .gitignore is for the repository (and would hide the
  // tests' throwaway content folders under .cache/).
  eleventyConfig.setUseGitIgnore(false);
  // Raw digests are the ingest's input, not pages.
  eleventyConfig.ignores.add(`${contentDir}/digests/**`);
  // Nor is each paper's Markdown file a template: papers/paper.njk lays them all out (src/archive/paper-files.ts).
  // `npm start` still rebuilds when one changes. https://www.11ty.dev/docs/watch-serve/#add-your-own-watch-targets
  eleventyConfig.ignores.add(`${contentDir}/papers/*.md`);
  eleventyConfig.addWatchTarget(`${contentDir}/papers/`);

  // Includes and layouts are given relative to the input folder.
  const templates = relative(contentDir, "templates");
  return {
    dir: { input: contentDir, includes: templates, layouts: `${templates}/layouts`, data: "_data", output: "_site" },
    pathPrefix: siteContent().site.pathPrefix,
    templateFormats: ["md", "njk"],
    // Abstracts may contain "{{" or "{%": Markdown is never run through a template engine.
    // https://www.11ty.dev/docs/config/#default-template-engine-for-markdown-files
    markdownTemplateEngine: false,
    htmlTemplateEngine: "njk",
  };
}
