import { readFileSync } from "node:fs";
import { join } from "node:path";
import writeFileAtomic from "write-file-atomic";
import type { Paper } from "../paper.ts";

/**
 * What the ingest derives from the whole archive — related papers and keywords, which shift as
 * the archive grows — lives here, in one generated, git-ignored file (`content/derived.json`), not
 * in the committed pages: a new day rewrites this file, not thousands of pages. Each page's front
 * matter keeps the paper's own facts and the curator's fields. The site reads it once per build
 * (src/site/content-dir.ts), not as Eleventy global data, which Eleventy would copy into every
 * page's data (at 10,000 papers: minutes and gigabytes).
 */

export interface DerivedPaper {
  /** The most similar papers, best first, with the terms each shares with this one. */
  related: { slug: string; title: string; shared: string[] }[];
  keywords: string[];
}

export interface DerivedIndex {
  /** A fingerprint of everything the ingest read (src/ingest.ts): the same inputs need no second run. */
  inputs: string;
  /** The last run's report, repeated when a run is skipped. */
  report: string[];
  papers: Record<string, DerivedPaper>;
}

export function derivedPath(contentDir: string): string {
  return join(contentDir, "derived.json");
}

export function readDerived(contentDir: string): DerivedIndex | undefined {
  try {
    const index = JSON.parse(readFileSync(derivedPath(contentDir), "utf8")) as DerivedIndex;
    return typeof index.inputs === "string" && Array.isArray(index.report) && typeof index.papers === "object" ? index : undefined;
  } catch {
    return undefined;
  }
}

export function derivedIndex(papers: Paper[], inputs: string, report: string[]): DerivedIndex {
  const titles = new Map(papers.map((p) => [p.slug, p.title]));
  const entries = [...papers]
    .sort((a, b) => a.slug.localeCompare(b.slug))
    .map((p): [string, DerivedPaper] => [
      p.slug,
      { related: p.related.filter((r) => titles.has(r.slug)).map((r) => ({ slug: r.slug, title: titles.get(r.slug)!, shared: r.shared })), keywords: p.keywords },
    ]);
  return { inputs, report, papers: Object.fromEntries(entries) };
}

/**
 * Writes the index atomically (one line per paper, so a diff of two runs reads paper by paper),
 * not fsynced, as the pages are not: the next run rewrites an index lost to a power cut.
 */
export function writeDerived(contentDir: string, index: DerivedIndex): void {
  const papers = Object.entries(index.papers).map(([slug, paper]) => `    ${JSON.stringify(slug)}: ${JSON.stringify(paper)}`);
  const text = `{\n  "inputs": ${JSON.stringify(index.inputs)},\n  "report": ${JSON.stringify(index.report)},\n  "papers": {\n${papers.join(",\n")}\n  }\n}\n`;
  writeFileAtomic.sync(derivedPath(contentDir), text, { encoding: "utf8", fsync: false });
}
