import { differentArxivIds, mergeFacts } from "../../model/facts.ts";
import { CandidateIndex, candidateKeys, identityTextOf, identityWords, paperId, samePaper, titlesMatch, type IdentityText } from "../../model/identity.ts";
import type { Paper } from "../../model/paper.ts";

function byFirstAppearance(a: Paper, b: Paper): number {
  return a.date.localeCompare(b.date) || a.rank - b.rank;
}

/**
 * One record per paper: fewer come out than go in. Listings with one arXiv id (whatever the
 * version) are one paper; so is a paper listed again with the same text, or corrected
 * (src/model/identity.ts) in another digest, unless the two carry different arXiv ids. The record has
 * the id, date, rank and text of the first listing (the text of a newer arXiv version, once one
 * is listed), every issue it was in, and the facts of all (src/model/facts.ts). Two entries of one digest are two papers unless their text or arXiv id is one.
 */
export function dedupe(papers: Paper[]): Paper[] {
  const byId = new Map<string, Paper>();
  const byArxivId = new Map<string, Paper>();
  // Each record under its first listing's text, with its title's words: a candidate whose title differs is
  // turned away before the abstracts are split into words (a key can match thousands of abstracts that
  // open alike), and those are never kept for all.
  // A listing with an arXiv id that `byArxivId` did not place can only be another version of a record listed without
  // one (records of other ids are other papers), so it looks among those alone: many listings of one title, each its
  // own paper, would otherwise have each look through all the others.
  // A version's text as identity compares it is made once: when its listing had candidates, or when it is first one.
  type Version = { paper: Paper; title: string[]; titleRaw: string; abstractRaw: string; text?: IdentityText };
  const versions = new CandidateIndex<Version>();
  const versionsWithoutArxivId = new CandidateIndex<Version>();
  const records = new Set<Paper>();
  for (const paper of [...papers].sort(byFirstAppearance)) {
    const id = paperId(paper.titleRaw, paper.abstractRaw);
    let first = (paper.facts.arxivId && byArxivId.get(paper.facts.arxivId)) || byId.get(id);
    if (first && differentArxivIds(first.facts, paper.facts)) first = undefined;
    if (!first) {
      const keys = candidateKeys(paper.titleRaw, paper.abstractRaw);
      const file = paper.sources[0].file;
      const title = identityWords(paper.titleRaw);
      const candidates = (paper.facts.arxivId ? versionsWithoutArxivId : versions).find(keys).filter((v) => titlesMatch(v.title, title));
      const text = candidates.length ? identityTextOf(paper.titleRaw, paper.abstractRaw) : undefined;
      first = candidates.find(
        (v) =>
          !v.paper.sources.some((s) => s.file === file) &&
          !differentArxivIds(v.paper.facts, paper.facts) &&
          samePaper((v.text ??= identityTextOf(v.titleRaw, v.abstractRaw)), text!),
      )?.paper;
      if (!first) {
        const record = {
          ...paper,
          id: byId.has(id) ? paperId(paper.titleRaw, `${paper.abstractRaw}\n${paper.facts.arxivId}`) : id,
          issues: [...paper.issues],
          sources: [...paper.sources],
        };
        byId.set(record.id, record);
        if (paper.facts.arxivId) byArxivId.set(paper.facts.arxivId, record);
        const version = { paper: record, title, titleRaw: paper.titleRaw, abstractRaw: paper.abstractRaw, text };
        versions.add(version, keys);
        if (!paper.facts.arxivId) versionsWithoutArxivId.add(version, keys);
        records.add(record);
        continue;
      }
      byId.set(id, first); // later exact repeats of this version join the same record
    }
    for (const issue of paper.issues) if (!first.issues.includes(issue)) first.issues.push(issue);
    first.issues.sort();
    first.sources.push(...paper.sources);
    // A newer arXiv version (a replacement) brings its own text: the page shows the paper as it now stands.
    if (paper.facts.arxivVersion > first.facts.arxivVersion && first.facts.arxivVersion > 0) {
      Object.assign(first, {
        titleRaw: paper.titleRaw,
        abstractRaw: paper.abstractRaw,
        title: paper.title,
        abstract: paper.abstract,
        abstractMarkdown: paper.abstractMarkdown,
      });
    }
    first.facts = mergeFacts(first.facts, paper.facts);
    if (first.facts.arxivId) byArxivId.set(first.facts.arxivId, first);
  }
  return [...records];
}
