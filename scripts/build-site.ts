/**
 * npm run build:site -- [--output _site] [--content DIR] [--lanes 1|2] [--search] [--search-cache DIR] [--quiet]
 * Builds the site with Eleventy into --output; a build that lays out every page, on a machine of two cores or more, as
 * two processes at once (src/site/lanes.ts; --lanes chooses). With --search, also the search index, as `npm run build:search` builds it, started as soon as
 * the paper pages are laid out; `npm run build` runs it so.
 */
import { parseArgs } from "node:util";
import { buildSite } from "../src/site/lanes.ts";
import { describeSearchIndex, SEARCH_PARTS_CACHE } from "../src/site/search-index.ts";
import { loadSiteSettings } from "../src/store/settings.ts";

const { values } = parseArgs({
  options: {
    output: { type: "string", default: "_site" },
    content: { type: "string", default: process.env.PAPER_DIGEST_CONTENT ?? "content" },
    lanes: { type: "string" },
    search: { type: "boolean", default: false },
    /** Where finished search parts are kept for the next build (src/site/search-index.ts), as `npm run build:search` keeps them. */
    "search-cache": { type: "string", default: SEARCH_PARTS_CACHE },
    quiet: { type: "boolean", default: false },
  },
});

try {
  const content = values.content!;
  const search = values.search ? { ...loadSiteSettings(content).search, cache: { dir: values["search-cache"]!, contentDir: content } } : undefined;
  const report = await buildSite({
    output: values.output!,
    contentDir: content,
    lanes: values.lanes === undefined ? undefined : Number(values.lanes),
    search,
    eleventyArgs: values.quiet ? ["--quiet"] : [],
  });
  if (report.search) console.log(describeSearchIndex(report.search, values.output!));
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exitCode = 1;
}
