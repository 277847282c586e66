import { newPaper, type Paper, type PaperFacts, type Warning } from "../paper.ts";
import type { ArxivRef } from "./arxiv-id.ts";

export interface ParsedDigest {
  papers: Paper[];
  warnings: Warning[];
}

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

  /** A paper listed at `line`, with its arXiv id and version where the listing gave them, and what else it said. */
  add(line: number, title: string, abstract: string, ref?: ArxivRef, facts: Partial<PaperFacts> = {}): void {
    this.papers.push(
      newPaper({
        titleRaw: title,
        abstractRaw: abstract,
        date: this.date,
        rank: this.papers.length + 1,
        source: { file: this.file, line },
        facts: { arxivId: ref?.id ?? "", arxivVersion: ref?.version ?? 0, ...facts },
      }),
    );
  }

  /** The digest as read; one without a single paper says so. */
  result(): ParsedDigest {
    if (this.papers.length === 0) this.warn(1, "no papers found in this digest");
    return { papers: this.papers, warnings: this.warnings };
  }
}

/** The 1-based line of a character offset in a digest's text. */
export function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** Runs of whitespace, line breaks included, as one space: titles and abstracts as sources wrap them. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
