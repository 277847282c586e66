import { CandidateIndex, candidateKeys, identityTextOf, samePaper, type IdentityText } from "../identity.ts";
import type { Paper } from "../paper.ts";
import type { PipelineContext, PublishedPage } from "../pipeline.ts";

const placeKey = (date: string, rank: number) => `p:${date}#${rank}`;

/**
 * A paper that already has a page takes that page's id, so its slug, feed guid and the
 * curator's fields stay with it: by identical text first, else as a corrected version
 * (src/identity.ts), each page claimed by one paper at most.
 */
export function identify(papers: Paper[], { published }: PipelineContext): Paper[] {
  const claimed = new Set(papers.filter((p) => published.has(p.id)).map((p) => p.id));
  // Only pages no identical text claimed are read word by word: on a daily run, a handful.
  const unclaimed = new CandidateIndex<PublishedPage & { text: IdentityText }>();
  for (const page of published.values()) {
    if (claimed.has(page.id)) continue;
    const text = identityTextOf(page.title, page.abstract);
    unclaimed.add({ ...page, text }, [...candidateKeys(text), placeKey(page.date, page.rank)]);
  }
  return papers.map((paper) => {
    if (published.has(paper.id)) return paper;
    const text = identityTextOf(paper.titleRaw, paper.abstractRaw);
    const page = unclaimed
      .find([...candidateKeys(text), placeKey(paper.date, paper.rank)])
      .find((page) => !claimed.has(page.id) && samePaper(page.text, text, page.date === paper.date && page.rank === paper.rank));
    if (!page) return paper;
    claimed.add(page.id);
    return { ...paper, id: page.id };
  });
}
