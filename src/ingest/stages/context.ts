import type { Corpus } from "../../analysis/tfidf.ts";
import type { Taxonomy } from "../../analysis/topics.ts";
import type { Paper } from "../../model/paper.ts";
import type { DerivedPapers } from "../../store/derived.ts";
import type { PublishedPage } from "../../store/read.ts";
import type { StageMemo } from "../../store/stage-memo.ts";

/**
 * What every stage shares: its signature and the context the ingest hands it. It lives apart from the table that
 * lists the stages (src/ingest/pipeline.ts), so a stage imports its types without importing every other stage.
 */
export type Stage = (papers: Paper[], context: PipelineContext) => Paper[];

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
  /** The generated index the last run wrote (content/derived.json), by slug; empty before the first run. */
  previousDerived?: DerivedPapers;
  /** An older paper's related papers and keywords are computed again once in this many days (content/site.json: related.refreshDays); none, every run. */
  relatedRefreshDays?: number;
  /** How many of the latest issues the reader's browser ranks (content/site.json: recommend.windowIssues); none, no window. */
  windowIssues?: number;
  /** From this many papers on, the heaviest stages map their second half in a worker thread (src/platform/workers.ts: PARALLEL_FROM). */
  parallelFrom?: number;
  /**
   * What the stages that map one paper at a time gave each input last run (src/store/stage-memo.ts): they compute
   * only what it lacks. None, every paper is computed.
   */
  memo?: StageMemo;
}
