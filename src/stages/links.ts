import { extractLinks } from "../enrich/links.ts";
import type { Paper } from "../paper.ts";

/** Code, data, model, demo and project links found in the abstract. */
export function links(papers: Paper[]): Paper[] {
  return papers.map((p) => ({ ...p, links: extractLinks(p.abstractRaw) }));
}
