import slugify from "@sindresorhus/slugify";
import type { Paper } from "../paper.ts";

const MAX_SLUG_LENGTH = 80;
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** An ASCII, path-safe slug for a title, cut at a word boundary. */
export function baseSlug(title: string): string {
  let slug = slugify(title, { decamelize: false });
  if (slug.length > MAX_SLUG_LENGTH) {
    const cut = slug.slice(0, MAX_SLUG_LENGTH + 1);
    slug = cut.slice(0, cut.lastIndexOf("-") > 0 ? cut.lastIndexOf("-") : MAX_SLUG_LENGTH);
  }
  slug = slug.replace(/^-+|-+$/g, "");
  return SLUG_PATTERN.test(slug) ? slug : "paper";
}

/**
 * Pipeline stage: every paper gets a unique slug. A paper that already has a page keeps
 * its slug forever; a new one gets its title's slug, or — if another page holds that (a
 * different paper's, or one the curator made by hand) — the slug plus a suffix from its
 * id, so the choice never depends on run order.
 */
export function assignSlugs(papers: Paper[], existing: ReadonlyMap<string, string>, reserved: ReadonlySet<string> = new Set()): Paper[] {
  const taken = new Set([...existing.values(), ...reserved]);
  const withExisting = papers.map((p) => ({ ...p, slug: existing.get(p.id) ?? "" }));
  for (const paper of withExisting) {
    if (paper.slug) continue;
    let slug = baseSlug(paper.title);
    for (let n = 6; taken.has(slug); n += 2) slug = `${baseSlug(paper.title)}-${paper.id.slice(0, n)}`;
    taken.add(slug);
    paper.slug = slug;
  }
  return withExisting;
}
