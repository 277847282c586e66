import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "..");
export const SAMPLE = join(ROOT, "content", "digests", "2025-03-17.txt");

export function readSample(): string {
  return readFileSync(SAMPLE, "utf8");
}

/**
 * A throwaway folder inside the project's git-ignored `.cache/test/` (emptied by `npm test`) (Eleventy wants its input
 * below the working directory).
 */
export function tempDir(prefix: string): string {
  mkdirSync(join(ROOT, ".cache", "test"), { recursive: true });
  return mkdtempSync(join(ROOT, ".cache", "test", prefix));
}

/**
 * A throwaway content folder: the project's page templates and data, no papers, and
 * the given digests. Returns its path.
 */
export function tempContent(digests: Record<string, string> = {}): string {
  const dir = join(tempDir("content-"), "content");
  cpSync(join(ROOT, "content"), dir, {
    recursive: true,
    filter: (src) => !/[/\\](papers[/\\].+\.md|digests[/\\].+)$/.test(src),
  });
  mkdirSync(join(dir, "digests"), { recursive: true });
  for (const [name, text] of Object.entries(digests)) writeFileSync(join(dir, "digests", name), text);
  return dir;
}

/**
 * A real Eleventy build of `contentDir` into `outDir`, as `npm run build:site` runs it; with
 * `search`, also the Pagefind index, as `npm run build:search` does.
 */
export function buildSite(contentDir: string, outDir: string, options: { search?: boolean; env?: Record<string, string> } = {}): void {
  execFileSync(process.execPath, ["--import", "tsx", join(ROOT, "node_modules/@11ty/eleventy/cmd.cjs"), `--output=${outDir}`, "--quiet"], {
    cwd: ROOT,
    env: { ...process.env, PAPER_DIGEST_CONTENT: contentDir, ...options.env },
    encoding: "utf8",
  });
  if (options.search) execFileSync(join(ROOT, "node_modules/.bin/pagefind"), ["--site", outDir, "--quiet"], { cwd: ROOT, encoding: "utf8" });
}
