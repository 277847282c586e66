import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { onExit } from "signal-exit";
import { runChild } from "../platform/children.ts";
import { beginLanes, tidyAndRecord, laysOutEverything, readBuildRecord, removeUnmade, type BuildRecord } from "./render-plan.ts";
import { buildSearchIndex, type SearchIndexOptions, type SearchIndexReport } from "./search-index.ts";

/**
 * `npm run build:site`: Eleventy over the whole site. Eleventy keeps one core busy, so on a machine of two or more the
 * build runs as two Eleventy processes at once, lanes that lay out their shares of the site into the same folder: the
 * paper pages (the `papers` shard, src/archive/shard.ts), and every other page (`others`). Each plans against the last
 * build's record and the runner tidies the folder and records once both are done (src/site/render-plan.ts), so the
 * folder and the record are what one process would leave: test/site/lanes.test.ts compares them byte for byte. With
 * the search index to build, it starts as soon as the paper pages are laid out, while the other lane goes on.
 * Each lane reads the whole archive for its links and listings, so the two cost more CPU than one process: only a
 * build that lays out every page (no record of the last build into the folder, or other code) is split. At 10,000
 * papers with authors, Eleventy and the search index from scratch took 28 s in two lanes against 44.5 s one after
 * the other; a rebuild with nothing new took 10.1–10.4 s in two lanes and 7.7 s in one process (docs/scale.md, "Eleventy in lanes").
 */

const ROOT = resolve(import.meta.dirname, "../..");

/** Eleventy as the build runs it: TypeScript helpers through tsx, a 12 GB heap, and a larger young generation, since most of what a build allocates dies young. */
export const ELEVENTY = [
  "--import",
  "tsx",
  "--max-old-space-size=12288",
  "--max-semi-space-size=64",
  join(ROOT, "node_modules", "@11ty", "eleventy", "cmd.cjs"),
];

/** Runs Eleventy into `output` with `env` added to this process's environment; fails with the exit status. A stopped runner stops it (a lane must not write on into the folder after its runner is gone). */
export function runEleventy(output: string, env: Record<string, string> = {}, args: string[] = []): Promise<void> {
  return runChild(`Eleventy${env.PAPER_DIGEST_SHARD ? ` (${env.PAPER_DIGEST_SHARD})` : ""}`, process.execPath, [...ELEVENTY, `--output=${output}`, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
}

export interface SiteBuildOptions {
  output: string;
  /** The content folder (PAPER_DIGEST_CONTENT for Eleventy). */
  contentDir: string;
  /** How many Eleventy processes: 1, or 2 (the default on a machine of two cores or more for a build that lays out every page). */
  lanes?: number;
  /** The search index to build too (src/site/search-index.ts), once the paper pages are laid out. */
  search?: SearchIndexOptions;
  /** More of Eleventy's arguments (`--quiet`). */
  eleventyArgs?: string[];
}

export async function buildSite(options: SiteBuildOptions): Promise<{ lanes: number; search?: SearchIndexReport }> {
  const output = resolve(options.output);
  const content = { PAPER_DIGEST_CONTENT: resolve(options.contentDir) };
  const lanes = options.lanes ?? (availableParallelism() > 1 && laysOutEverything(output, options.contentDir) ? 2 : 1);
  if (lanes !== 1 && lanes !== 2) throw new Error(`lanes must be 1 or 2, not ${lanes}`);
  const args = options.eleventyArgs ?? [];
  if (lanes === 1) {
    await runEleventy(output, content, args);
    return { lanes, search: options.search && (await buildSearchIndex(output, options.search)) };
  }

  mkdirSync(join(ROOT, ".cache"), { recursive: true });
  const work = mkdtempSync(join(ROOT, ".cache", "lanes-"));
  const removeWork = onExit(() => rmSync(work, { recursive: true, force: true }));
  try {
    const previous = join(work, "previous.json");
    const existing = beginLanes(output, previous);
    const lane = async (shard: "papers" | "others"): Promise<BuildRecord> => {
      const record = join(work, `${shard}.json`);
      await runEleventy(output, { ...content, PAPER_DIGEST_SHARD: shard, PAPER_DIGEST_PREVIOUS_RECORD: previous, PAPER_DIGEST_RECORD: record }, args);
      return readBuildRecord(record);
    };
    let search: SearchIndexReport | undefined;
    const papers = lane("papers").then(async (record) => {
      // The search index reads the paper pages: those of papers no longer in the archive go first.
      removeUnmade(output, existing, [record], "papers");
      if (options.search) search = await buildSearchIndex(output, options.search);
      return record;
    });
    // Both run to their end, so that neither writes into the folder after the build has returned.
    const settled = await Promise.allSettled([papers, lane("others")]);
    const failed = settled.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
    tidyAndRecord(
      output,
      existing,
      settled.map((result) => (result as PromiseFulfilledResult<BuildRecord>).value),
    );
    return { lanes, search };
  } finally {
    removeWork();
    rmSync(work, { recursive: true, force: true });
  }
}
