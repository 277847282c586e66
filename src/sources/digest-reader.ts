import { cleanTitleOrAbstract } from "../text/clean.ts";
import { capLength, cleanText } from "../text/plain.ts";
import { newPaper, type Paper, type PaperFacts, type Warning } from "../model/paper.ts";
import { ARXIV_CATEGORY_PATTERN, sortClassifications, type ArxivRef } from "../model/arxiv.ts";

export interface ParsedDigest {
  papers: Paper[];
  warnings: Warning[];
}

/**
 * The most a listing may say of one paper. The longest real arXiv titles run to about 250 characters and abstracts
 * to 1,920 (arXiv's limit); names, 60; a paper has a handful of categories, codes, links and keywords (`codes`).
 * Past these a value is cut with a warning rather than allowed to fill a page, a feed or a file name.
 */
export const LIMITS = { title: 300, abstract: 10_000, name: 100, authors: 5_000, codes: 20 };

/** One digest's papers as a parser reads them: ranked in reading order, with what it had to warn of. */
export class DigestReader {
  private readonly papers: Paper[] = [];
  private readonly warnings: Warning[] = [];

  constructor(
    private readonly file: string,
    private readonly date: string,
  ) {}

  warn(line: number, message: string): void {
    this.warnings.push({ file: this.file, line, message });
  }

  /**
   * A paper listed at `line`, with its arXiv id and version where the listing gave them, and what else it said.
   * Whatever a source sends is bounded here, for every format alike (LIMITS), and its classification terms
   * sorted into arXiv's categories and the MSC and ACM codes arXiv lists beside them.
   */
  add(line: number, title: string, abstract: string, ref?: ArxivRef, facts: Partial<PaperFacts> = {}): void {
    const { categories, msc, acm, unknown } = sortClassifications(facts.categories ?? []);
    const quoted = unknown.slice(0, 5).map(quote).join(", ") + (unknown.length > 5 ? ` and ${unknown.length - 5} more` : "");
    if (unknown.length) this.warn(line, `${quoted} ${unknown.length > 1 ? "are" : "is"} no arXiv category, MSC or ACM code; left out`);
    const announcements = (facts.announcements ?? []).filter((a) => ARXIV_CATEGORY_PATTERN.test(a.listing));
    if (announcements.length < (facts.announcements ?? []).length) this.warn(line, "an announcement in a listing that is no arXiv category; left out");
    this.papers.push(
      newPaper({
        titleRaw: this.bounded(line, title, LIMITS.title, "a title"),
        abstractRaw: this.bounded(line, abstract, LIMITS.abstract, "an abstract"),
        date: this.date,
        rank: this.papers.length + 1,
        source: { file: this.file, line },
        facts: {
          arxivId: ref?.id ?? "",
          arxivVersion: ref?.version ?? 0,
          ...facts,
          authors: this.few(line, facts.authors ?? [], LIMITS.authors, "authors")
            .map(cleanName)
            .filter(Boolean)
            .map((name) => this.bounded(line, name, LIMITS.name, "an author's name")),
          categories: this.few(line, categories, LIMITS.codes, "categories"),
          msc: this.few(line, [...(facts.msc ?? []), ...msc], LIMITS.codes, "MSC codes"),
          acm: this.few(line, [...(facts.acm ?? []), ...acm], LIMITS.codes, "ACM codes"),
          announcements,
          links: this.few(line, facts.links ?? [], LIMITS.codes, "links"),
          aiSummary: this.bounded(line, cleanText(facts.aiSummary ?? ""), LIMITS.abstract, "a summary"),
          aiKeywords: this.few(line, facts.aiKeywords ?? [], LIMITS.codes, "keywords")
            .map(cleanText)
            .filter(Boolean)
            .map((k) => this.bounded(line, k, LIMITS.name, "a keyword")),
        },
      }),
    );
  }

  /** `text` cut to `max` characters, with a warning if it had to be. */
  private bounded(line: number, text: string, max: number, what: string): string {
    if (text.length <= max) return text;
    this.warn(line, `${what} of ${text.length} characters cut to ${max}`);
    return capLength(text, max);
  }

  /** The first `max` of a list, with a warning if there were more. */
  private few<T>(line: number, list: readonly T[], max: number, what: string): T[] {
    if (list.length > max) this.warn(line, `${list.length} ${what}: the first ${max} kept`);
    return list.slice(0, max);
  }

  /** The digest as read; one without a single paper says so. */
  result(): ParsedDigest {
    if (this.papers.length === 0) this.warn(1, "no papers found in this digest");
    return { papers: this.papers, warnings: this.warnings };
  }
}

/** A name as text: arXiv's RSS writes accents as TeX (`Garc\\'ia`), which reads as the letter it makes. */
function cleanName(name: string): string {
  return name.includes("\\") ? cleanTitleOrAbstract(name).plain : cleanText(name);
}

/**
 * A listing's text as a warning quotes it: cleaned of control characters (an escape sequence would rewrite the curator's
 * terminal) and cut to a length a line can hold.
 */
export function quote(text: string): string {
  return `"${capLength(cleanText(text), 80)}"`;
}
