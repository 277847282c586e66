/**
 * npm run bench -- [--days 200] [--per 50] [--repeat 3] [--only ingest]
 * How a realistic archive — many daily digests — builds, stage by stage, against a plain Eleventy
 * site (a one-line layout over the same Markdown pages) plus Pagefind, measured in this one run:
 * wall time and peak memory of each stage (its whole process tree), the ratio to the baseline, and
 * how many files in content/ adding one more day rewrites. The archive is generated with a fixed
 * seed from the sample's sentences, with rarer words mixed in so its vocabulary grows as a real
 * one's does, and a few papers listed again on later days. Absolute times depend on the machine;
 * the ratios are the result: the site and the baseline are built --repeat times, alternately, and
 * each pair's ratio reported with their median. --only ingest stops after the ingest (for 100,000 papers).
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { splitSentences } from "../src/analysis/summary.ts";
import { readDigest } from "../src/sources/index.ts";
import { seededRandom } from "../src/platform/random.ts";

const { values } = parseArgs({
  options: {
    days: { type: "string", default: "20" },
    per: { type: "string", default: "50" },
    repeat: { type: "string", default: "3" },
    only: { type: "string" },
  },
});
const DAYS = Number(values.days);
const PER = Number(values.per);
const REPEAT = Math.max(1, Number(values.repeat));
const ROOT = process.cwd();
const NODE_FLAGS = ["--import", "tsx", "--max-old-space-size=12288"];
/** As `npm run build:site` runs Eleventy: a larger young generation, since most of what a build allocates dies young. */
const ELEVENTY_FLAGS = [...NODE_FLAGS, "--max-semi-space-size=64"];

const sample = readDigest(join("content", "digests", "2025-03-17.txt")).papers;
const sentences = sample.flatMap((p) => splitSentences(p.abstractRaw));
const titleWords = sample.flatMap((p) => p.titleRaw.split(/\s+/));

const rand = seededRandom(20250317);
const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
const rareTerm = () => `zq${Math.floor(200_000 * rand() ** 3).toString(36)}`; // Zipf-like: small ids are common

function syntheticPaper(): { title: string; abstract: string } {
  const title =
    Array.from({ length: 6 + Math.floor(rand() * 6) }, () => pick(titleWords))
      .join(" ")
      .replace(/[.!]$/, "") + ` ${rareTerm()}`;
  const body = Array.from({ length: 8 }, () => pick(sentences).replace(/\b[a-z]{4,}\b/g, (w) => (rand() < 0.33 ? rareTerm() : w))).join(" ");
  return { title, abstract: `${body} We study ${Array.from({ length: 6 }, rareTerm).join(" ")}.` };
}

/** Day `d` of the archive: `per` papers, a few of them listed again from the day before. */
function digest(d: number, previous: { title: string; abstract: string }[]): { name: string; text: string; papers: { title: string; abstract: string }[] } {
  const date = new Date(Date.UTC(2024, 0, 1 + d));
  const iso = date.toISOString().slice(0, 10);
  const papers = Array.from({ length: PER }, (_, i) => (i % 20 === 19 && previous.length ? previous[i % previous.length] : syntheticPaper()));
  const line = date.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
  return { name: `${iso}.txt`, text: [line, ...papers.flatMap((p) => [p.title, p.abstract])].join("\n\n") + "\n", papers };
}

interface Measure {
  seconds: number;
  /** Peak resident memory of the process tree, MB (summed over its processes' peaks); NaN where /proc is missing. */
  peakMb: number;
  output: string;
}

/** The peak resident set ("VmHWM") of a process and its descendants, in kB, from /proc. */
function treePeaks(pid: number, peaks: Map<number, number>): void {
  try {
    const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    if (hwm) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, Number(hwm[1])));
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
    for (const child of children ? children.split(/\s+/) : []) treePeaks(Number(child), peaks);
  } catch {
    // The process ended between two looks.
  }
}

/** Runs a command to its end; its wall time and peak memory. A failure stops the benchmark with its output. */
function run(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Measure> {
  return new Promise((done, fail) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const peaks = new Map<number, number>();
    const poll = setInterval(() => treePeaks(child.pid!, peaks), 50);
    child.on("close", (code) => {
      clearInterval(poll);
      const seconds = (performance.now() - start) / 1000;
      if (code !== 0) return fail(new Error(`${command} ${args.join(" ")} failed (${code}):\n${output.slice(-3000)}`));
      const kb = [...peaks.values()].reduce((a, b) => a + b, 0);
      done({ seconds, peakMb: existsSync("/proc/self/status") ? kb / 1024 : NaN, output });
    });
  });
}

/** Every file under a folder with a fingerprint of its bytes, to count what a step rewrote. */
function fingerprints(dir: string): Map<string, string> {
  const prints = new Map<string, string>();
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (statSync(path).isFile()) prints.set(name, createHash("sha1").update(readFileSync(path)).digest("hex"));
  }
  return prints;
}

