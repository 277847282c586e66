/**
 * npm run build:shards -- [--content DIR] [--site _site] [--work .cache/shards] [--jobs N]
 * The distributed build on one machine, with the commands the Pages workflow runs (docs/scale.md, "Beyond one
 * machine"): the ingest once (`npm run ingest`), then each shard's job (`npm run shards -- build`) as a process of
 * its own, at most as many at once as the machine has cores (or --jobs), each into a folder under
 * --work, then the assembly (`npm run shards -- assemble`) into --site. Stopped, it stops the jobs running.
 */
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { shardId, shardName, shardPlan } from "../src/archive/shard.ts";
import { runChild } from "../src/platform/children.ts";

const { values } = parseArgs({
  options: {
    content: { type: "string", default: process.env.PAPER_DIGEST_CONTENT ?? "content" },
    site: { type: "string", default: "_site" },
    work: { type: "string", default: join(".cache", "shards") },
    jobs: { type: "string", default: String(availableParallelism()) },
  },
});
const jobs = Number(values.jobs);
const content = ["--content", values.content!];

/** A shard's job, as the workflow runs it; stopped with this process (src/platform/children.ts). Whether it succeeded. */
function npm(args: string[]): Promise<boolean> {
  return runChild(`shard job ${args[1]}`, "npm", ["run", "--silent", "shards", "--", ...args, ...content]).then(
    () => true,
    () => false,
  );
}

const start = performance.now();
if (spawnSync("npm", ["run", "--silent", "ingest", "--", ...content], { stdio: "inherit" }).status !== 0) process.exit(1);
const queue = shardPlan(values.content!).shards;
const failed: string[] = [];
// A worker takes the next shard as soon as its last one is done: the years differ in size.
async function worker(): Promise<void> {
  for (let shard = queue.shift(); shard; shard = queue.shift())
    if (!(await npm(["build", shardId(shard), "--out", join(values.work!, shardName(shard))]))) failed.push(shardId(shard));
}
await Promise.all(Array.from({ length: Math.max(1, Number.isInteger(jobs) ? jobs : 1) }, worker));
if (failed.length) {
  console.error(`error: shard${failed.length > 1 ? "s" : ""} ${failed.join(", ")} failed; nothing assembled`);
  process.exit(1);
}
const assembled = spawnSync("npm", ["run", "--silent", "shards", "--", "assemble", "--from", values.work!, "--site", values.site!, ...content], {
  stdio: "inherit",
});
if (assembled.status !== 0) process.exit(1);
console.log(`build:shards: ${resolve(values.site!)} in ${((performance.now() - start) / 1000).toFixed(1)} s`);
