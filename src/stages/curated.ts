import { hashValue } from "../pages/page-data.ts";
import type { Paper } from "../paper.ts";
import type { PipelineContext } from "../pipeline.ts";

/** What "Why these topics" says of a topic the curator chose. */
export const CURATOR_CHOICE = "the curator's choice";

/**
 * A curator's corrections to a page's title, summary, topics, authors or links win over what the
 * stages made, as a rewritten abstract does. The hashes of what the stages made go on the page, so
 * the next run tells the curator's value from its own, and an edit stays however the code's output
 * (or a source's listing) changes.
 */
export function curated(papers: Paper[], { published }: PipelineContext): Paper[] {
  return papers.map((paper) => {
    const generatedHashes = {
      title: hashValue(paper.title),
      summary: hashValue(paper.summary),
      topics: hashValue(paper.topics),
      authors: hashValue(paper.facts.authors),
      links: hashValue(paper.links),
    };
    const { topics, authors, ...edits } = published.get(paper.id)?.curated ?? {};
    const corrected = { ...paper, ...edits, ...(authors && { facts: { ...paper.facts, authors } }), generatedHashes };
    if (!topics) return corrected;
    const chosen = [...new Set(topics)];
    // Phrases the paper uses for a topic it kept still explain it; a topic the stages did not give it is the curator's word.
    const topicTerms = Object.fromEntries(chosen.map((topic) => [topic, paper.topicTerms[topic] ?? [CURATOR_CHOICE]]));
    return { ...corrected, topics: chosen, topicTerms };
  });
}
