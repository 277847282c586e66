import type { Paper } from "../model/paper.ts";
import { clean } from "./stages/clean.ts";
import type { PipelineContext, Stage } from "./stages/context.ts";
import { curated } from "./stages/curated.ts";
import { dedupe } from "./stages/dedupe.ts";
import { history } from "./stages/history.ts";
import { identify } from "./stages/identify.ts";
import { links } from "./stages/links.ts";
import { related } from "./stages/related.ts";
import { slugs } from "./stages/slugs.ts";
import { summary } from "./stages/summary.ts";
import { tokens } from "./stages/tokens.ts";
import { topics } from "./stages/topics.ts";
import { recentWindow } from "./stages/window.ts";

/**
 * The preprocessing flow. Sources (src/sources/) turn digests into one `Paper` per listing;
 * these stages run in order, each a function in src/ingest/stages/ from the papers so far (and
 * the context) to the papers for the next; src/store/ writes the result. The page stages make
 * everything a paper's page holds; the archive stages, what depends on the whole archive and goes
 * to the generated index (content/derived.json) instead: the ingest writes the pages meanwhile.
 */
export const PAGE_STAGES: [name: string, stage: Stage][] = [
  ["clean", clean], //       scraped text → readable title, abstract and Markdown body
  ["dedupe", dedupe], //     one record per paper: repeats and corrections merge (fewer out than in)
  ["identify", identify], // a paper that has a page takes its id: same slug, guid and curator fields
  ["history", history], //   issues whose digest was not read this run are kept from the page
  ["slugs", slugs], //       a unique, path-safe slug for each new paper; published slugs never change
  ["tokens", tokens], //     title and abstract split into words once, for every statistic below
  ["topics", topics], //     topics from the taxonomy, with the phrases that placed each
  ["summary", summary], //   a one-line summary
  ["links", links], //       code, data and project links from the abstract
  ["curated", curated], //   a curator's corrections (title, summary, topics, authors, links) kept
];

export const ARCHIVE_STAGES: [name: string, stage: Stage][] = [
  ["related", related], //   one TF-IDF model of the archive → related papers and keywords
  ["window", recentWindow], // the latest issues' features for the reader's browser (/for-you/)
];

export const STAGES = [...PAGE_STAGES, ...ARCHIVE_STAGES];

/** The stages of those names, in the table's order: the check sets (src/ingest/quality.ts) run part of the flow. */
export function stagesNamed(...names: string[]): [name: string, stage: Stage][] {
  return STAGES.filter(([name]) => names.includes(name));
}

export function runPipeline(papers: Paper[], context: PipelineContext, onStage: (name: string, ms: number) => void = () => {}, stages = STAGES): Paper[] {
  return stages.reduce((current, [name, stage]) => {
    const start = performance.now();
    const next = stage(current, context);
    onStage(name, performance.now() - start);
    return next;
  }, papers);
}
