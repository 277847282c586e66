import { CandidateIndex, candidateKeys, identityTextOf, paperId, samePaper, type IdentityText } from "../identity.ts";
import type { Paper } from "../paper.ts";

function byFirstAppearance(a: Paper, b: Paper): number {
  return a.date.localeCompare(b.date) || a.rank - b.rank;
}

/**
 * One record per paper: fewer come out than go in. A paper listed again — with the same
 * text, or corrected (src/identity.ts) in another digest — is one record, with the id, date
 * and rank of its first listing, the text of its first listing, and every issue it was in.
 * Two entries of one digest are two papers unless their text is identical.
 */
export function dedupe(papers: Paper[]): Paper[] {
  const byId = new Map<string, Paper>();
  const versions = new CandidateIndex<{ paper: Paper; text: IdentityText }>();
  for (const paper of [...papers].sort(byFirstAppearance)) {
    const id = paperId(paper.titleRaw, paper.abstractRaw);
    let first = byId.get(id);
    if (!first) {
      const text = identityTextOf(paper.titleRaw, paper.abstractRaw);
      const keys = candidateKeys(text);
      const file = paper.sources[0].file;
      first = versions.find(keys).find((v) => !v.paper.sources.some((s) => s.file === file) && samePaper(v.text, text))?.paper;
      if (!first) {
        const record = { ...paper, id, issues: [...paper.issues], sources: [...paper.sources] };
        byId.set(id, record);
        versions.add({ paper: record, text }, keys);
        continue;
      }
      byId.set(id, first); // later exact repeats of this version join the same record
    }
    for (const issue of paper.issues) if (!first.issues.includes(issue)) first.issues.push(issue);
    first.issues.sort();
    first.sources.push(...paper.sources);
  }
  return [...new Set(byId.values())];
}
