/**
 * The distributed build's steps (src/site/shards.ts, docs/scale.md "Beyond one machine"), as the Pages workflow runs
 * them and `npm run build:shards` runs them on one machine:
 *   npm run shards -- plan [--github]            the shards of content/'s archive as JSON (a GitHub matrix); whether
 *                                                the archive is large enough that a build laying out every page is
 *                                                sharded (`large`: past site.json's `build.shardAbove`); and the key
 *                                                under which the workflow caches a site laid out with this code, whose
 *                                                next build is a single one (`site-key`: src/site/render-plan.ts);
 *                                                --github: as key=value lines for $GITHUB_OUTPUT
 *   npm run shards -- build <shard> --out DIR    one matrix job: that shard's pages (listings, papers:<year>, issues:<year>,
 *                                                authors:<k>-of-<n>), and a papers shard's search index
 *   npm run shards -- assemble --from DIR [--site _site]   the jobs' folders under DIR into one site
 * Each takes --content DIR (default content/, or PAPER_DIGEST_CONTENT).
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseShard, shardId, shardName, shardPlan } from "../src/archive/shard.ts";
import { codeFingerprint } from "../src/site/render-plan.ts";
import { assembleShards, buildShard } from "../src/site/shards.ts";
import { loadSiteSettings } from "../src/store/settings.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    content: { type: "string", default: process.env.PAPER_DIGEST_CONTENT ?? "content" },
    out: { type: "string" },
    from: { type: "string" },
    site: { type: "string", default: "_site" },
    github: { type: "boolean", default: false },
  },
});
const contentDir = values.content!;
const [command, argument] = positionals;

function plan(): void {
  const { pages, shards } = shardPlan(contentDir);
  const large = pages > loadSiteSettings(contentDir).build.shardAbove;
  const matrix = { include: shards.map((shard) => ({ shard: shardId(shard), name: shardName(shard) })) };
  const siteKey = `site-${codeFingerprint(contentDir)}`;
  if (values.github) console.log(`large=${large}\nmatrix=${JSON.stringify(matrix)}\nsite-key=${siteKey}`);
  else console.log(JSON.stringify({ pages, large, matrix, siteKey }));
}

async function build(): Promise<void> {
  const shard = parseShard(argument);
  if (!shard || !values.out)
    throw new Error(
      "usage: npm run shards -- build <shard> --out DIR (a shard of `npm run shards -- plan`: listings, papers:<year>, issues:<year>, authors:<k>-of-<n>)",
    );
  const searchSettings = loadSiteSettings(contentDir).search;
  // Each shard's parts are kept apart: buildSearchIndex drops whatever in its cache folder this run did not use.
  const searchCache = join(".cache", "search-parts-shards", shardName(shard));
  const report = await buildShard(shard, { ...searchSettings, contentDir, out: values.out, searchCache });
  const search = report.searchBundles
    ? `, search ${report.searchSeconds.toFixed(1)} s (${report.searchBundles} ${report.searchBundles === 1 ? "index" : "indexes"})`
    : "";
  console.log(`shard ${shardId(shard)}: built into ${values.out}: Eleventy ${report.eleventySeconds.toFixed(1)} s${search}`);
}

function assemble(): void {
  if (!values.from) throw new Error("usage: npm run shards -- assemble --from DIR [--site DIR]");
  const start = performance.now();
  const report = assembleShards(values.from, values.site!, shardPlan(contentDir).shards);
  console.log(
    `assembled ${values.site}: ${report.files.toLocaleString("en")} files, ${report.bundles.length} search ${report.bundles.length === 1 ? "index" : "indexes"} in ${((performance.now() - start) / 1000).toFixed(1)} s`,
  );
}

try {
  if (command === "plan") plan();
  else if (command === "build") await build();
  else if (command === "assemble") assemble();
  else throw new Error(`unknown command "${command ?? ""}": expected plan, build or assemble`);
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exitCode = 1;
}
