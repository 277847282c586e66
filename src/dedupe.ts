import { createHash } from "node:crypto";
import type { Paper } from "./paper.ts";

/** Case, width and spacing variants of one text compare equal. */
function identityText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

/**
 * A paper's identity: the same title and abstract are the same paper, whatever the day.
 * Computed from the text as scraped, so improving the cleaner never changes an identity.
 */
export function paperId(title: string, abstract: string): string {
  return createHash("sha256")
    .update(identityText(title) + "\n" + identityText(abstract))
    .digest("hex")
    .slice(0, 16);
}

function byFirstAppearance(a: Paper, b: Paper): number {
  return a.date.localeCompare(b.date) || a.rank - b.rank;
}

/**
 * Pipeline stage: one record per distinct paper. A repeat keeps its first issue's
 * date and rank and is listed in every issue it appeared in.
 */
export function dedupePapers(papers: Paper[]): Paper[] {
  const byId = new Map<string, Paper>();
  for (const paper of [...papers].sort(byFirstAppearance)) {
    const id = paperId(paper.titleRaw, paper.abstractRaw);
    const seen = byId.get(id);
    if (!seen) {
      byId.set(id, { ...paper, id, issues: [...paper.issues], sources: [...paper.sources] });
      continue;
    }
    for (const issue of paper.issues) if (!seen.issues.includes(issue)) seen.issues.push(issue);
    seen.issues.sort();
    seen.sources.push(...paper.sources);
  }
  return [...byId.values()];
}
