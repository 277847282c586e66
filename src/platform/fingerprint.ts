import type { Hash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";

/**
 * Fingerprints of files, so a run can tell that nothing it reads has changed and reuse what it made last time: the
 * ingest its report (src/ingest/ingest.ts), the search index its parts (src/site/search-index.ts).
 */

const ROOT = resolve(import.meta.dirname, "../..");

/** Every file under `dir`, sorted; none if it does not exist. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as { isFile(): boolean; parentPath: string; name: string }[])
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Adds each file's name (relative to `base`) and bytes to `hash`. */
export function hashFiles(hash: Hash, files: string[], base: string): Hash {
  for (const file of files) hash.update(`\0${relative(base, file)}\0`).update(readFileSync(file));
  return hash;
}

/**
 * Adds the project's code to `hash`: src/, the locked dependency versions, and `more` (folders or files of the
 * project, such as templates/). A change to any of them (an upgrade) makes the next run a full one.
 */
export function hashCode(hash: Hash, more: string[] = []): Hash {
  const files = [join(ROOT, "src"), join(ROOT, "package-lock.json"), ...more.map((path) => join(ROOT, path))];
  return hashFiles(
    hash,
    files.flatMap((path) => (path.endsWith(".json") || path.endsWith(".js") ? [path] : filesUnder(path))),
    ROOT,
  );
}
