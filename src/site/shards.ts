import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseShard, shardId, type Shard } from "../archive/shard.ts";
import { filesUnder } from "../platform/fingerprint.ts";
import { runEleventy } from "./lanes.ts";
import { readBuildRecord, recordAssembly, type BuildRecord } from "./render-plan.ts";
import { buildSearchIndex, linkFile, PARTS_FILE, type SearchIndexOptions } from "./search-index.ts";

/**
 * The distributed build (docs/scale.md, "Beyond one machine"): each shard of the site (src/archive/shard.ts) is one
 * job — Eleventy for that shard into a folder of its own and, for a papers shard, Pagefind over its paper pages — and
 * the assembly puts the shards' folders together into one site. The Pages workflow runs the jobs as a GitHub Actions
 * matrix; `npm run build:shards` runs the same commands on one machine (scripts/build-shards.ts).
 *
 * Each job also leaves the hashes of the pages it laid out (src/site/render-plan.ts), and the assembly records them
 * as the assembled site's: a sharded build is the cold start of a large archive, and the next day's build, into the
 * assembled site, is a single build that lays out only what changed (the Pages workflow keeps the site in its cache).
 */

/** What a finished shard job leaves beside its site: which shard it is. Written last, so a folder without it is a job that did not finish. */
const SHARD_FILE = "shard.json";
/** Beside it, what the job's Eleventy laid out and with which code (render-plan.ts's `BuildRecord`). */
const RECORD_FILE = "record.json";
const SEARCH_DIR = "pagefind";

/** How big its search index's parts are (content/site.json's `search`). */
export interface ShardJobOptions extends Pick<SearchIndexOptions, "pagesPerIndex" | "pagesPerNewPart"> {
  contentDir: string;
  /** The job's folder: the shard's pages in `site/`, record.json and shard.json. */
  out: string;
  /** Where this shard's finished search parts are kept for its next run (src/site/search-index.ts: `cache.dir`), one folder per shard. */
  searchCache?: string;
}

/** One matrix job: Eleventy with PAPER_DIGEST_SHARD set, leaving its record; then a papers shard's search index. */
export async function buildShard(current: Shard, options: ShardJobOptions): Promise<{ searchBundles: number; eleventySeconds: number; searchSeconds: number }> {
  const { out, contentDir } = options;
  const site = join(out, "site");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const start = performance.now();
  await runEleventy(resolve(site), {
    PAPER_DIGEST_CONTENT: resolve(contentDir),
    PAPER_DIGEST_SHARD: shardId(current),
    PAPER_DIGEST_RECORD: resolve(out, RECORD_FILE),
  });
  const eleventySeconds = (performance.now() - start) / 1000;
  let searchBundles = 0;
  if (current.kind === "papers") {
    const cache = options.searchCache ? { dir: options.searchCache, contentDir } : undefined;
    searchBundles = (await buildSearchIndex(site, { pagesPerIndex: options.pagesPerIndex, pagesPerNewPart: options.pagesPerNewPart, cache })).bundles.length;
  }
  writeFileSync(join(out, SHARD_FILE), `${JSON.stringify({ shard: shardId(current) })}\n`);
  return { searchBundles, eleventySeconds, searchSeconds: (performance.now() - start) / 1000 - eleventySeconds };
}

function sameBytes(a: string, b: string): boolean {
  return statSync(a).size === statSync(b).size && readFileSync(a).equals(readFileSync(b));
}

interface FoundShard {
  shard: Shard;
  id: string;
  site: string;
  record: string;
}

/**
 * The finished shard jobs under `from`: each a folder with shard.json (actions/download-artifact puts each artifact
 * in a folder of its name). Every shard of `plan` must be there, once, and no other.
 */
function findShards(from: string, plan: Shard[]): FoundShard[] {
  const found = new Map<string, FoundShard & { folder: string }>();
  for (const entry of existsSync(from) ? readdirSync(from, { withFileTypes: true }) : []) {
    const folder = join(from, entry.name);
    if (!entry.isDirectory() || !existsSync(join(folder, SHARD_FILE))) continue;
    const file = join(folder, SHARD_FILE);
    let value: unknown;
    try {
      value = (JSON.parse(readFileSync(file, "utf8")) as { shard?: unknown }).shard;
    } catch (error) {
      throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
    }
    const shard = parseShard(typeof value === "string" ? value : String(value));
    if (!shard) throw new Error(`${file}: no shard named`);
    const id = shardId(shard);
    const twin = found.get(id);
    if (twin) throw new Error(`shard ${id} is in both ${twin.folder} and ${folder}`);
    found.set(id, { shard, id, site: join(folder, "site"), record: join(folder, RECORD_FILE), folder });
  }
  const expected = plan.map(shardId);
  const missing = expected.filter((id) => !found.has(id));
  const extra = [...found.keys()].filter((id) => !expected.includes(id));
  if (missing.length || extra.length)
    throw new Error(
      `${from}: the archive's shards are ${expected.join(", ")}; ${[missing.length ? `missing ${missing.join(", ")}` : "", extra.length ? `not in the plan ${extra.join(", ")}` : ""].filter(Boolean).join("; ")}`,
    );
  // The plan's order, not the order the jobs finished or were downloaded in: the same site whatever that was.
  return expected.map((id) => found.get(id)!);
}

