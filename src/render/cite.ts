import { linkedAuthors } from "../model/authors.ts";
import { arxivAbsUrl } from "../model/arxiv.ts";

/** Citation and structured data for a paper page, built from what the digest knows; a collaboration is cited by its first authors (src/model/authors.ts). */

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
 * A BibTeX entry: arXiv's eprint form when the paper's arXiv id is known, else a @misc pointing
 * at the digest page. The title is double-braced to keep its capitals.
 */
export function bibtex(
  paper: { title: string; slug: string; date: string; authors?: string[]; arxivId?: string; categories?: string[] },
  url: string,
  siteTitle: string,
): string {
  const year = paper.date.slice(0, 4);
  const firstAuthor = paper.authors?.[0]
    ?.split(/\s+/)
    .at(-1)
    ?.normalize("NFKD")
    .replace(/[^A-Za-z]/g, "")
    .toLowerCase();
  const key = `${firstAuthor || paper.slug.split("-").slice(0, 3).join("")}${year}${firstAuthor ? paper.slug.split("-")[0] : ""}`;
  const fields = [
    `  title = {{${bibtexEscape(paper.title)}}},`,
    ...(paper.authors?.length ? [`  author = {${bibtexAuthors(paper.authors)}},`] : []),
    `  year = {${year}},`,
    ...(paper.arxivId
      ? [
          `  eprint = {${paper.arxivId}},`,
          `  archivePrefix = {arXiv},`,
          ...(paper.categories?.length ? [`  primaryClass = {${bibtexEscape(paper.categories[0])}},`] : []),
          `  url = {${arxivAbsUrl(paper.arxivId)}},`,
        ]
      : [`  howpublished = {\\url{${url}}},`]),
    `  note = {${bibtexEscape(`Listed in ${siteTitle}, ${paper.date}`)}}`,
  ];
  return [`@misc{${key},`, ...fields, `}`].join("\n");
}

/** BibTeX's author list; a collaboration's first authors "and others", BibTeX's own et al. */
function bibtexAuthors(authors: string[]): string {
  const cited = linkedAuthors(authors);
  return `${cited.map(bibtexEscape).join(" and ")}${cited.length < authors.length ? " and others" : ""}`;
}

/** A paper page's schema.org ScholarlyArticle, for search engines and citation managers. https://schema.org/ScholarlyArticle */
export function scholarlyArticle(
  paper: { title: string; summary?: string; date: string; topics?: string[]; authors?: string[]; arxiv_id?: string; keywords?: string[] },
  url: string,
  site: { title: string; url: string },
): object {
  return {
    "@context": "https://schema.org",
    "@type": "ScholarlyArticle",
    headline: paper.title,
    name: paper.title,
    description: paper.summary,
    datePublished: paper.date,
    keywords: paper.keywords,
    about: paper.topics,
    url,
    isPartOf: { "@type": "WebSite", name: site.title, url: site.url },
    ...(paper.authors?.length && { author: linkedAuthors(paper.authors).map((name) => ({ "@type": "Person", name })) }),
    ...(paper.arxiv_id && { sameAs: arxivAbsUrl(paper.arxiv_id), identifier: `arXiv:${paper.arxiv_id}` }),
  };
}

/** JSON for a <script type="application/ld+json">: `<` is escaped so no text can close the script. */
export function jsonLd(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** A day as Highwire Press's citation_date writes it, 2025/03/17 (Google Scholar's form; Zotero reads either). */
export function citationDate(day: string): string {
  return day.slice(0, 10).replace(/-/g, "/");
}

/**
 * A paper as a COinS (ContextObjects in Spans) OpenURL in key-encoded-value form, for the `title` of a
 * `<span class="Z3988">` on an issue's cards: Zotero and other reference managers see the issue as a list of papers.
 * Each value is URL-encoded here; the template escapes the whole for its attribute. https://web.archive.org/web/2023/https://ocoins.info/
 */
export function coins(
  paper: { title: string; date: string; authors?: readonly string[]; arxivId?: string; categories?: readonly string[] },
  url: string,
  siteTitle: string,
): string {
  const pairs: [string, string][] = [
    ["ctx_ver", "Z39.88-2004"],
    ["rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"],
    ["rft.genre", "preprint"],
    ["rft.atitle", paper.title],
    ["rft.jtitle", paper.arxivId ? "arXiv" : siteTitle],
    ["rft.date", paper.date.slice(0, 10)],
    ...linkedAuthors(paper.authors ?? []).map((name): [string, string] => ["rft.au", name]),
    ...(paper.arxivId ? [["rft_id", `info:arxiv/${paper.arxivId}`] as [string, string]] : []),
    ["rft_id", url],
  ];
  return pairs.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join("&");
}
