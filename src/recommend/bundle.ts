import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync, version as esbuildVersion } from "esbuild";
import writeFileAtomic from "write-file-atomic";

/**
 * The reader's scripts, bundled from src/browser/ by esbuild when the site is built (nothing built is committed):
 * `reader` for listings, paper pages, search and /library/, `for-you` for /for-you/ (the model with it). Each is
 * served at a name holding a hash of its bytes, so a browser keeps it until it changes. https://esbuild.github.io/api/#build
 */

export interface ReaderScript {
  name: "reader" | "for-you";
  /** `/assets/<name>.<first 12 hex digits of its SHA-256>.js` */
  url: string;
  code: string;
}

const ENTRIES = { reader: "../browser/reader.ts", "for-you": "../browser/for-you.ts" } as const;
const ROOT = resolve(import.meta.dirname, "..", "..");

/**
 * The last bundles, with the files esbuild read for them (its metafile's inputs) and a hash of each: a build whose
 * inputs are unchanged reuses them instead of bundling (a tenth of a second, every build). The workflow keeps it
 * between runs, as it keeps .cache/juice.
 */
export const READER_SCRIPTS_CACHE = join(ROOT, ".cache", "reader-scripts.json");

interface Cached {
  esbuild: string;
  inputs: Record<string, string>;
  scripts: ReaderScript[];
}

const hashOf = (path: string) =>
  createHash("sha256")
    .update(readFileSync(join(ROOT, path)))
    .digest("hex");

function cachedScripts(): ReaderScript[] | undefined {
  try {
    const cached = JSON.parse(readFileSync(READER_SCRIPTS_CACHE, "utf8")) as Cached;
    if (cached.esbuild !== esbuildVersion) return undefined;
    for (const [path, hash] of Object.entries(cached.inputs)) if (!existsSync(join(ROOT, path)) || hashOf(path) !== hash) return undefined;
    return cached.scripts;
  } catch {
    return undefined; // none yet, or not one this code wrote
  }
}

function bundle(): ReaderScript[] {
  const inputs: Record<string, string> = {};
  const scripts = (Object.keys(ENTRIES) as ReaderScript["name"][]).map((name) => {
    const result = buildSync({
      entryPoints: [fileURLToPath(new URL(ENTRIES[name], import.meta.url))],
      absWorkingDir: ROOT,
      bundle: true,
      minify: true,
      format: "esm",
      target: "es2020",
      platform: "browser",
      write: false,
      metafile: true,
      legalComments: "none",
      charset: "utf8",
    });
    for (const path of Object.keys(result.metafile.inputs)) inputs[path] = hashOf(path);
    const code = result.outputFiles[0].text;
    return { name, url: `/assets/${name}.${createHash("sha256").update(code).digest("hex").slice(0, 12)}.js`, code };
  });
  try {
    mkdirSync(dirname(READER_SCRIPTS_CACHE), { recursive: true });
    writeFileAtomic.sync(READER_SCRIPTS_CACHE, JSON.stringify({ esbuild: esbuildVersion, inputs, scripts } satisfies Cached), {
      encoding: "utf8",
      fsync: false,
    });
  } catch {
    // A read-only checkout builds as well, only without reuse.
  }
  return scripts;
}

let built: ReaderScript[] | undefined;

/** Both scripts, once per process (a build, or `npm start` until it restarts): the last bundles if their inputs are unchanged. */
export function readerScripts(): ReaderScript[] {
  return (built ??= cachedScripts() ?? bundle());
}
