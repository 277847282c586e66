import { readdirSync, rmSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { SLUG_PATTERN } from "../model/slugs.ts";

/** Where pages live in content/papers/, what may not be taken there, and what a killed run leaves behind. */

/** The page file for a slug; refuses anything that could point outside the folder. */
export function pagePath(dir: string, slug: string): string {
  const root = resolve(dir);
  const path = resolve(root, `${slug}.md`);
  if (!SLUG_PATTERN.test(slug) || !path.startsWith(root + sep)) {
    throw new Error(`refusing to write a page for unsafe slug "${slug}"`);
  }
  return path;
}

/**
 * Temporary files a stopped run left: a page's, the index's, the run record's or the author list's name with the
 * writer's process and thread (`<slug>.md.4711.0.tmp`, src/platform/atomic-write.ts), or what earlier versions gave
 * them: the process alone (`derived.json.4711`) or write-file-atomic's number (`derived.json.2973402581`).
 */
const TEMPORARY_FILE = /^(?:[a-z0-9-]+\.md|derived\.json|last-ingest\.json|author-pages\.txt)\.\d+(?:\.\d+)?(?:\.tmp)?$/;

/** Removes the temporary files an earlier run killed mid-write left in `contentDir` and its papers/; returns their paths. */
export function removeStaleTemporaryFiles(contentDir: string): string[] {
  const removed: string[] = [];
  for (const dir of [contentDir, join(contentDir, "papers")]) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => TEMPORARY_FILE.test(n))) {
      rmSync(join(dir, name), { force: true });
      removed.push(join(dir, name));
    }
  }
  return removed;
}

/** The slugs of every page file in `dir`, ours or hand-made: none of them may be taken by a new paper. */
export function pageSlugs(dir: string): Set<string> {
  return new Set(pageFileNames(dir).map((n) => n.slice(0, -3)));
}

/** The page files in `dir`, `<slug>.md`, in name order; none while the folder does not exist (a first run). */
export function pageFileNames(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((n) => n.endsWith(".md"))
      .sort();
  } catch {
    return [];
  }
}