const rows: [stage: string, measure: Measure, note: string][] = [];
const record = (stage: string, measure: Measure, note = "") => {
  rows.push([stage, measure, note]);
  console.error(`${stage}: ${measure.seconds.toFixed(1)} s${note ? ` (${note})` : ""}`);
};

/** The run of median wall time (an odd count gives the middle one). */
function median(measures: Measure[]): Measure {
  return [...measures].sort((a, b) => a.seconds - b.seconds)[Math.floor(measures.length / 2)];
}

/**
 * Folders of a previous build are moved aside and deleted once everything is measured: for a minute after
 * 100,000 files are deleted, writing as many again took 3–5 times as long on this machine's ext4 disk.
 */
const TRASH = resolve(".cache", "bench-trash");
let setAsideCount = 0;
function setAside(dir: string): void {
  if (!existsSync(dir)) return;
  mkdirSync(TRASH, { recursive: true });
  renameSync(dir, join(TRASH, `${process.pid}-${setAsideCount++}`));
}

// A scratch project inside this one (git-ignored): authors/author.11tydata.js imports #src/… through package.json.
const work = resolve(".cache", "bench", `${DAYS}x${PER}`);
setAside(work);
const content = join(work, "content");
cpSync("content", content, { recursive: true, filter: (src) => !/[/\\](papers[/\\].+\.md|digests[/\\].+|derived\.json|last-ingest\.json)$/.test(src) });
mkdirSync(join(content, "digests"), { recursive: true });
let previous: { title: string; abstract: string }[] = [];
for (let d = 0; d < DAYS; d++) {
  const day = digest(d, previous);
  writeFileSync(join(content, "digests", day.name), day.text);
  previous = day.papers;
}
const extraDay = digest(DAYS, previous);
const total = DAYS * PER;
console.error(`An archive of ${DAYS} daily digests × ${PER} papers (${total.toLocaleString("en")} listings) in ${relative(ROOT, work)}`);
// The generated archive goes to disk before anything is timed, so its writing is not counted in the first ingest.
spawnSync("sync");

// As `npm run ingest` runs it (Node's default heap); Eleventy, as `npm run build:site` does, with a larger one.
const ingest = () => run(process.execPath, ["--import", "tsx", "scripts/ingest.ts", "--content", relative(ROOT, content), "--quiet"]);
const first = await ingest();
record("ingest, first run", first);
const noop = await ingest();
record("ingest, nothing changed", noop);

const before = fingerprints(content);
writeFileSync(join(content, "digests", extraDay.name), extraDay.text);
const addDay = await ingest();
const after = fingerprints(content);
const changed = [...after].filter(([name, print]) => before.get(name) !== print && !name.startsWith("digests/"));
const newPages = changed.filter(([name]) => !before.has(name)).length;
const generated = changed.filter(([name]) => name === "derived.json" || name === "last-ingest.json").length;
const rewritten = changed.length - newPages - generated;
record(`ingest, +1 day of ${PER}`, addDay, `${newPages} new pages, ${rewritten} other committed files rewritten, ${generated} generated files`);

