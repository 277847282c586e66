// Every paper page: the paper layout, at /papers/<slug>/ (Eleventy's own URL for papers/<slug>.md).
// Its description and schema.org data are written by the layouts (base.njk, the scholarlyArticle
// filter) rather than computed here: computed data costs Eleventy a dependency graph per page.
// (Imported as #src/…, package.json "imports", so a content folder copied elsewhere in the project finds it too.)
import { checkPaperPageData } from "#src/site/page-schema.ts";
import { shard } from "#src/site/shard.ts";

export default {
  layout: "paper.njk",
  // The listings shard (src/site/shard.ts) lists the papers but neither lays out nor writes their pages.
  ...(shard?.kind === "listings" && { permalink: false, layout: false }),
  // A page the ingest wrote is checked against its schema before anything is built.
  eleventyDataSchema: checkPaperPageData,
};
