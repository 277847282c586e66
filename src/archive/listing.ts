import type { PaperItem } from "./paper-files.ts";

/** One page of a paginated listing: its slice of the papers and the way to the pages around it. */
export interface ListingPage {
  /** Every paper of the listing, on this page or another. */
  count: number;
  pageNumber: number;
  pageCount: number;
  /** This page's own address. */
  pageUrl: string;
  papers: PaperItem[];
  previousUrl?: string;
  nextUrl?: string;
}

/** A listing cut into pages of `size` (at least one page), each addressed by `url(pageNumber)`. */
export function paginate(list: PaperItem[], size: number, url: (pageNumber: number) => string): ListingPage[] {
  const pageCount = Math.max(1, Math.ceil(list.length / size));
  return Array.from({ length: pageCount }, (_, i) => ({
    count: list.length,
    pageNumber: i + 1,
    pageCount,
    pageUrl: url(i + 1),
    papers: list.slice(i * size, (i + 1) * size),
    previousUrl: i > 0 ? url(i) : undefined,
    nextUrl: i + 1 < pageCount ? url(i + 2) : undefined,
  }));
}

/**
 * A page of a listing numbered from its oldest paper (topic pages): a new day's papers change its front page and its
 * newest numbered page or two, and every other page stands as it was, so a build need not lay it out again
 * (src/site/render-plan.ts). The front page shows the newest `size` papers and how many there are; numbered page K
 * holds the K-th `size` papers counted from the oldest, newest first, and says which (`first`, `last`). An address
 * /page/K/ once published keeps listing papers while the listing does not shrink.
 */
export interface NumberedListingPage {
  pageUrl: string;
  papers: PaperItem[];
  /** Counted from the oldest page; none on the front page. */
  pageNumber?: number;
  /** On the front page: every paper of the listing. */
  count?: number;
  /** On a numbered page: its papers' places counted from the oldest, from 1. */
  first?: number;
  last?: number;
  /** Newer papers, and older ones. */
  previousUrl?: string;
  nextUrl?: string;
}

/**
 * `list` (newest first) as a front page at `front` and, past `size` papers, numbered pages at `numbered(K)`. The front
 * page's "older" link leads to the page below the newest numbered one, whose papers the front page mostly shows.
 */
export function paginateFromOldest(list: PaperItem[], size: number, front: string, numbered: (pageNumber: number) => string): NumberedListingPage[] {
  const count = list.length;
  const pages = count > size ? Math.ceil(count / size) : 0;
  const numberedPages = Array.from({ length: pages }, (_, i): NumberedListingPage => {
    const pageNumber = i + 1;
    const last = Math.min(pageNumber * size, count);
    return {
      pageUrl: numbered(pageNumber),
      papers: list.slice(count - last, count - i * size),
      pageNumber,
      first: i * size + 1,
      last,
      previousUrl: pageNumber < pages ? numbered(pageNumber + 1) : front,
      nextUrl: pageNumber > 1 ? numbered(pageNumber - 1) : undefined,
    };
  });
  return [{ pageUrl: front, papers: list.slice(0, size), count, nextUrl: pages ? numbered(pages - 1) : undefined }, ...numberedPages];
}