/** A papers shard's search bundles, relative to its pagefind/: the main one ("") and the parts its parts.json lists. */
function shardBundles(found: FoundShard): string[] {
  const partsFile = join(found.site, SEARCH_DIR, PARTS_FILE);
  if (!existsSync(partsFile)) throw new Error(`shard ${found.id}: no search index (${partsFile} is missing)`);
  const parts = JSON.parse(readFileSync(partsFile, "utf8")) as string[];
  return ["", ...parts];
}

/** What a shard's job laid out (`RECORD_FILE`). */
function shardRecord(found: FoundShard): BuildRecord {
  try {
    return readBuildRecord(found.record);
  } catch (error) {
    throw new Error(`shard ${found.id}: no record of what it laid out (${found.record}: ${(error as Error).message})`, { cause: error });
  }
}

export interface AssemblyReport {
  files: number;
  /** The site's search bundles, relative to the site, the main one first. */
  bundles: string[];
}

/**
 * The site from the shard jobs' folders under `from`: the union of their pages (a file two shards both write must
 * have the same bytes, or the assembly stops naming the file and both shards), and their search bundles laid out as
 * the search page expects (templates/assets/search.js): the oldest shard's main bundle at pagefind/, every other
 * bundle at pagefind/<year>/ (or <year>-<part>/), listed in pagefind/parts.json in the plan's order. Built in a
 * folder beside `siteDir` and renamed into place: a failed assembly leaves no half a site. The shards' records become
 * the site's (render-plan.ts's `recordAssembly`), for the next build into it.
 */
export function assembleShards(from: string, siteDir: string, plan: Shard[]): AssemblyReport {
  const shards = findShards(from, plan);
  const records = shards.map(shardRecord);
  const stage = `${resolve(siteDir)}.assembling`;
  rmSync(stage, { recursive: true, force: true });
  const writer = new Map<string, string>();
  const made = new Set<string>();
  /** Puts a shard's file at `name` in the site, unless another shard put the same bytes there. */
  const place = (name: string, file: string, id: string) => {
    const first = writer.get(name);
    if (first === undefined) {
      writer.set(name, id);
      linkFile(file, join(stage, name), made);
    } else if (!sameBytes(join(stage, name), file))
      throw new Error(`${name}: written by shards ${first} and ${id} with different bytes (a file two shards write must be the same)`);
  };
  const bundles: string[] = [];
  try {
    for (const found of shards) {
      const searchRoot = join(found.site, SEARCH_DIR);
      for (const file of filesUnder(found.site))
        if (found.shard.kind !== "papers" || !file.startsWith(`${searchRoot}/`)) place(relative(found.site, file), file, found.id);
      if (found.shard.kind !== "papers") continue;
      const own = shardBundles(found);
      const label = found.shard.year ?? "all";
      for (const [i, bundle] of own.entries()) {
        const target = bundles.length === 0 ? "" : i === 0 ? `${label}/` : `${label}-${i + 1}/`;
        const source = join(searchRoot, bundle);
        // A shard's main bundle holds its parts' folders and its parts.json: those are not the main bundle's files.
        const nested = own.filter((other) => other !== bundle && other.startsWith(bundle)).map((other) => `${join(searchRoot, other)}/`);
        for (const file of filesUnder(source)) {
          if (nested.some((dir) => file.startsWith(dir)) || file === join(source, PARTS_FILE)) continue;
          place(join(SEARCH_DIR, target, relative(source, file)), file, found.id);
        }
        bundles.push(target);
      }
    }
    if (bundles.length === 0) throw new Error(`${from}: no papers shard, so no search index`);
    writeFileSync(join(stage, SEARCH_DIR, PARTS_FILE), `${JSON.stringify(bundles.slice(1))}\n`);
    recordAssembly(siteDir, records, () => {
      rmSync(siteDir, { recursive: true, force: true });
      renameSync(stage, siteDir);
      return [...writer.keys()].filter((name) => !name.startsWith(`${SEARCH_DIR}/`)).sort();
    });
  } catch (error) {
    rmSync(stage, { recursive: true, force: true });
    throw error;
  }
  return { files: writer.size + 1, bundles: bundles.map((b) => `${SEARCH_DIR}/${b}`) };
}
