import { extractLinks } from "../../analysis/links.ts";
import type { Paper } from "../../model/paper.ts";

/** Code, data, model, demo and project links: those a source named, then those found in the abstract. */
export function links(papers: Paper[]): Paper[] {
  return papers.map((p) => {
    const found = extractLinks(p.abstractRaw).filter((link) => !p.facts.links.some((l) => l.url === link.url));
    return { ...p, links: [...p.facts.links, ...found] };
  });
}
