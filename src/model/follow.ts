/**
 * What a reader follows — topics, authors, keyword phrases — and which papers match it: the one rule behind the
 * site's "follow" marks (in the browser) and each subscriber's newsletter (server side). Pure and free of Node's
 * modules, so the browser's script can be built from it; authors are compared by their page slug
 * (src/model/authors.ts: authorSlug), which the caller computes.
 */

export interface Interests {
  /** Topic slugs. */
  topics: readonly string[];
  /** Author page slugs. */
  authors: readonly string[];
  /** Phrases, matched as whole words in a paper's text, case and accents aside. */
  keywords: readonly string[];
}

export interface FollowablePaper {
  topics: readonly string[];
  /** Its authors' page slugs. */
  authorSlugs: readonly string[];
  /** The text keywords are looked for in: title, summary, abstract. */
  text: readonly string[];
}

/** What of `interests` a paper matched, each list in the order the interests give it. */
export interface FollowMatch {
  topics: string[];
  authors: string[];
  keywords: string[];
}

/** Text as keywords compare it: compatibility forms folded, accents and case dropped, runs of non-word characters one space. */
export function foldForMatching(text: string): string {
  return ` ${text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()} `;
}

export function followsNothing(interests: Interests): boolean {
  return !interests.topics.length && !interests.authors.length && !interests.keywords.length;
}

/** Which of `interests` the paper matches. */
export function followMatch(paper: FollowablePaper, interests: Interests): FollowMatch {
  const authors = new Set(paper.authorSlugs);
  const keywords = interests.keywords.map((phrase) => [phrase, foldForMatching(phrase)] as const).filter(([, folded]) => folded.trim());
  const text = keywords.length ? paper.text.map(foldForMatching).join(" ") : "";
  return {
    topics: interests.topics.filter((topic) => paper.topics.includes(topic)),
    authors: interests.authors.filter((slug) => authors.has(slug)),
    keywords: keywords.filter(([, folded]) => text.includes(folded)).map(([phrase]) => phrase),
  };
}

/** Whether a paper is for a reader with these interests: any match at all, and every paper for one who follows nothing. */
export function isFollowed(paper: FollowablePaper, interests: Interests): boolean {
  if (followsNothing(interests)) return true;
  const match = followMatch(paper, interests);
  return match.topics.length + match.authors.length + match.keywords.length > 0;
}
