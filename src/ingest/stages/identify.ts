import { differentArxivIds, mergeFacts } from "../../model/facts.ts";
import { CandidateIndex, candidateKeys, identityTextOf, samePaper, type IdentityText } from "../../model/identity.ts";
import type { Paper } from "../../model/paper.ts";
import type { PublishedPage } from "../../store/read.ts";
import type { PipelineContext } from "./context.ts";

const placeKey = (date: string, rank: number) => `p:${date}#${rank}`;

/**
 * A paper that already has a page takes that page's id, so its slug, feed guid and the
 * curator's fields stay with it: by its arXiv id first, then by identical text, else as a
 * corrected version (src/model/identity.ts), each page claimed by one paper at most. What the page
 * knew of the paper (authors, arXiv id, …) is pooled with what the listings say, so a digest
 * that is no longer read takes nothing away.
 */
export function identify(papers: Paper[], { published }: PipelineContext): Paper[] {
  const byArxivId = new Map([...published.values()].filter((page) => page.facts.arxivId).map((page) => [page.facts.arxivId, page]));
  // An arXiv id claims its page first; identical text claims a page no arXiv id did.
  const matched = papers.map((paper) => (paper.facts.arxivId ? byArxivId.get(paper.facts.arxivId) : undefined));
  const claimed = new Set(matched.filter((page) => page !== undefined).map((page) => page.id));
  papers.forEach((paper, i) => {
    const page = published.get(paper.id);
    if (matched[i] || !page || claimed.has(page.id) || differentArxivIds(page.facts, paper.facts)) return;
    matched[i] = page;
    claimed.add(page.id);
  });
  // Pages nothing claimed are indexed by their title and the ends of their abstract; words are read only for a candidate.
  const unclaimed = new CandidateIndex<PublishedPage>();
  for (const page of published.values()) {
    if (!claimed.has(page.id)) unclaimed.add(page, [...candidateKeys(page.title, page.abstract), placeKey(page.date, page.rank)]);
  }
  // A page's text as identity compares it, made when it is first a candidate and kept for the next paper.
  const texts = new Map<PublishedPage, IdentityText>();
  const textOf = (page: PublishedPage) => texts.get(page) ?? texts.set(page, identityTextOf(page.title, page.abstract)).get(page)!;
  return papers.map((paper, i) => {
    let page = matched[i];
    if (!page) {
      const candidates = unclaimed.find([...candidateKeys(paper.titleRaw, paper.abstractRaw), placeKey(paper.date, paper.rank)]);
      const text = candidates.length ? identityTextOf(paper.titleRaw, paper.abstractRaw) : undefined;
      page = candidates.find(
        (page) =>
          !claimed.has(page.id) &&
          !differentArxivIds(page.facts, paper.facts) &&
          samePaper(textOf(page), text!, page.date === paper.date && page.rank === paper.rank && !paper.facts.arxivId),
      );
      if (!page) return paper;
      claimed.add(page.id);
    }
    return { ...paper, id: page.id, facts: mergeFacts(paper.facts, page.facts) };
  });
}
