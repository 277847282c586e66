import type { Corpus } from "../enrich/tfidf.ts";
import type { Taxonomy } from "../enrich/topics.ts";
import type { CuratedFields } from "../pages/page-data.ts";
import type { Paper, PaperFacts } from "../paper.ts";

/**
 * What every stage shares: its signature and the context the ingest hands it. It lives apart from the table that
 * lists the stages (src/pipeline.ts), so a stage imports its types without importing every other stage.
 */
export type Stage = (papers: Paper[], context: PipelineContext) => Paper[];

/** A paper page already written, as the stages need it. */
export interface PublishedPage {
  id: string;
  slug: string;
  date: string;
  rank: number;
  issues: string[];
  /** The page's text (as scraped where kept), for src/identity.ts to compare when no identical text claims the page. */
  title: string;
  abstract: string;
  /** What the page records of the paper beyond its text (arXiv id, authors, …). */
  facts: PaperFacts;
  /** What the curator corrected since the ingest wrote the page (src/paper.ts: CURATED_KEYS). */
  curated: CuratedFields;
}

export interface PipelineContext {
  taxonomy: Taxonomy;
  /** Paper pages already written, by id. */
  published: ReadonlyMap<string, PublishedPage>;
  /** Every page file's slug, hand-made pages too: a new paper never takes one. */
  reservedSlugs: ReadonlySet<string>;
  /** Issue dates whose digest was read this run. */
  readDates: ReadonlySet<string>;
  /**
   * The TF-IDF model of the papers the archive stages receive, where the ingest started building it
   * early (`startBuildingCorpus`: on the other core, while this one renders pages); waits for it.
   */
  corpus?: () => Corpus;
}
