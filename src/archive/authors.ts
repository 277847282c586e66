import { authorSlug, linkedAuthors } from "../model/authors.ts";
import { authorUrl } from "../model/urls.ts";
import { paginate, type ListingPage } from "./listing.ts";
import type { PaperItem } from "./paper-files.ts";

/** The authors of the archive: each one's papers, paginated, and the most prolific for the authors index. */

export interface AuthorPage extends ListingPage {
  slug: string;
  /** The name as most of their papers write it. */
  name: string;
}

export interface TopAuthor {
  slug: string;
  name: string;
  count: number;
  url: string;
}

/** How many authors the authors index lists. */
const TOP_AUTHORS = 200;

/**
 * Each author's papers, newest first, in pages of `site.pageSize`: one pass over the archive. A collaboration's long tail
 * of names has no pages (src/model/authors.ts).
 */
export function buildAuthors(papers: PaperItem[], pageSize: number): { authorPages: AuthorPage[]; topAuthors: TopAuthor[] } {
  const bySlug = new Map<string, { spellings: Map<string, number>; papers: PaperItem[] }>();
  for (const paper of papers) {
    for (const name of new Set(linkedAuthors(paper.data.authors))) {
      const slug = authorSlug(name);
      let author = bySlug.get(slug);
      if (!author) bySlug.set(slug, (author = { spellings: new Map(), papers: [] }));
      author.spellings.set(name, (author.spellings.get(name) ?? 0) + 1);
      if (author.papers.at(-1) !== paper) author.papers.push(paper);
    }
  }
  const authors = [...bySlug].map(([slug, { spellings, papers: list }]) => {
    // The commonest spelling; on a tie, the one with accents ("Hénaff" over "Henaff").
    const accents = (name: string) => name.normalize("NFKD").length - name.length;
    const name = [...spellings].sort((a, b) => b[1] - a[1] || accents(b[0]) - accents(a[0]) || a[0].localeCompare(b[0]))[0][0];
    return { slug, name, papers: list };
  });
  const authorPages = authors.flatMap(({ slug, name, papers: list }) =>
    paginate(list, pageSize, (n) => authorUrl(slug, n)).map((page): AuthorPage => ({ slug, name, ...page })),
  );
  const topAuthors = authors
    .sort((a, b) => b.papers.length - a.papers.length || a.name.localeCompare(b.name))
    .slice(0, TOP_AUTHORS)
    .map(({ slug, name, papers: list }) => ({ slug, name, count: list.length, url: authorUrl(slug) }));
  return { authorPages, topAuthors };
}
