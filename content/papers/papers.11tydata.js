// Every paper page: the paper layout, at /papers/<slug>/ (Eleventy's own URL for papers/<slug>.md).
// Its description and schema.org data are written by the layouts (base.njk, the scholarlyArticle
// filter) rather than computed here: computed data costs Eleventy a dependency graph per page.
// (Imported as #src/…, package.json "imports", so a content folder copied elsewhere in the project finds it too.)
import { checkPaperPageData } from "#src/site/page-schema.ts";

export default {
  layout: "paper.njk",
  // A page the ingest wrote is checked against its schema before anything is built.
  eleventyDataSchema: checkPaperPageData,
};
