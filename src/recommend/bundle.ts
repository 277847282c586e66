import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

/**
 * The reader's scripts, bundled from src/browser/ by esbuild when the site is built (nothing built is committed):
 * `reader` for listings, paper pages and /library/, `for-you` for /for-you/ (the model with it). Each is served at a
 * name holding a hash of its bytes, so a browser keeps it until it changes. https://esbuild.github.io/api/#build
 */

export interface ReaderScript {
  name: "reader" | "for-you";
  /** `/assets/<name>.<first 12 hex digits of its SHA-256>.js` */
  url: string;
  code: string;
}

const ENTRIES = { reader: "../browser/reader.ts", "for-you": "../browser/for-you.ts" } as const;

let built: ReaderScript[] | undefined;

/**
 * Both scripts, bundled once per process (a build, or `npm start` until it restarts): esbuild's synchronous call,
 * a few tens of milliseconds (its asynchronous service, started beside the build, took longer to start than to bundle).
 */
export function readerScripts(): ReaderScript[] {
  return (built ??= (Object.keys(ENTRIES) as ReaderScript["name"][]).map((name) => {
    const result = buildSync({
      entryPoints: [fileURLToPath(new URL(ENTRIES[name], import.meta.url))],
      bundle: true,
      minify: true,
      format: "esm",
      target: "es2020",
      platform: "browser",
      write: false,
      legalComments: "none",
      charset: "utf8",
    });
    const code = result.outputFiles[0].text;
    return { name, url: `/assets/${name}.${createHash("sha256").update(code).digest("hex").slice(0, 12)}.js`, code };
  }));
}
