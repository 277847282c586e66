import { cleanTitleOrAbstract } from "../clean/index.ts";
import type { Paper } from "../paper.ts";

/** Scraped text → a readable title and abstract, and the abstract as Markdown for the page body. */
export function clean(papers: Paper[]): Paper[] {
  return papers.map((p) => {
    const abstract = cleanTitleOrAbstract(p.abstractRaw);
    return { ...p, title: cleanTitleOrAbstract(p.titleRaw).plain, abstract: abstract.plain, abstractMarkdown: abstract.markdown };
  });
}
