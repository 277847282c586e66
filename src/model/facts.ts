import type { Announcement, PaperFacts, PaperLink } from "./paper.ts";

/**
 * Listings of one paper pool what they know: nothing any source said is dropped, and where
 * two disagree the richer wins — the longer author list, the higher version and upvote count,
 * the earliest submission date, the first primary category.
 */
export function mergeFacts(a: PaperFacts, b: PaperFacts): PaperFacts {
  return {
    arxivId: a.arxivId || b.arxivId,
    arxivVersion: Math.max(a.arxivVersion, b.arxivVersion),
    authors: b.authors.length > a.authors.length ? b.authors : a.authors,
    categories: union(a.categories, b.categories, (c) => c),
    msc: union(a.msc, b.msc, (c) => c),
    acm: union(a.acm, b.acm, (c) => c),
    upvotes: a.upvotes === undefined ? b.upvotes : b.upvotes === undefined ? a.upvotes : Math.max(a.upvotes, b.upvotes),
    submitted: [a.submitted, b.submitted].filter(Boolean).sort()[0] ?? "",
    announcements: union(a.announcements, b.announcements, announcementKey).sort(
      (x, y) => x.date.localeCompare(y.date) || announcementKey(x).localeCompare(announcementKey(y)),
    ),
    links: union(a.links, b.links, (l: PaperLink) => l.url),
    aiSummary: a.aiSummary || b.aiSummary,
    aiKeywords: a.aiKeywords.length ? a.aiKeywords : b.aiKeywords,
  };
}

const announcementKey = (a: Announcement) => `${a.date} ${a.listing} ${a.type}`;

function union<T>(a: T[], b: T[], key: (item: T) => string): T[] {
  const seen = new Set(a.map(key));
  return [...a, ...b.filter((item) => !seen.has(key(item)) && seen.add(key(item)))];
}

/** Two listings with different arXiv ids are different papers, however alike their text. */
export function differentArxivIds(a: PaperFacts, b: PaperFacts): boolean {
  return a.arxivId !== "" && b.arxivId !== "" && a.arxivId !== b.arxivId;
}
