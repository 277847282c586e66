import { hash } from "node:crypto";
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { join } from "node:path";
import type { Paper } from "../model/paper.ts";
import type { IngestFeatures } from "../model/term-vector.ts";
import { Utf8Bytes } from "./utf8-bytes.ts";
import { writeFileAtomically } from "../platform/atomic-write.ts";

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
  /**
   * What `related` and `keywords` were computed from (`relatedSource`): the next run reuses them while it is the same
   * (src/ingest/stages/related.ts). Absent in an index written before it was kept.
   */
  source?: string;
  /** A paper of the recent window: its features for the reader's browser (src/ingest/stages/window.ts). */
  features?: IngestFeatures;
}

export type DerivedPapers = Record<string, DerivedPaper>;

export function derivedPath(contentDir: string): string {
  return join(contentDir, "derived.json");
}

/** The index's papers by slug, or undefined when the file is missing or not an index. */
export function readDerived(contentDir: string): DerivedPapers | undefined {
  try {
    return readByLine(derivedPath(contentDir)) ?? readWhole(derivedPath(contentDir));
  } catch {
    return undefined;
  }
}

function readWhole(path: string): DerivedPapers | undefined {
  const { papers } = JSON.parse(readFileSync(path, "utf8")) as { papers?: unknown };
  return typeof papers === "object" && papers !== null && !Array.isArray(papers) ? (papers as DerivedPapers) : undefined;
}

const HEAD = ["{", '  "papers": {'];
const TAIL = ["  }", "}"];
/** Bytes of the file read at a time. */
const CHUNK = 8 << 20;

/**
 * The index as `writeDerived` writes it, a paper a line, read a few megabytes at a time and parsed line by line: at
 * 100,000 papers the file's 116 MB, read whole, were held twice (its bytes and its text) beside the objects parsed from
 * them, at the ingest's peak. Undefined for a file of any other form (read whole, as JSON, instead).
 */
function readByLine(path: string): DerivedPapers | undefined {
  const papers: DerivedPapers = {};
  const lines: string[] = [];
  const fd = openSync(path, "r");
  try {
    const chunk = Buffer.allocUnsafe(CHUNK);
    let carry = Buffer.alloc(0);
    for (let n = readSync(fd, chunk); n > 0 || carry.length; n = readSync(fd, chunk)) {
      const bytes = carry.length ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      // Lines are cut at a newline byte, which never falls inside a character's UTF-8 bytes.
      const end = n > 0 ? bytes.lastIndexOf(10) + 1 : bytes.length;
      carry = Buffer.from(bytes.subarray(end));
      for (const line of bytes.toString("utf8", 0, end).split("\n")) {
        if (lines.length < HEAD.length) {
          if (line !== HEAD[lines.length]) return undefined;
          lines.push(line);
        } else if (line.startsWith("    ")) {
          if (lines.length > HEAD.length) return undefined; // a paper after the closing lines
          // `"slug": {…}` (with a comma but on the last) is the member of an object: parsed as one, by JSON's own rules.
          const member = JSON.parse(`{${line.endsWith(",") ? line.slice(0, -1) : line}}`) as DerivedPapers;
          for (const [slug, entry] of Object.entries(member))
            Object.defineProperty(papers, slug, { value: entry, enumerable: true, writable: true, configurable: true });
        } else if (line !== "") {
          if (line !== TAIL[lines.length - HEAD.length]) return undefined;
          lines.push(line);
        }
      }
      if (n === 0) break;
    }
  } finally {
    closeSync(fd);
  }
  return lines.length === HEAD.length + TAIL.length ? papers : undefined;
}

/**
 * A paper's own part in its related papers and keywords, as a short hash: its title and abstract as the tokens
 * stage reads them, and its topics (the related papers' topic prior). The rest is the archive's.
 */
export function relatedSource({ title, abstract, topics }: Pick<Paper, "title" | "abstract" | "topics">): string {
  // Each text after its length, so no two papers' parts run together the same way (and no JSON to escape: half the time).
  return hash("sha256", `${title.length}:${title}${abstract.length}:${abstract}${topics.join(" ")}`, "hex").slice(0, 16);
}

/**
 * The index's papers, one line each in slug order (so a diff of two runs reads paper by paper): the
 * bulk of the index, which the ingest builds while the pages are still being written. Each line is encoded
 * as it is made (src/store/utf8-bytes.ts): at 100,000 papers the index is 116 MB, which as lines, their join
 * and the file's text took half a gigabyte of heap at the end of a run, where its memory peaked (docs/scale.md).
 */
export function derivedPapers(papers: Paper[]): Utf8Bytes {
  const titles = new Map(papers.map((p) => [p.slug, p.title]));
  const text = new Utf8Bytes();
  [...papers]
    .sort((a, b) => a.slug.localeCompare(b.slug))
    .forEach((p, i) => {
      const entry: DerivedPaper = {
        related: p.related.filter((r) => titles.has(r.slug)).map((r) => ({ slug: r.slug, title: titles.get(r.slug)!, shared: r.shared })),
        keywords: p.keywords,
        source: relatedSource(p),
        ...(p.features && { features: p.features }),
      };
      text.append(`${i ? ",\n" : ""}    ${JSON.stringify(p.slug)}: ${JSON.stringify(entry)}`);
    });
  return text;
}

/**
 * Writes the index atomically (src/platform/atomic-write.ts), not fsynced, as the pages are not: the next run rewrites
 * an index lost to a power cut. `papers` is `derivedPapers`' bytes, written as they are.
 */
export function writeDerived(contentDir: string, papers: Utf8Bytes): void {
  writeFileAtomically(derivedPath(contentDir), ['{\n  "papers": {\n', papers.subarray(), "\n  }\n}\n"]);
}
