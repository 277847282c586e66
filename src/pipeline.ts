import { cleanPapers } from "./clean/index.ts";
import { dedupePapers } from "./dedupe.ts";
import { linksStage, summaryStage, tfidfStage, topicsStage } from "./enrich/index.ts";
import type { Taxonomy } from "./enrich/topics.ts";
import { keepUnreadIssues, type PublishedIssues } from "./history.ts";
import { assignSlugs } from "./pages/slugs.ts";
import type { Paper } from "./paper.ts";

/**
 * The preprocessing flow, in order. Sources turn digests into `Paper` records; each
 * stage takes every paper and returns every paper; `pages/` writes the result.
 *
 *   parse (sources/) → clean → dedupe → history → slugs → topics → tfidf → summary → links → write (pages/)
 */

export interface PipelineContext {
  taxonomy: Taxonomy;
  /** Slugs of papers that already have a page, by paper id: a published URL never changes. */
  existingSlugs: ReadonlyMap<string, string>;
  /** Every page file's slug, including hand-made pages: a new paper never overwrites one. */
  reservedSlugs?: ReadonlySet<string>;
  /** Issues each page already lists, by paper id, and the issue dates read this run. */
  published?: ReadonlyMap<string, PublishedIssues>;
  readDates?: ReadonlySet<string>;
}

export interface Stage {
  name: string;
  run: (papers: Paper[], context: PipelineContext) => Paper[];
}

export const STAGES: Stage[] = [
  { name: "clean", run: cleanPapers },
  { name: "dedupe", run: dedupePapers },
  { name: "history", run: (papers, ctx) => keepUnreadIssues(papers, ctx.published ?? new Map(), ctx.readDates ?? new Set()) },
  { name: "slugs", run: (papers, ctx) => assignSlugs(papers, ctx.existingSlugs, ctx.reservedSlugs) },
  { name: "topics", run: (papers, ctx) => topicsStage(papers, ctx.taxonomy) },
  { name: "tfidf", run: tfidfStage },
  { name: "summary", run: summaryStage },
  { name: "links", run: linksStage },
];

export function runPipeline(
  papers: Paper[],
  context: PipelineContext,
  onStage: (name: string, ms: number) => void = () => {},
): Paper[] {
  return STAGES.reduce((current, stage) => {
    const start = performance.now();
    const next = stage.run(current, context);
    onStage(stage.name, performance.now() - start);
    return next;
  }, papers);
}
