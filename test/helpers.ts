import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadTaxonomy } from "../src/analysis/topics.ts";
import { noFacts, type PaperFacts } from "../src/model/paper.ts";
import type { PipelineContext } from "../src/ingest/stages/context.ts";
import type { PublishedPage } from "../src/store/read.ts";

export const ROOT = resolve(import.meta.dirname, "..");
export const SAMPLE = join(ROOT, "content", "digests", "2025-03-17.txt");
/** Small saved responses of arXiv's API and RSS and of Hugging Face's daily papers (test/fixtures/sources/). */
export const FIXTURES = join(ROOT, "test", "fixtures", "sources");

export function readSample(): string {
  return readFileSync(SAMPLE, "utf8");
}

/** The text sample and the arXiv and Hugging Face fixtures, as digests for `tempContent`: an archive of three days with authors. */
export function sampleWithSources(): Record<string, string> {
  const digests: Record<string, string> = { "2025-03-17.txt": readSample() };
  for (const name of readdirSync(FIXTURES)) digests[name] = readFileSync(join(FIXTURES, name), "utf8");
  return digests;
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
 * A throwaway content folder: the project's page templates and data, no papers (nor their author list), and
 * the given digests. Returns its path.
 */
export function tempContent(digests: Record<string, string> = {}): string {
  const dir = join(tempDir("content-"), "content");
  cpSync(join(ROOT, "content"), dir, {
    recursive: true,
    filter: (src) => !/[/\\](papers[/\\].+\.md|digests[/\\].+|derived\.json|author-pages\.txt)$/.test(src),
  });
  mkdirSync(join(dir, "digests"), { recursive: true });
  for (const [name, text] of Object.entries(digests)) writeFileSync(join(dir, "digests", name), text);
  return dir;
}

/**
 * A real build of `contentDir` into `outDir`, as `npm run build:site` runs it (in two lanes when it lays out every page
 * on two cores or more, src/site/lanes.ts, unless `lanes` says); with `search`, also the Pagefind index, as `npm run
 * build` does, with its parts kept in a folder of the build's own.
 */
export function buildSite(contentDir: string, outDir: string, options: { search?: boolean; env?: Record<string, string>; lanes?: 1 | 2 } = {}): void {
  const args = [`--output=${outDir}`, `--content=${contentDir}`, "--quiet"];
  if (options.lanes) args.push(`--lanes=${options.lanes}`);
  if (options.search) args.push("--search", `--search-cache=${tempDir("search-parts-")}`);
  execFileSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "build-site.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    stdio: "pipe", // a failed build's messages are in the thrown error
  });
}

/** A pipeline context for stage tests: the real taxonomy, and no pages unless given. */
export function pipelineContext(overrides: Partial<PipelineContext> = {}): PipelineContext {
  return { taxonomy: loadTaxonomy(join(ROOT, "content")), published: new Map(), reservedSlugs: new Set(), readDates: new Set(), ...overrides };
}

/** A published page for stage tests, with the text it was written with. */
export function publishedPage(fields: {
  id: string;
  slug: string;
  title: string;
  abstract: string;
  date?: string;
  rank?: number;
  issues?: string[];
  facts?: Partial<PaperFacts>;
}): PublishedPage {
  const date = fields.date ?? "2025-03-17";
  return {
    id: fields.id,
    slug: fields.slug,
    date,
    rank: fields.rank ?? 1,
    issues: fields.issues ?? [date],
    title: fields.title,
    abstract: fields.abstract,
    facts: { ...noFacts(), ...fields.facts },
    curated: {},
  };
}

/** A real listing saved byte for byte (test/fixtures/real/SOURCES.md says where each came from). */
export function readRealFixture(name: string): string {
  return readFileSync(join(ROOT, "test", "fixtures", "real", name), "utf8");
}

/**
 * Every file the ingest writes into a content folder, by name: its pages, the index and the list of author pages; the
 * folder's own path, which a page's sources name, as `<content>`.
 */
export function ingestedFiles(content: string): Map<string, string> {
  const read = (name: string) => readFileSync(join(content, name), "utf8").replaceAll(content, "<content>");
  const files = new Map<string, string>();
  for (const name of readdirSync(join(content, "papers")).sort()) files.set(`papers/${name}`, read(join("papers", name)));
  for (const name of ["derived.json", "author-pages.txt"]) files.set(name, read(name));
  return files;
}

/** The processes running, each with its arguments, from Linux's /proc (tests that use it are skipped without it). */
export function runningProcesses(): { pid: number; args: string[] }[] {
  return readdirSync("/proc").flatMap((name) => {
    if (!/^\d+$/.test(name)) return [];
    try {
      return [{ pid: Number(name), args: readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0") }];
    } catch {
      return []; // ended meanwhile
    }
  });
}
