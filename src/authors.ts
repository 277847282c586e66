import { createHash } from "node:crypto";
import slugify from "@sindresorhus/slugify";

/**
 * Authors as the site shows and links them. One author page per name as written, up to case,
 * accents and spacing: "Jürgen Schmidhuber" and "JURGEN SCHMIDHUBER" share a page; "J. Schmidhuber"
 * and "Jürgen H. Schmidhuber" do not, since telling people apart by initials would be guesswork.
 */

/** The path-safe slug of an author's page. */
export function authorSlug(name: string): string {
  const plain = name.normalize("NFKD").replace(/\p{M}/gu, "");
  const slug = slugify(plain, { decamelize: false });
  // A name in a script slugify cannot spell in ASCII still gets a page of its own.
  return slug || `author-${createHash("sha256").update(name.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim()).digest("hex").slice(0, 10)}`;
}

/** How many authors a byline shows before "et al.". */
export const BYLINE_AUTHORS = 3;

/** "Ann Lee, Bo Chen and Cy Dee", or "Ann Lee, Bo Chen, Cy Dee et al." for a longer list. */
export function byline(authors: readonly string[] = [], shown = BYLINE_AUTHORS): string {
  if (authors.length <= shown + 1) return authors.length > 1 ? `${authors.slice(0, -1).join(", ")} and ${authors.at(-1)}` : (authors[0] ?? "");
  return `${authors.slice(0, shown).join(", ")} et al.`;
}
