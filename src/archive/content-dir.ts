import { relative, resolve } from "node:path";
import { loadTaxonomy, topicNamer, type Topic } from "../analysis/topics.ts";
import { readAuthorPages } from "../store/author-pages.ts";
import { readDerived, type DerivedPapers } from "../store/derived.ts";
import { loadSiteSettings, type SiteSettings } from "../store/settings.ts";

/**
 * The folder Eleventy reads: `content/` unless PAPER_DIGEST_CONTENT names another (the
 * tests build throwaway sites that way). Templates always come from `templates/`.
 */
export const contentDir = relative(process.cwd(), resolve(process.env.PAPER_DIGEST_CONTENT ?? "content"));
// (Relative to the working directory, because Eleventy applies directory data files
// such as authors/author.11tydata.js only to inputs given that way.)

/** What the build reads of the content folder beyond its pages. */
export interface SiteContent {
  site: SiteSettings;
  taxonomy: Topic[];
  /** Related papers and keywords the ingest derived (src/store/derived.ts); none before the first ingest. */
  derived: DerivedPapers;
  /** The authors whose page was published (src/store/author-pages.ts): each keeps it. None before the first ingest. */
  authorPages: string[];
}

let loaded: SiteContent | undefined;

/** The content folder's settings, taxonomy, derived index and author list, read once on first use: importing this module reads nothing. */
export function siteContent(): SiteContent {
  return (loaded ??= {
    site: loadSiteSettings(contentDir),
    taxonomy: loadTaxonomy(contentDir).topics,
    derived: readDerived(contentDir) ?? {},
    authorPages: readAuthorPages(contentDir) ?? [],
  });
}

let namer: ((slug: string) => string) | undefined;
/** A topic's name from its slug, by the content folder's taxonomy. */
export const topicName = (slug: string) => (namer ??= topicNamer(siteContent().taxonomy))(slug);
