import { foldForMatching } from "../model/follow.ts";
import type { Window } from "./features.ts";

/** A reader with nothing saved starts /for-you/ from papers they name: arXiv ids or titles, pasted one a line. */

/** arXiv ids in a line of pasted text: 2501.13124, arXiv:2501.13124v2, an abs or pdf URL, hep-th/9901001. */
const ARXIV_ID = /(?:^|[^\d.])(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?(?![\d])/;

const long = (folded: string) => folded.trim().split(" ").length >= 3;

/** The window's papers the pasted lines name, by arXiv id or title, and the lines that named none. */
export function findPasted(text: string, window: Window): { found: Window["papers"]; unmatched: string[] } {
  const found: Window["papers"] = [];
  const unmatched: string[] = [];
  const titles = window.papers.map((p) => ({ p, folded: foldForMatching(p.title) }));
  for (const line of text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)) {
    const id = ARXIV_ID.exec(line)?.[1];
    const folded = foldForMatching(line);
    const paper =
      (id && window.papers.find((p) => p.arxivId === id)) ||
      titles.find((t) => t.folded === folded)?.p ||
      // A part of a title, or a line holding a whole title, of three words or more: not a common word or two.
      (long(folded) ? titles.find((t) => t.folded.includes(folded) || (long(t.folded) && folded.includes(t.folded)))?.p : undefined);
    if (paper && !found.includes(paper)) found.push(paper);
    else if (!paper) unmatched.push(line);
  }
  return { found, unmatched };
}
