import { FORMAT_FILTERS, topicNamer } from "../format.ts";
import { paperCard } from "./cards.ts";
import { bibtex, jsonLd, scholarlyArticle } from "./cite.ts";
import { siteContent } from "./content-dir.ts";
import { percent, riseText, weekLabel } from "../trends/rising.ts";

/** The site's Nunjucks filters: the shared formatting helpers (src/format.ts), topic names, citations, listing cards. */

let namer: ((slug: string) => string) | undefined;
/** A topic's name from its slug, by the content folder's taxonomy. */
export const topicName = (slug: string) => (namer ??= topicNamer(siteContent().taxonomy))(slug);

export const filters = {
  ...FORMAT_FILTERS,
  topicName,
  bibtex,
  jsonLd,
  scholarlyArticle,
  paperCard,
  /** A paper's related papers and keywords, by slug: `{% set d = slug | derivedPaper %}`. */
  derivedPaper: (slug: string) => siteContent().derived[slug] ?? { related: [], keywords: [] },
  /** A share as "4.1%"; "–" for a week without papers. */
  percent: (share: number | undefined) => (share === undefined ? "–" : percent(share)),
  /** A rising topic's numbers in words, as the newsletter writes them: `{{ topic | riseText(rise) }}`. */
  riseText,
  /** "the week to 17 March 2025" */
  weekLabel,
};
