import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import writeFileAtomic from "write-file-atomic";
import type { Paper } from "../paper.ts";
import { parsePage, stringifyPage } from "./front-matter.ts";
import { hashBody, pageData } from "./page-data.ts";
import { SLUG_PATTERN } from "./slugs.ts";

/** A paper page already on disk. */
export interface ExistingPage {
  path: string;
  slug: string;
  data: Record<string, unknown>;
  content: string;
  text: string;
}

export class PageError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = "PageError";
  }
}

/** The page file for a slug; refuses anything that could point outside the folder. */
export function pagePath(dir: string, slug: string): string {
  const root = resolve(dir);
  const path = resolve(root, `${slug}.md`);
  if (!SLUG_PATTERN.test(slug) || !path.startsWith(root + sep)) {
    throw new Error(`refusing to write a page for unsafe slug "${slug}"`);
  }
  return path;
}

/** The slugs of every page file in `dir`, ours or hand-made: none of them may be taken by a new paper. */
export function pageSlugs(dir: string): Set<string> {
  try {
    return new Set(readdirSync(dir).filter((n) => n.endsWith(".md")).map((n) => n.slice(0, -3)));
  } catch {
    return new Set();
  }
}

/** Reads every page in `dir`, keyed by paper id. A page that does not parse stops the run. */
export function readPages(dir: string): Map<string, ExistingPage> {
  const pages = new Map<string, ExistingPage>();
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".md")).sort();
  } catch {
    return pages; // No folder yet: a first run.
  }
  for (const name of names) {
    const path = resolve(dir, name);
    const text = readFileSync(path, "utf8");
    let parsed;
    try {
      parsed = parsePage(text);
    } catch (error) {
      const mark = (error as { mark?: { line?: number } }).mark;
      throw new PageError(relative(process.cwd(), path), (mark?.line ?? 0) + 2, (error as Error).message.split("\n")[0]);
    }
    const id = parsed.data.id;
    if (typeof id !== "string" || id === "") continue; // Not one of ours (a hand-made page): leave it.
    pages.set(id, { path, slug: name.slice(0, -3), data: parsed.data, content: parsed.content, text });
  }
  return pages;
}

export interface WriteReport {
  written: string[];
  unchanged: number;
  /** Pages whose abstract the curator edited: their body was kept. */
  keptEdits: string[];
}

/**
 * Writes one page per paper, atomically, and only where the bytes change, so a re-run
 * on unchanged input leaves every file (and its mtime) alone. Curator-added keys and a
 * curator-edited abstract survive.
 */
export function writePages(dir: string, papers: Paper[], existing: Map<string, ExistingPage>): WriteReport {
  mkdirSync(dir, { recursive: true });
  const report: WriteReport = { written: [], unchanged: 0, keptEdits: [] };
  for (const paper of papers) {
    const path = pagePath(dir, paper.slug);
    const old = existing.get(paper.id);
    const edited = old !== undefined && typeof old.data.body_hash === "string" && hashBody(old.content) !== old.data.body_hash;
    const body = edited ? old.content.trim() : paper.abstractMarkdown;
    const bodyHash = edited ? (old.data.body_hash as string) : hashBody(body);
    if (edited) report.keptEdits.push(paper.slug);
    const text = stringifyPage(`${body}\n`, pageData(paper, bodyHash, old?.data));
    if (old?.text === text && old.path === path) {
      report.unchanged++;
      continue;
    }
    writeFileAtomic.sync(path, text, { encoding: "utf8" });
    report.written.push(paper.slug);
  }
  return report;
}
