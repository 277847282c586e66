import { FORMAT_FILTERS, topicNamer } from "../format.ts";
import { bibtex, jsonLd, scholarlyArticle } from "./cite.ts";
import { derived, taxonomy } from "./content-dir.ts";

/** The site's Nunjucks filters: the shared formatting helpers (src/format.ts), topic names, citations. */

export const topicName = topicNamer(taxonomy);

export const filters = {
  ...FORMAT_FILTERS,
  topicName,
  bibtex,
  jsonLd,
  scholarlyArticle,
  /** A paper's related papers and keywords, by slug: `{% set d = slug | derivedPaper %}`. */
  derivedPaper: (slug: string) => derived[slug] ?? { related: [], keywords: [] },
};
