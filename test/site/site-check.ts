import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { check } from "linkinator";
import { validateXML } from "xmllint-wasm";

/**
 * Pagefind's record of each page a search bundle indexed: the text it searches and takes excerpts
 * from (fragments are gzipped JSON). `bundle`: the bundle's folder in the site.
 */
export function searchRecords(siteDir: string, bundle = "pagefind"): { url: string; content: string }[] {
  const dir = join(siteDir, bundle, "fragment");
  return readdirSync(dir).map((name) => {
    const json = gunzipSync(readFileSync(join(dir, name)))
      .toString("utf8")
      .replace(/^pagefind_dcd/, "");
    return JSON.parse(json) as { url: string; content: string };
  });
}

/** Every file under `dir`, as paths relative to it. */
/** The render plan's record of the last build into `out` (src/site/render-plan.ts, in the project's .cache/render-plan/), if there is one. */
export function buildRecordOf(out: string): { code: string; pages: Record<string, string>; files: string[] } | undefined {
  const path = buildRecordPath(out);
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : undefined;
}

/** Where the render plan keeps that record. */
export function buildRecordPath(out: string): string {
  const name = `${createHash("sha256").update(resolve(out)).digest("hex").slice(0, 16)}.json`;
  return join(resolve(import.meta.dirname, "..", ".."), ".cache", "render-plan", name);
}

/** A built site's files but its search index, sorted: what the render plan's record lists. */
export function siteFilesBesidesSearch(dir: string): string[] {
  return listFiles(dir)
    .filter((file) => !file.startsWith("pagefind/"))
    .sort();
}

export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

/** The file a site URL path is served from, or undefined if there is none. */
export function fileForPath(siteDir: string, urlPath: string): string | undefined {
  const clean = decodeURIComponent(urlPath.split(/[?#]/)[0]);
  const candidates = clean.endsWith("/") ? [join(clean, "index.html")] : [clean, join(clean, "index.html")];
  return candidates.map((c) => join(siteDir, c)).find((f) => existsSync(f) && !f.endsWith("/"));
}

export interface BrokenLink {
  url: string;
  status?: number;
  page?: string;
}

/**
 * Every link and #fragment inside the built site that leads nowhere, found by linkinator
 * crawling `dir` from its own local server. Links to other hosts (and the site's own
 * absolute URLs, which point at where it will be hosted) are not followed.
 */
export async function brokenLinks(dir: string): Promise<BrokenLink[]> {
  const result = await check({
    path: dir,
    recurse: true,
    checkFragments: true,
    linksToSkip: async (link) => !/^https?:\/\/(localhost|127\.0\.0\.1)[:/]/.test(link),
  });
  // Linkinator names local files by their path on disk; report them as site paths.
  const sitePath = (url: string) => url.replace(/^https?:\/\/[^/]+/, "").replace(resolve(dir), "") || "/";
  return result.links.filter((l) => l.state === "BROKEN").map((l) => ({ url: sitePath(l.url), status: l.status, page: l.parent && sitePath(l.parent) }));
}

/** libxml2's verdict (xmllint, compiled to WebAssembly) on a file: "" if well-formed, else its complaints. */
export async function xmllint(file: string): Promise<string> {
  const result = await validateXML({ xml: [{ fileName: basename(file), contents: readFileSync(file) }], schema: [] });
  return result.errors.map((e) => e.rawMessage).join("\n");
}

const VNU = join(import.meta.dirname, "..", "..", "node_modules", "vnu-jar", "build", "dist", "vnu.jar");

/** What the W3C Nu HTML checker made of some files: its exit status, the files it names as checked, and its report. */
export interface NuReport {
  status: number | null;
  checked: string[];
  report: string;
}

/** The Nu checker's whole report on a run that found nothing: its closing line, and only that. */
export const NU_CLEAN = "Document checking completed. No errors found.\n";

/**
 * The W3C Nu HTML checker (vnu, run by Java) on `files`. A clean run is `{ status: 0, checked: files, report: NU_CLEAN }`:
 * the checker names each file it reads (--verbose) and ends its report with a closing line, so a crash, a kill, a missing
 * jar or a file left unread all differ from it, where an empty stderr alone would pass them.
 */
export function nuCheck(files: string[]): NuReport {
  const run = spawnSync("java", ["-jar", VNU, "--errors-only", "--format", "text", "--verbose", ...files], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw run.error;
  return { status: run.status, checked: run.stdout.split("\n").filter(Boolean), report: run.stderr };
}
