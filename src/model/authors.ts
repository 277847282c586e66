import { createHash } from "node:crypto";
import slugify from "@sindresorhus/slugify";

/**
 * Authors as the site shows and links them. One author per name as written, up to case, accents and spacing:
 * "Jürgen Schmidhuber" and "JURGEN SCHMIDHUBER" share a page; "J. Schmidhuber" and "Jürgen H. Schmidhuber" do not,
 * since telling people apart by initials would be guesswork. Which authors have a page (those with several papers,
 * and every page once published): src/archive/authors.ts, src/store/author-pages.ts.
 */

/** The longest an author page's slug may be, in bytes (slugs are ASCII): a file name every file system takes. */
export const MAX_AUTHOR_SLUG = 100;

/** What authorSlug gives: lowercase ASCII letters and digits in words joined by single hyphens, at most MAX_AUTHOR_SLUG long. */
export const AUTHOR_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A name of ASCII letters only, in words between spaces, dots, hyphens and apostrophes. */
const PLAIN_NAME = /^[A-Za-z]+(?:[ .'-]+[A-Za-z]+)*\.?$/;

/** The path-safe slug of an author's page, at most MAX_AUTHOR_SLUG bytes: a longer one is cut at a word and ends in a hash of the whole. */
export function authorSlug(name: string): string {
  // Most names are ASCII letters between spaces, dots, hyphens and apostrophes: their slug is their words, lowercase,
  // joined by hyphens, as slugify gives it at a fraction of its cost (every byline of 100,000 papers is read each build).
  if (name.length <= MAX_AUTHOR_SLUG && PLAIN_NAME.test(name))
    return name
      .toLowerCase()
      .split(/[^a-z]+/)
      .filter(Boolean)
      .join("-");
  const plain = name.normalize("NFKD").replace(/\p{M}/gu, "");
  const slug = slugify(plain, { decamelize: false });
  const hash = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 10);
  // A name in a script slugify cannot spell in ASCII still gets a page of its own.
  if (!slug) return `author-${hash(name.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim())}`;
  if (slug.length <= MAX_AUTHOR_SLUG) return slug;
  // The whole slug's hash, so spellings that share a page (case, accents) share it when cut too.
  const head = slug.slice(0, MAX_AUTHOR_SLUG - 11);
  return `${head.includes("-") ? head.slice(0, head.lastIndexOf("-")) : head}-${hash(slug)}`;
}

/** Names' slugs worked out so far in this process. */
const slugs = new Map<string, string>();
/**
 * How many names `slugs` holds at most: every distinct name of a 100,000-paper archive (430,000 in the benchmark's),
 * which the archive model, the render plan and the templates' filters all look up each build; past it, it starts
 * again (a long `npm start` session).
 */
const MAX_SLUGS = 1_000_000;

/** `authorSlug`, remembered by name: transliterating a name costs far more than a look-up, and bylines repeat names. */
export function cachedAuthorSlug(name: string): string {
  let slug = slugs.get(name);
  if (slug === undefined) {
    if (slugs.size >= MAX_SLUGS) slugs.clear();
    slugs.set(name, (slug = authorSlug(name)));
  }
  return slug;
}

/**
 * How many authors a paper may have and still link them all. A collaboration paper's list (hundreds or thousands of
 * names: ATLAS, CMS, a large model's report) links its first COLLABORATION_LINKED: the rest are listed on its page but
 * get no author page from it, since thousands of pages that each list the one paper would bury the authors index.
 */
export const LINKED_AUTHORS = 50;
export const COLLABORATION_LINKED = 10;

/** The authors of a paper that have an author page from it, and that a citation or a feed names: all, or a collaboration's first few. */
export function linkedAuthors(authors: readonly string[] = []): readonly string[] {
  return authors.length > LINKED_AUTHORS ? authors.slice(0, COLLABORATION_LINKED) : authors;
}

/** How many papers link each author, by slug: a paper that names one person twice, or in two spellings of one slug, counts once. */
export function linkedAuthorCounts(authorLists: Iterable<readonly string[] | undefined>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const authors of authorLists) {
    for (const slug of new Set(linkedAuthors(authors).map(authorSlug))) counts.set(slug, (counts.get(slug) ?? 0) + 1);
  }
  return counts;
}

/** How much of a collaboration's unlinked names a paper page lists, in characters, before "and N more": a page stays small. */
const UNLINKED_CHARACTERS = 20_000;

/** A paper page's author list: the linked authors, then as many others as fit UNLINKED_CHARACTERS, and how many more there are. */
export function authorList(authors: readonly string[] = []): { linked: readonly string[]; unlinked: string[]; more: number } {
  const linked = linkedAuthors(authors);
  const unlinked: string[] = [];
  let length = 0;
  for (const name of authors.slice(linked.length)) {
    length += name.length + 2;
    if (length > UNLINKED_CHARACTERS) break;
    unlinked.push(name);
  }
  return { linked, unlinked, more: authors.length - linked.length - unlinked.length };
}

/** How many authors a byline shows before "et al.". */
export const BYLINE_AUTHORS = 3;

/** The authors a byline names: up to four, else the first three (and "et al."). */
export function bylineNames(authors: readonly string[] = [], shown = BYLINE_AUTHORS): readonly string[] {
  return authors.length <= shown + 1 ? authors : authors.slice(0, shown);
}

/** "Ann Lee, Bo Chen and Cy Dee", or "Ann Lee, Bo Chen, Cy Dee et al." for a longer list. */
export function byline(authors: readonly string[] = [], shown = BYLINE_AUTHORS): string {
  const names = bylineNames(authors, shown);
  if (names.length < authors.length) return `${names.join(", ")} et al.`;
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : (names[0] ?? "");
}
