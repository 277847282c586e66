import { featureSourceHash, windowFeatures, windowKey } from "../../analysis/paper-terms.ts";
import { issueDates } from "../../model/issue.ts";
import type { Paper } from "../../model/paper.ts";
import type { PipelineContext } from "./context.ts";

/**
 * The features the reader's browser ranks /for-you/ on (src/analysis/paper-terms.ts), for the papers of the latest
 * `windowIssues` issues: each paper's terms weighed against the window's. They go to content/derived.json, and the
 * build uses them while its window holds the same papers with the same words (src/recommend/window.ts); the words are
 * at hand here, where the build would have to split every window paper's text again. The work grows with the
 * window, never with the archive.
 */
export function recentWindow(papers: Paper[], { windowIssues = 0 }: PipelineContext): Paper[] {
  if (windowIssues === 0) return papers;
  const latest = new Set(issueDates(papers).slice(-windowIssues));
  const inWindow = papers.filter((paper) => paper.issues.some((date) => latest.has(date)));
  // What the build reads of the page: its title, its body (the abstract as Markdown) and its authors.
  const sources = inWindow.map((paper) => ({ title: paper.title, abstract: paper.abstractMarkdown, authors: paper.facts.authors }));
  const features = windowFeatures(sources);
  const window = windowKey(inWindow.map((paper) => paper.slug));
  const bySlug = new Map(inWindow.map((paper, i) => [paper.slug, { window, text: featureSourceHash(sources[i]), ...features[i] }]));
  return papers.map((paper) => (bySlug.has(paper.slug) ? { ...paper, features: bySlug.get(paper.slug) } : paper));
}
