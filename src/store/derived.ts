import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { join } from "node:path";
import { StringDecoder } from "node:string_decoder";
import writeFileAtomic from "write-file-atomic";
import type { Paper } from "../model/paper.ts";

/**
 * What the ingest derives from the whole archive — related papers and keywords, which shift as
 * the archive grows — lives here, in one generated, git-ignored file (`content/derived.json`), not
 * in the committed pages: a new day rewrites this file, not thousands of pages. Each page's front
 * matter keeps the paper's own facts and the curator's fields. The site reads it once per build
 * (src/archive/content-dir.ts), not as Eleventy global data, which Eleventy would copy into every
 * page's data (at 10,000 papers: minutes and gigabytes).
 */

export interface DerivedPaper {
  /** The most similar papers, best first, with the terms each shares with this one. */
  related: { slug: string; title: string; shared: string[] }[];
  keywords: string[];
}

export interface DerivedIndex {
  /** A fingerprint of everything the ingest read (src/ingest/ingest.ts): the same inputs need no second run. */
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

/** Where the index's papers begin, as `writeDerived` lays the file out (no string in it holds a raw newline). */
const PAPERS_START = ',\n  "papers": {\n';

/**
 * The last run's fingerprint and report, read from the index's head alone: its papers, at 100,000
 * papers 116 MB of JSON and 400 MB of heap, are no use to a new run. Undefined when the file is
 * missing or not as `writeDerived` writes it.
 */
export function readLastRun(contentDir: string): Omit<DerivedIndex, "papers"> | undefined {
  let fd: number;
  try {
    fd = openSync(derivedPath(contentDir), "r");
  } catch {
    return undefined;
  }
  try {
    const chunk = Buffer.alloc(1 << 20);
    const decoder = new StringDecoder("utf8");
    let head = "";
    for (let bytes = readSync(fd, chunk); bytes > 0; bytes = readSync(fd, chunk)) {
      const searchFrom = Math.max(0, head.length - PAPERS_START.length);
      head += decoder.write(chunk.subarray(0, bytes));
      const end = head.indexOf(PAPERS_START, searchFrom);
      if (end < 0) continue;
      const { inputs, report } = JSON.parse(`${head.slice(0, end)}\n}`) as Partial<DerivedIndex>;
      return typeof inputs === "string" && Array.isArray(report) ? { inputs, report } : undefined;
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * The index's papers, one line each in slug order (so a diff of two runs reads paper by paper): the
 * bulk of the index, which the ingest builds while the pages are still being written.
 */
export function derivedPapers(papers: Paper[]): string {
  const titles = new Map(papers.map((p) => [p.slug, p.title]));
  return [...papers]
    .sort((a, b) => a.slug.localeCompare(b.slug))
    .map((p) => {
      const entry: DerivedPaper = {
        related: p.related.filter((r) => titles.has(r.slug)).map((r) => ({ slug: r.slug, title: titles.get(r.slug)!, shared: r.shared })),
        keywords: p.keywords,
      };
      return `    ${JSON.stringify(p.slug)}: ${JSON.stringify(entry)}`;
    })
    .join(",\n");
}

/**
 * Writes the index atomically, not fsynced, as the pages are not: the next run rewrites an index
 * lost to a power cut. `papers` is `derivedPapers`' text.
 */
export function writeDerived(contentDir: string, { inputs, report }: Omit<DerivedIndex, "papers">, papers: string): void {
  const text = `{\n  "inputs": ${JSON.stringify(inputs)},\n  "report": ${JSON.stringify(report)}${PAPERS_START}${papers}\n  }\n}\n`;
  writeFileAtomic.sync(derivedPath(contentDir), text, { encoding: "utf8", fsync: false });
}
