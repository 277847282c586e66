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
