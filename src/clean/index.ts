import type { Paper } from "../paper.ts";
import { cleanLatex } from "./latex.ts";
import { toMarkdown, toPlainText } from "./markdown.ts";
import { cleanText, collapseWhitespace } from "./text.ts";

/** Raw scraped text → readable text (with emphasis markers): hygiene first, then LaTeX residue. */
function readable(raw: string): string {
  return collapseWhitespace(cleanLatex(cleanText(raw)));
}

/**
 * Pipeline stage: readable title and abstract, and the abstract as Markdown for the page
 * body. The raw text stays in `titleRaw` / `abstractRaw`.
 */
export function cleanPapers(papers: Paper[]): Paper[] {
  return papers.map((p) => {
    const abstract = readable(p.abstractRaw);
    return { ...p, title: toPlainText(readable(p.titleRaw)), abstract: toPlainText(abstract), abstractMarkdown: toMarkdown(abstract) };
  });
}
