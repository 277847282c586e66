import type { Paper } from "../paper.ts";
import { cleanText } from "./text.ts";

/** Pipeline stage: readable title and abstract; the raw text stays in `titleRaw` / `abstractRaw`. */
export function cleanPapers(papers: Paper[]): Paper[] {
  return papers.map((p) => ({ ...p, title: cleanText(p.titleRaw), abstract: cleanText(p.abstractRaw) }));
}
