/** Citation and structured data for a paper page, built from what the digest knows. */

/** Escapes text for a BibTeX field: LaTeX specials become commands, braces balance. */
export function bibtexEscape(text: string): string {
  return text
    .replace(/\\/g, "\\textbackslash{}")
    .replace(/[{}]/g, "\\$&")
    .replace(/[&%$#_]/g, "\\$&")
    .replace(/~/g, "\\textasciitilde{}")
    .replace(/\^/g, "\\textasciicircum{}");
}

/**
 * A BibTeX entry. The digest knows no authors or venue, so it is a @misc pointing at the
 * digest page; the title is double-braced to keep its capitals.
 */
export function bibtex(paper: { title: string; slug: string; date: string }, url: string, siteTitle: string): string {
  const year = paper.date.slice(0, 4);
  const key = `${paper.slug.split("-").slice(0, 3).join("")}${year}`;
  return [
    `@misc{${key},`,
    `  title = {{${bibtexEscape(paper.title)}}},`,
    `  year = {${year}},`,
    `  howpublished = {\\url{${url}}},`,
    `  note = {${bibtexEscape(`Listed in ${siteTitle}, ${paper.date}`)}}`,
    `}`,
  ].join("\n");
}

/** JSON for a <script type="application/ld+json">: `<` is escaped so no text can close the script. */
export function jsonLd(data: unknown): string {
  return JSON.stringify(data).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}
