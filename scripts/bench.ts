/**
 * npm run bench — how the preprocessing scales, as ratios measured in this one process:
 *   1. related papers by inverted index vs. a brute-force all-pairs cosine, on the same 1,000 papers;
 *   2. the inverted index at 10,000 and at 100,000 papers (linear growth would be 10×);
 *   3. the whole ingest pipeline (clean → … → links) at 10,000 papers vs. the 63-paper sample;
 *   4. a full Eleventy build of 2,000 papers (40 daily issues) vs. the sample's, per page.
 * Papers are synthetic: sentences of the sample digest recombined, plus rare Zipf-distributed terms so the
 * vocabulary grows as a real archive's does. Absolute times depend on the machine; the ratios are the result.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ingest } from "../src/ingest.ts";
import { buildCorpus, type Corpus } from "../src/enrich/tfidf.ts";
import { nearestNeighbours } from "../src/enrich/related.ts";
import { loadTaxonomy } from "../src/enrich/topics.ts";
import { newPaper, type Paper } from "../src/paper.ts";
import { runPipeline } from "../src/pipeline.ts";
import { readDigest } from "../src/sources/index.ts";
import { splitSentences } from "../src/enrich/summary.ts";

const sample = readDigest(join("content", "digests", "2025-03-17.txt")).papers;
const sentences = sample.flatMap((p) => splitSentences(p.abstractRaw));
const titleWords = sample.flatMap((p) => p.titleRaw.split(/\s+/));

/** Deterministic pseudo-random numbers (mulberry32), so every run benchmarks the same corpus. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function syntheticPapers(count: number): Paper[] {
  const rand = random(count);
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  const rareTerm = () => `zq${Math.floor(200_000 * rand() ** 3).toString(36)}`; // Zipf-like: small ids are common
  return Array.from({ length: count }, (_, i) => {
    const title = Array.from({ length: 6 + Math.floor(rand() * 6) }, () => pick(titleWords)).join(" ") + ` ${rareTerm()}`;
    // Sample sentences with a third of their words swapped for rarer ones, so phrases vary as in real abstracts.
    const body = Array.from({ length: 8 }, () => pick(sentences).replace(/\b[a-z]{4,}\b/g, (w) => (rand() < 0.33 ? rareTerm() : w))).join(" ");
    const rare = Array.from({ length: 6 }, rareTerm).join(" ");
    const date = `2025-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`;
    return newPaper({ titleRaw: title, abstractRaw: `${body} We study ${rare}.`, date, rank: 1 + (i % 60), source: { file: "bench", line: i + 1 } });
  });
}

function time<T>(run: () => T): { result: T; seconds: number } {
  const start = performance.now();
  const result = run();
  return { result, seconds: (performance.now() - start) / 1000 };
}

function bruteForce(corpus: Corpus, k: number): number[][] {
  const dense = corpus.vectors.map((v) => new Map([...v.terms].map((t, i) => [t, v.weights[i]])));
  return corpus.vectors.map((v, a) => {
    const scores = dense.map((_, b) => (a === b ? -1 : [...v.terms].reduce((s, t, i) => s + v.weights[i] * (dense[b].get(t) ?? 0), 0)));
    return scores.map((s, b) => [s, b]).sort((x, y) => y[0] - x[0]).slice(0, k).map(([, b]) => b);
  });
}

const texts = (papers: Paper[]) => papers.map((p) => `${p.titleRaw}. ${p.abstractRaw}`);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

console.log("1. Related papers: inverted index vs brute force, 1,000 papers");
const small = buildCorpus(texts(syntheticPapers(1000)));
const brute = time(() => bruteForce(small, 5));
const indexed = time(() => nearestNeighbours(small, 5));
console.log(`   brute force ${brute.seconds.toFixed(2)} s, inverted index ${indexed.seconds.toFixed(2)} s → ${(brute.seconds / indexed.seconds).toFixed(1)}× faster`);

console.log("2. Related papers (TF-IDF + neighbours) at 10,000 and 100,000 papers");
const runs = [10_000, 100_000].map((n) => {
  const papers = texts(syntheticPapers(n));
  const before = process.memoryUsage().rss;
  const run = time(() => nearestNeighbours(buildCorpus(papers), 5));
  const rss = process.memoryUsage().rss;
  console.log(`   ${n.toLocaleString("en")} papers: ${run.seconds.toFixed(1)} s, resident memory ${mb(rss)} (+${mb(rss - before)})`);
  return run.seconds;
});
console.log(`   10× the papers took ${(runs[1] / runs[0]).toFixed(1)}× the time`);

console.log("3. The whole pipeline, 10,000 papers vs the 63-paper sample");
const context = { taxonomy: loadTaxonomy("content"), published: new Map(), reservedSlugs: new Set<string>(), readDates: new Set<string>() };
const base = time(() => runPipeline(sample, context));
const stages: string[] = [];
const big = time(() => runPipeline(syntheticPapers(10_000), context, (name, ms) => stages.push(`${name} ${(ms / 1000).toFixed(1)} s`)));
console.log(`   sample ${base.seconds.toFixed(2)} s; 10,000 papers ${big.seconds.toFixed(1)} s (${stages.join(", ")})`);
console.log(`   per paper, 10,000 cost ${((big.seconds / 10_000) / (base.seconds / sample.length)).toFixed(2)}× the sample's`);

console.log("4. Eleventy build: 2,000 papers in 40 issues vs the 63-paper sample, per page written");
/** Builds a site from the given digests in a scratch folder; returns seconds and pages written. */
function buildFrom(digests: Record<string, string>): { seconds: number; pages: number } {
  // Inside the project (git-ignored): content/papers/papers.11tydata.js imports #src/… through package.json.
  mkdirSync(join(".cache", "bench"), { recursive: true });
  const root = mkdtempSync(join(".cache", "bench", "build-"));
  const content = join(root, "content");
  cpSync("content", content, { recursive: true, filter: (src) => !/[/\\](papers[/\\].+\.md|digests[/\\].+)$/.test(src) });
  mkdirSync(join(content, "digests"), { recursive: true });
  for (const [name, text] of Object.entries(digests)) writeFileSync(join(content, "digests", name), text);
  ingest({ contentDir: content });
  const out = join(root, "_site");
  const run = time(() =>
    execFileSync(process.execPath, ["--import", "tsx", "node_modules/@11ty/eleventy/cmd.cjs", `--output=${out}`, "--quiet"], {
      env: { ...process.env, PAPER_DIGEST_CONTENT: content },
      stdio: "pipe",
    }),
  );
  const pages = (readdirSync(out, { recursive: true }) as string[]).filter((f) => f.endsWith(".html")).length;
  rmSync(root, { recursive: true, force: true });
  return { seconds: run.seconds, pages };
}
const digestText = (papers: Paper[]) => ["Mar 17", ...papers.flatMap((p) => [p.titleRaw.replace(/[.!]$/, ""), p.abstractRaw])].join("\n\n");
const synthetic = syntheticPapers(2000);
const days = Object.fromEntries(
  Array.from({ length: 40 }, (_, d) => {
    const date = new Date(Date.UTC(2025, 2, 17 - d)).toISOString().slice(0, 10);
    const line = new Date(`${date}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
    return [`${date}.txt`, digestText(synthetic.slice(d * 50, d * 50 + 50)).replace("Mar 17", line)];
  }),
);
const sampleBuild = buildFrom({ "2025-03-17.txt": readFileSync(join("content", "digests", "2025-03-17.txt"), "utf8") });
const bigBuild = buildFrom(days);
console.log(`   sample: ${sampleBuild.pages} pages in ${sampleBuild.seconds.toFixed(1)} s; 2,000 papers: ${bigBuild.pages} pages in ${bigBuild.seconds.toFixed(1)} s`);
console.log(`   per page, the large build cost ${((bigBuild.seconds / bigBuild.pages) / (sampleBuild.seconds / sampleBuild.pages)).toFixed(2)}× the sample's`);
