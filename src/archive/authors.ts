import { cachedAuthorSlug, linkedAuthors } from "../model/authors.ts";
import { authorFeedUrl, authorUrl, searchUrl } from "../model/urls.ts";
import { paginateFromOldest, type NumberedListingPage } from "./listing.ts";
import type { PaperItem } from "./paper-files.ts";

/**
 * The authors of the archive, and which of them have a page: the decision, each one's papers paginated, their feeds,
 * and the most prolific for the authors index. Most authors of a real listing appear once; a page for each would be
 * most of a large site (54,403 pages at 10,000 papers) and each would list one paper. So a page goes to whoever has
 * `minPapers` papers in the archive, and to everyone in the list of pages already published (content/author-pages.txt,
 * src/store/author-pages.ts), so that no published URL breaks; anyone else's name links to a search for it.
 */

export interface AuthorPage extends NumberedListingPage {
  slug: string;
  /** The name as most of their papers write it; the slug, for a listed author with no paper in the archive now. */
  name: string;
  /** Their front page, /authors/<slug>/, with their newest papers. */
  frontUrl: string;
  /** Their feed, /authors/<slug>/feed.xml. */
  feedUrl: string;
}

export interface AuthorFeed {
  slug: string;
  name: string;
  url: string;
  /** Their newest papers, at most `feedItems`. */
  papers: PaperItem[];
}

export interface TopAuthor {
  slug: string;
  name: string;
  count: number;
  /** Their page, or a search for their name. */
  url: string;
}

export interface AuthorRule {
  /** Papers an author needs for a page (`authors.minPapers` in site.json). */
  minPapers: number;
  /** Slugs whose page was published: each keeps it, with whatever papers remain. */
  published: ReadonlySet<string>;
}

export interface Authors {
  authorPages: AuthorPage[];
  authorFeeds: AuthorFeed[];
  topAuthors: TopAuthor[];
  /** The slug of every author with a page, for the links to them (the `authorUrl` filter). */
  withPages: ReadonlySet<string>;
  /** Each name's slug (`cachedAuthorSlug`): transliterating every byline of 100,000 papers twice over took seconds. */
  slugOf: (name: string) => string;
}

/** How many authors the authors index lists. */
const TOP_AUTHORS = 200;

/**
 * The `count` authors with the most papers, by name on a tie: only those with as many papers as the `count`-th are
 * sorted, not every author of the archive (430,000 at 100,000 papers, most of them tied at one paper).
 */
function mostPapers<A extends { name: string; papers: unknown[] }>(authors: A[], count: number): A[] {
  const atLeast = new Map<number, number>();
  for (const { papers } of authors) atLeast.set(papers.length, (atLeast.get(papers.length) ?? 0) + 1);
  let threshold = 0;
  let ranked = 0;
  for (const papers of [...atLeast.keys()].sort((a, b) => b - a)) {
    threshold = papers;
    ranked += atLeast.get(papers)!;
    if (ranked >= count) break;
  }
  return authors
    .filter((a) => a.papers.length >= threshold)
    .sort((a, b) => b.papers.length - a.papers.length || a.name.localeCompare(b.name))
    .slice(0, count);
}

/** Whether an author has a page: papers enough, or a page already published. */
export function hasAuthorPage(slug: string, papers: number, rule: AuthorRule): boolean {
  return papers >= rule.minPapers || rule.published.has(slug);
}

/**
 * Each author's papers, newest first (as `papers` is sorted), and who has a page: one pass over the archive. A page
 * shows the newest `pageSize` papers, and past that the papers are on pages numbered from the oldest (as a topic's
 * are, src/archive/listing.ts), so a new paper changes an author's front page and newest numbered page, not all of
 * them. Feeds hold the newest `feedItems`. A collaboration's long tail of names is never
 * linked (src/model/authors.ts).
 */
export function buildAuthors(papers: PaperItem[], pageSize: number, feedItems: number, rule: AuthorRule): Authors {
  const slugOf = cachedAuthorSlug;
  // Most authors are written one way only: their other spellings are counted only once a second one turns up.
  const bySlug = new Map<string, { first: string; spellings?: Map<string, number>; papers: PaperItem[] }>();
  for (const paper of papers) {
    for (const name of new Set(linkedAuthors(paper.data.authors))) {
      const slug = slugOf(name);
      let author = bySlug.get(slug);
      if (!author) bySlug.set(slug, (author = { first: name, papers: [] }));
      else if (author.spellings || name !== author.first) {
        author.spellings ??= new Map([[author.first, author.papers.length]]);
        author.spellings.set(name, (author.spellings.get(name) ?? 0) + 1);
      }
      if (author.papers.at(-1) !== paper) author.papers.push(paper);
    }
  }
  // The commonest spelling; on a tie, the one with accents ("Hénaff" over "Henaff").
  const accents = (name: string) => name.normalize("NFKD").length - name.length;
  const authors = [...bySlug].map(([slug, { first, spellings, papers: list }]) => {
    const name = spellings ? [...spellings].sort((a, b) => b[1] - a[1] || accents(b[0]) - accents(a[0]) || a[0].localeCompare(b[0]))[0][0] : first;
    return { slug, name, papers: list };
  });
  const withPages = new Set(authors.filter((a) => hasAuthorPage(a.slug, a.papers.length, rule)).map((a) => a.slug));
  // A published author with no paper in the archive now keeps their URL, on a page that says so.
  const gone = [...rule.published].filter((slug) => !bySlug.has(slug)).sort();
  for (const slug of gone) withPages.add(slug);
  const paged = [...authors.filter((a) => withPages.has(a.slug)), ...gone.map((slug) => ({ slug, name: slug, papers: [] as PaperItem[] }))];

  const authorPages = paged.flatMap(({ slug, name, papers: list }) =>
    paginateFromOldest(list, pageSize, authorUrl(slug), (n) => authorUrl(slug, n)).map((page): AuthorPage => ({
      slug,
      name,
      frontUrl: authorUrl(slug),
      feedUrl: authorFeedUrl(slug),
      ...page,
    })),
  );
  const authorFeeds = paged.map(({ slug, name, papers: list }): AuthorFeed => ({ slug, name, url: authorFeedUrl(slug), papers: list.slice(0, feedItems) }));
  const topAuthors = mostPapers(authors, TOP_AUTHORS).map(({ slug, name, papers: list }) => ({
    slug,
    name,
    count: list.length,
    url: withPages.has(slug) ? authorUrl(slug) : searchUrl(name),
  }));
  return { authorPages, authorFeeds, topAuthors, withPages, slugOf };
}
