/**
 * npm run build:search -- [--site DIR] [--content DIR]
 * Builds the search index of the built site's paper pages with Pagefind, in parts when the archive
 * is larger than content/site.json's `search.pagesPerNewPart` (src/site/search-index.ts); parts whose
 * pages are unchanged since the last build are reused from .cache/search-parts/.
 */
import { parseArgs } from "node:util";
import { buildSearchIndex, describeSearchIndex, SEARCH_PARTS_CACHE } from "../src/site/search-index.ts";
import { loadSiteSettings } from "../src/store/settings.ts";

const { values } = parseArgs({
  options: {
    site: { type: "string", default: "_site" },
    content: { type: "string", default: process.env.PAPER_DIGEST_CONTENT ?? "content" },
  },
});

try {
  const search = loadSiteSettings(values.content!).search;
  const report = await buildSearchIndex(values.site!, { ...search, cache: { dir: SEARCH_PARTS_CACHE, contentDir: values.content! } });
  console.log(describeSearchIndex(report, values.site!));
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exitCode = 1;
}
