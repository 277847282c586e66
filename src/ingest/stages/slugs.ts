import { baseSlug } from "../../model/slugs.ts";
import type { Paper } from "../../model/paper.ts";
import type { PipelineContext } from "./context.ts";

/**
 * Every paper gets a unique slug. A paper with a page keeps its slug forever; a new one gets
 * its title's slug, or — if another page holds that (a different paper's, or one the curator
 * made by hand) — the slug plus a suffix from its id, so the choice never depends on run order.
 */
export function slugs(papers: Paper[], { published, reservedSlugs }: PipelineContext): Paper[] {
  const taken = new Set([...[...published.values()].map((page) => page.slug), ...reservedSlugs]);
  const withPublished = papers.map((p) => ({ ...p, slug: published.get(p.id)?.slug ?? "" }));
  for (const paper of withPublished) {
    if (paper.slug) continue;
    let slug = baseSlug(paper.title);
    for (let n = 6; taken.has(slug); n += 2) slug = `${baseSlug(paper.title)}-${paper.id.slice(0, n)}`;
    taken.add(slug);
    paper.slug = slug;
  }
  return withPublished;
}
