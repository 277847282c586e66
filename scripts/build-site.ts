/**
 * npm run build:site — Eleventy into _site/, as two shards at once on a machine with two cores or
 * more (src/site/shard.ts): the paper pages, and every other page. Eleventy renders on one core;
 * the shards' pages are disjoint and together the whole site, byte for byte (test/site/shards.test.ts).
 * Extra arguments go to Eleventy (e.g. --output=DIR). One core: one ordinary Eleventy run.
 */
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";

const ELEVENTY = ["--import", "tsx", "--max-old-space-size=12288", "node_modules/@11ty/eleventy/cmd.cjs", ...process.argv.slice(2)];
const shards = availableParallelism() >= 2 ? ["papers", "listings"] : [undefined];

const runs = shards.map(
  (shard) =>
    new Promise<number>((done) => {
      const env = shard ? { ...process.env, PAPER_DIGEST_SHARD: shard } : process.env;
      const child = spawn(process.execPath, ELEVENTY, { env, stdio: ["ignore", "pipe", "pipe"] });
      const label = (chunk: Buffer) => (shard ? chunk.toString().replace(/^(?=.)/gm, `[${shard}] `) : chunk.toString());
      child.stdout.on("data", (chunk: Buffer) => process.stdout.write(label(chunk)));
      child.stderr.on("data", (chunk: Buffer) => process.stderr.write(label(chunk)));
      child.on("close", (code) => done(code ?? 1));
    }),
);
const codes = await Promise.all(runs);
process.exitCode = codes.some((code) => code !== 0) ? 1 : 0;
