import { cleanText } from "../../text/plain.ts";
import { generatedHashesOf } from "../../store/page-data.ts";
import type { Paper } from "../../model/paper.ts";
import type { PipelineContext } from "./context.ts";

/** What "Why these topics" says of a topic the curator chose. */
const CURATOR_CHOICE = "the curator's choice";

/**
 * A curator's corrections to a page's title, summary, topics, authors or links win over what the
 * stages made, as a rewritten abstract does. The hashes of what the stages made go on the page
 * (src/store/page-data.ts), so the next run tells the curator's value from its own, and an edit stays
 * however the code's output (or a source's listing) changes. A paper without corrections passes as it is.
 */
export function curated(papers: Paper[], { published }: PipelineContext): Paper[] {
  return papers.map((paper) => {
    const edits = published.get(paper.id)?.curated;
    if (!edits || Object.keys(edits).length === 0) return paper;
    const { title, summary, topics, authors, links } = edits;
    // Typed or pasted by hand, the curator's text gets the hygiene the sources' does (no character a feed cannot carry).
    const cleanTitle = title === undefined ? "" : cleanText(title);
    const corrected = {
      ...paper,
      ...(cleanTitle && { title: cleanTitle }),
      ...(summary !== undefined && { summary: cleanText(summary) }),
      ...(authors && { facts: { ...paper.facts, authors: authors.map(cleanText) } }),
      ...(links && { links }),
      generatedHashes: generatedHashesOf(paper),
    };
    if (!topics) return corrected;
    const chosen = [...new Set(topics)];
    // Phrases the paper uses for a topic it kept still explain it; a topic the stages did not give it is the curator's word.
    const topicTerms = Object.fromEntries(chosen.map((topic) => [topic, paper.topicTerms[topic] ?? [CURATOR_CHOICE]]));
    return { ...corrected, topics: chosen, topicTerms };
  });
}
