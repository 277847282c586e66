import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AUTHOR_SLUG_PATTERN, MAX_AUTHOR_SLUG } from "../model/authors.ts";
import { InputError } from "../platform/input-error.ts";
import { writeFileAtomically } from "../platform/atomic-write.ts";

/**
 * content/author-pages.txt: the slug of every author who has a page on the site (/authors/<slug>/), one a line, sorted,
 * under a one-line comment. An author gets a page once they have `authors.minPapers` papers in the archive; the ingest
 * adds them here and never takes anyone out, so a published author URL never breaks (docs/site.md#author-pages). The
 * file is committed with the pages; the build gives a page to everyone in it and to anyone over the threshold
 * (src/archive/authors.ts).
 */

export const AUTHOR_PAGES_FILE = "author-pages.txt";

const HEADER =
  "# Authors with a page on the site (/authors/<slug>/), one slug a line: the ingest adds whoever reaches authors.minPapers papers and never removes anyone, so no published author URL breaks (docs/site.md#author-pages).";

export function authorPagesPath(contentDir: string): string {
  return join(contentDir, AUTHOR_PAGES_FILE);
}

/** The list's text: the header, then the slugs, sorted, once each. */
export function formatAuthorPages(slugs: Iterable<string>): string {
  return `${[HEADER, ...[...new Set(slugs)].sort()].join("\n")}\n`;
}

/**
 * The slugs a list's text holds, in its order. Blank lines and `#` comments are skipped; any other line must be one
 * author slug (as authorSlug gives it), else an InputError naming the file and line.
 */
export function parseAuthorPages(text: string, file: string): string[] {
  const slugs: string[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    if (!AUTHOR_SLUG_PATTERN.test(line) || line.length > MAX_AUTHOR_SLUG) {
      const shown = line.length > 80 ? `${line.slice(0, 80)}…` : line;
      throw new InputError(
        file,
        index + 1,
        `${JSON.stringify(shown)} is not an author's slug (lowercase letters and digits joined by single hyphens, as in /authors/<slug>/)`,
      );
    }
    slugs.push(line);
  });
  return slugs;
}

/** The slugs in the content folder's list; undefined when there is no list yet. */
export function readAuthorPages(contentDir: string): string[] | undefined {
  const path = authorPagesPath(contentDir);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return parseAuthorPages(text, path);
}

/** Writes the list atomically, and only when its bytes change; true if it did. */
export function writeAuthorPages(contentDir: string, slugs: Iterable<string>): boolean {
  const path = authorPagesPath(contentDir);
  const text = formatAuthorPages(slugs);
  let before: string | undefined;
  try {
    before = readFileSync(path, "utf8");
  } catch {
    before = undefined;
  }
  if (before === text) return false;
  writeFileAtomically(path, text, { fsync: true });
  return true;
}

export interface AuthorPagesUpdate {
  /** Every slug the list holds now, sorted. */
  slugs: string[];
  /** The slugs this update added. */
  added: string[];
  /** True when there was no list, and this one started from `seed`. */
  started: boolean;
  /** True when the file was written. */
  written: boolean;
}

/**
 * After an ingest: the list read before it (`listed`, readAuthorPages) gains every author over the threshold (`frequent`) and loses no one. Where there is no list
 * yet, it starts from `seed()` — the linked authors of the pages already in the archive, who all had a page before
 * there was a threshold — so that nothing published disappears; a new archive's seed is empty.
 */
export function updateAuthorPages(
  contentDir: string,
  listed: readonly string[] | undefined,
  frequent: Iterable<string>,
  seed: () => Iterable<string>,
): AuthorPagesUpdate {
  const before = new Set(listed ?? []);
  const slugs = [...new Set([...(listed ?? seed()), ...frequent])].sort();
  const written = writeAuthorPages(contentDir, slugs);
  return { slugs, added: slugs.filter((slug) => !before.has(slug)), started: listed === undefined, written };
}