if (values.only !== "ingest") {
  // The baseline: the same Markdown pages, a one-line layout, Eleventy's defaults, then Pagefind.
  const plain = join(work, "plain");
  mkdirSync(join(plain, "papers"), { recursive: true });
  mkdirSync(join(plain, "_includes"), { recursive: true });
  for (const name of readdirSync(join(content, "papers")).filter((n) => n.endsWith(".md"))) cpSync(join(content, "papers", name), join(plain, "papers", name));
  writeFileSync(join(plain, "papers", "papers.json"), JSON.stringify({ layout: "plain.njk" }));
  writeFileSync(join(plain, "_includes", "plain.njk"), '<!doctype html><html lang="en"><title>{{ title }}</title><main>{{ content | safe }}</main></html>\n');
  writeFileSync(join(plain, "eleventy.config.mjs"), "export default { markdownTemplateEngine: false };\n");

  const out = join(work, "_site");
  const pagefindBin = join(ROOT, "node_modules", ".bin", "pagefind");
  const eleventyRun = (env: Record<string, string> = {}) =>
    run(process.execPath, [...ELEVENTY_FLAGS, "node_modules/@11ty/eleventy/cmd.cjs", `--output=${relative(ROOT, out)}`], {
      env: { PAPER_DIGEST_CONTENT: relative(ROOT, content), ...env },
    });
  // Each site is built afresh, as on CI, and the two builds alternate, so that a slow spell of the
  // machine (its disk flushing, a noisy neighbour) weighs on both: the medians and their ratio are the result.
  const ours: { eleventy: Measure; pagefind: Measure }[] = [];
  const plains: { eleventy: Measure; pagefind: Measure }[] = [];
  for (let i = 0; i < REPEAT; i++) {
    setAside(out);
    const eleventy = await eleventyRun();
    // As `npm run build:search` runs it: Pagefind over the paper pages, in parts past `search.pagesPerIndex`.
    ours.push({
      eleventy,
      pagefind: await run(process.execPath, [
        "--import",
        "tsx",
        "scripts/search-index.ts",
        "--site",
        relative(ROOT, out),
        "--content",
        relative(ROOT, content),
      ]),
    });
    setAside(join(plain, "_site"));
    const plainEleventy = await run(
      process.execPath,
      [
        "--max-old-space-size=12288",
        join(ROOT, "node_modules/@11ty/eleventy/cmd.cjs"),
        "--config=eleventy.config.mjs",
        "--input=.",
        "--output=_site",
        "--quiet",
      ],
      { cwd: plain },
    );
    plains.push({ eleventy: plainEleventy, pagefind: await run(pagefindBin, ["--site", join(plain, "_site"), "--quiet"]) });
    console.error(
      `build ${i + 1} of ${REPEAT}: ours ${(ours[i].eleventy.seconds + ours[i].pagefind.seconds).toFixed(1)} s, baseline ${(plainEleventy.seconds + plains[i].pagefind.seconds).toFixed(1)} s`,
    );
  }
  const files = [...ours[0].eleventy.output.matchAll(/Wrote (\d+) files/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  const eleventy = median(ours.map((b) => b.eleventy));
  const pagefind = median(ours.map((b) => b.pagefind));
  const plainEleventy = median(plains.map((b) => b.eleventy));
  const plainPagefind = median(plains.map((b) => b.pagefind));
  const of = `median of ${REPEAT}`;
  record("Eleventy", eleventy, `${files} files; ${of}`);
  record("Pagefind", pagefind, of);

  // Eleventy's own benchmark says how long the feed and newsletter filters took inside the build; it
  // runs once more for that, since its bookkeeping would slow the builds measured above.
  const instrumented = (await eleventyRun({ DEBUG: "Eleventy:Benchmark*" })).output;
  const filterMs = (name: string) => Number(new RegExp(`Benchmark\\s+(\\d+)ms\\s+\\d+%\\s+\\d+× \\(Configuration\\) "${name}"`).exec(instrumented)?.[1] ?? NaN);
  rows.push(["  feeds (inside Eleventy: rssFeed)", { seconds: filterMs("rssFeed") / 1000, peakMb: NaN, output: "" }, ""]);
  rows.push(["  newsletter web pages (inside Eleventy)", { seconds: filterMs("newsletterHtml") / 1000, peakMb: NaN, output: "" }, ""]);
  const newsletter = await run(process.execPath, [
    ...NODE_FLAGS,
    "scripts/newsletter.ts",
    "--content",
    relative(ROOT, content),
    "--out",
    relative(ROOT, join(work, "newsletter")),
  ]);
  record("newsletter export (newest issue)", newsletter);
  record("baseline: plain Eleventy", plainEleventy, of);
  record("baseline: Pagefind", plainPagefind, of);

  // The ratio of each pair of builds run back to back; the median and the range over the pairs.
  const ratioNote = (extra: number) => {
    const each = ours
      .map((b, i) => (extra + b.eleventy.seconds + b.pagefind.seconds) / (plains[i].eleventy.seconds + plains[i].pagefind.seconds))
      .sort((a, b) => a - b);
    return `${each[Math.floor(each.length / 2)].toFixed(2)}× the baseline (pairs: ${each.map((r) => r.toFixed(2)).join(", ")})`;
  };
  const baseline = plainEleventy.seconds + plainPagefind.seconds;
  rows.push([
    `npm run build, daily (ingest unchanged + Eleventy + Pagefind)`,
    { seconds: noop.seconds + eleventy.seconds + pagefind.seconds, peakMb: Math.max(noop.peakMb, eleventy.peakMb, pagefind.peakMb), output: "" },
    ratioNote(noop.seconds),
  ]);
  rows.push([
    `npm run build, first (ingest first run + Eleventy + Pagefind)`,
    { seconds: first.seconds + eleventy.seconds + pagefind.seconds, peakMb: Math.max(first.peakMb, eleventy.peakMb, pagefind.peakMb), output: "" },
    ratioNote(first.seconds),
  ]);
  rows.push(["baseline: plain Eleventy + Pagefind", { seconds: baseline, peakMb: Math.max(plainEleventy.peakMb, plainPagefind.peakMb), output: "" }, "1.00×"]);
}

const mb = (value: number) => (Number.isNaN(value) ? "—" : `${value.toFixed(0)} MB`);
console.log(`\n${DAYS} days × ${PER} papers = ${total.toLocaleString("en")} listings\n`);
console.log("| stage | wall time | peak memory | notes |");
console.log("|---|---|---|---|");
for (const [stage, m, note] of rows) console.log(`| ${stage} | ${Number.isNaN(m.seconds) ? "—" : `${m.seconds.toFixed(1)} s`} | ${mb(m.peakMb)} | ${note} |`);
console.log(`\nSecond ingest / first ingest: ${(noop.seconds / first.seconds).toFixed(2)}`);
rmSync(TRASH, { recursive: true, force: true });
