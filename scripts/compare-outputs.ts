/**
 * npm run outputs:compare -- --base <git-ref> [--head <git-ref>] [--bench] [--keep]
 * Proves that a change leaves every output as it was. In a git worktree of --base and in this working tree (or a
 * worktree of --head) it builds the sample: content/ with its committed pages and digests, ingested with --force, the
 * Eleventy site with its feeds (as `npm run build:site` builds it), the newsletter export, and the ingest's pages and
 * derived.json. With --bench, also the benchmark archive of 200 days × 50 papers: scripts/bench.ts generates its
 * digests once, from the head tree, and both trees ingest those same digests and build them the same way. Then the
 * two sets of outputs are compared byte by byte. The ingest's run record (content/last-ingest.json) is not an output:
 * it fingerprints the code that wrote it. A ref older than that record kept the fingerprint and the run's report at
 * the head of derived.json; that head is left out, the papers compared. Exits 0 when identical, 1 when not (or when a
 * build fails); --keep leaves the outputs in the temporary folder it names.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    base: { type: "string" },
    head: { type: "string" },
    bench: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});
if (!values.base) {
  console.error("usage: npm run outputs:compare -- --base <git-ref> [--head <git-ref>] [--bench] [--keep]");
  process.exit(2);
}

const BENCH_DAYS = 200;
const BENCH_PER = 50;
const git = (...args: string[]) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
const ROOT = execFileSync("git", ["rev-parse", "--show-toplevel"], { encoding: "utf8" }).trim();
/** Outputs, worktrees and the benchmark's generated archive. */
const temp = mkdtempSync(join(tmpdir(), "compare-outputs-"));
/**
 * Each tree ingests and builds in this same folder relative to itself: Eleventy wants its input below the working
 * directory (and content/authors/ imports #src/… through the tree's package.json), and the ingest's report in
 * derived.json names the digests by this path, so it must not differ between the trees.
 */
const SCRATCH = join(".cache", `compare-outputs-${process.pid}`);
/** What could make one build differ from another for reasons other than the code: each tree builds without them. */
const env: NodeJS.ProcessEnv = { ...process.env };
for (const name of ["SITE_URL", "PATH_PREFIX", "PAPER_DIGEST_CONTENT", "PAPER_DIGEST_SHARD", "NODE_OPTIONS"]) delete env[name];

const worktrees: string[] = [];
const scratches: string[] = [];
let child: ChildProcess | undefined;

function cleanUp(): void {
  child?.kill();
  for (const dir of scratches) rmSync(dir, { recursive: true, force: true });
  for (const dir of worktrees) {
    // The symlinked node_modules goes first, so nothing could ever follow it into this tree's own.
    const modules = join(dir, "node_modules");
    if (existsSync(modules) && lstatSync(modules).isSymbolicLink()) unlinkSync(modules);
    try {
      git("worktree", "remove", "--force", dir);
    } catch (error) {
      console.error(`could not remove the worktree ${dir}: ${(error as Error).message.trim()}`);
    }
  }
  worktrees.length = 0;
  scratches.length = 0;
  if (values.keep) console.error(`outputs kept in ${temp}`);
  else rmSync(temp, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: removing the worktrees and temporary folders`);
    cleanUp();
    process.exit(130);
  });
}

/** Runs a command to its end and returns its wall time in seconds; a failure throws with the end of its output. */
function run(what: string, cwd: string, command: string, args: string[], extraEnv: Record<string, string> = {}): Promise<number> {
  return new Promise((done, fail) => {
    const start = performance.now();
    child = spawn(command, args, { cwd, env: { ...env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    child.on("error", fail);
    child.on("close", (code, signal) => {
      child = undefined;
      const seconds = (performance.now() - start) / 1000;
      if (code !== 0) return fail(new Error(`${what} failed (${signal ?? code}) in ${cwd}: ${command} ${args.join(" ")}\n${output.slice(-3000)}`));
      console.error(`  ${what}: ${seconds.toFixed(1)} s`);
      done(seconds);
    });
  });
}
const node = (what: string, cwd: string, args: string[], extraEnv: Record<string, string> = {}) =>
  run(what, cwd, process.execPath, ["--import", "tsx", ...args], extraEnv);

/** A worktree of `ref` in the temporary folder, with this tree's node_modules if the lock file is the same, else its own. */
async function worktree(ref: string, name: string): Promise<{ dir: string; label: string }> {
  const commit = git("rev-parse", "--verify", "--end-of-options", `${ref}^{commit}`);
  const dir = join(temp, name);
  git("worktree", "add", "--detach", dir, commit);
  worktrees.push(dir);
  const lock = (tree: string) => readFileSync(join(tree, "package-lock.json"));
  if (existsSync(join(ROOT, "node_modules")) && lock(ROOT).equals(lock(dir))) symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  else await run(`npm ci (${ref}'s package-lock.json differs)`, dir, "npm", ["ci", "--no-audit", "--no-fund"]);
  return { dir, label: `${ref} (${commit.slice(0, 7)})` };
}

/** The digests of the benchmark's archive, as scripts/bench.ts generates them from `tree`'s code and sample. */
async function benchDigests(tree: string): Promise<string[]> {
  // The benchmark writes under its working directory's .cache/bench/ and sets aside what it finds there: it runs in a
  // folder of its own, with the tree's code linked in, so as not to disturb a benchmark running in the tree itself.
  const gen = join(temp, "bench-archive");
  mkdirSync(gen);
  cpSync(join(tree, "content"), join(gen, "content"), {
    recursive: true,
    filter: (src) => !/[/\\](papers[/\\].+\.md|derived\.json|last-ingest\.json)$/.test(src),
  });
  for (const name of ["scripts", "src", "node_modules", "package.json", "tsconfig.json"]) symlinkSync(join(tree, name), join(gen, name));
  await node(`generating the ${BENCH_DAYS}×${BENCH_PER} archive (scripts/bench.ts --only ingest)`, gen, [
    "scripts/bench.ts",
    "--days",
    String(BENCH_DAYS),
    "--per",
    String(BENCH_PER),
    "--only",
    "ingest",
  ]);
  const dir = join(gen, ".cache", "bench", `${BENCH_DAYS}x${BENCH_PER}`, "content", "digests");
  // The benchmark adds one more day after its first ingest: the archive is the first BENCH_DAYS.
  const names = readdirSync(dir).sort().slice(0, BENCH_DAYS);
  if (names.length !== BENCH_DAYS) throw new Error(`scripts/bench.ts wrote ${names.length} digests, not ${BENCH_DAYS}, into ${dir}`);
  return names.map((name) => join(dir, name));
}

/**
 * One set of outputs of `tree` into `out`: ingest (--force) a copy of its content/, the Eleventy site, the newsletter
 * export of the newest issue, and the ingest's pages and derived.json. The sample keeps content/'s committed pages and
 * digests; the benchmark archive starts, as scripts/bench.ts does, from no pages and the given digests.
 */
async function build(tree: string, set: "sample" | "bench", out: string, digests?: string[]): Promise<void> {
  const content = join(SCRATCH, set, "content");
  const dir = join(tree, content);
  scratches.push(join(tree, SCRATCH));
  rmSync(dir, { recursive: true, force: true });
  const leaveOut = digests ? /[/\\](papers[/\\].+\.md|digests[/\\].+|derived\.json|last-ingest\.json)$/ : /[/\\]content[/\\](derived|last-ingest)\.json$/;
  cpSync(join(tree, "content"), dir, { recursive: true, filter: (src) => !leaveOut.test(src) });
  if (digests) {
    mkdirSync(join(dir, "digests"), { recursive: true });
    for (const file of digests) cpSync(file, join(dir, "digests", file.split(sep).at(-1)!));
  }
  mkdirSync(out, { recursive: true });
  await node("ingest --force", tree, ["scripts/ingest.ts", "--content", content, "--force", "--quiet"]);
  // As src/site/lanes.ts (runEleventy) runs Eleventy, in one process, into an explicit output folder.
  await node(
    "Eleventy",
    tree,
    ["--max-old-space-size=12288", "--max-semi-space-size=64", "node_modules/@11ty/eleventy/cmd.cjs", `--output=${join(out, "site")}`, "--quiet"],
    { PAPER_DIGEST_CONTENT: content },
  );
  await node("newsletter export", tree, ["scripts/newsletter.ts", "--content", content, "--out", join(out, "email")]);
  cpSync(join(dir, "papers"), join(out, "pages"), { recursive: true });
  cpSync(join(dir, "derived.json"), join(out, "derived.json"));
  rmSync(join(tree, SCRATCH, set), { recursive: true, force: true });
}

/** Every file under `dir`, relative, with "/" between folders, sorted. */
function files(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((name) => statSync(join(dir, name)).isFile())
    .map((name) => name.split(sep).join("/"))
    .sort();
}

/** Where derived.json's papers start; before them, a ref older than content/last-ingest.json kept the run's record. */
const PAPERS = '\n  "papers": {\n';
let headLeftOut = false;

function comparable(path: string, bytes: Buffer): Buffer {
  if (!path.endsWith("derived.json")) return bytes;
  const text = bytes.toString("utf8");
  const papers = text.indexOf(PAPERS);
  if (papers <= 1) return bytes;
  headLeftOut = true;
  return Buffer.from(`{${text.slice(papers)}`);
}

/** Where two texts first differ: the line, and each side clipped around the first differing character. */
function firstDifference(a: string, b: string): string {
  const linesA = a.split("\n");
  const linesB = b.split("\n");
  let line = 0;
  while (line < Math.max(linesA.length, linesB.length) && linesA[line] === linesB[line]) line++;
  const lineA = linesA[line] ?? "";
  const lineB = linesB[line] ?? "";
  let column = 0;
  while (column < Math.min(lineA.length, lineB.length) && lineA[column] === lineB[column]) column++;
  const from = Math.max(0, column - 60);
  const clip = (text: string, exists: boolean) =>
    exists ? JSON.stringify(`${from ? "…" : ""}${text.slice(from, from + 160)}${text.length > from + 160 ? "…" : ""}`) : "(no such line)";
  return `line ${line + 1}, column ${column + 1}:\n      base: ${clip(lineA, line < linesA.length)}\n      head: ${clip(lineB, line < linesB.length)}`;
}

interface Comparison {
  same: number;
  onlyBase: string[];
  onlyHead: string[];
  differing: { path: string; where: string }[];
}

function compare(baseDir: string, headDir: string): Comparison {
  const baseFiles = files(baseDir);
  const headFiles = new Set(files(headDir));
  const result: Comparison = { same: 0, onlyBase: [], onlyHead: [], differing: [] };
  for (const path of baseFiles) {
    if (!headFiles.delete(path)) {
      result.onlyBase.push(path);
      continue;
    }
    const rawBase = readFileSync(join(baseDir, path));
    const rawHead = readFileSync(join(headDir, path));
    const base = comparable(path, rawBase);
    const head = comparable(path, rawHead);
    if (base.equals(head)) result.same++;
    else result.differing.push({ path, where: firstDifference(base.toString("utf8"), head.toString("utf8")) });
  }
  result.onlyHead = [...headFiles];
  return result;
}

const SHOWN = 20;
function report(name: string, result: Comparison): boolean {
  const list = (title: string, items: string[]) => {
    if (!items.length) return;
    console.log(`  ${title} (${items.length}):`);
    for (const item of items.slice(0, SHOWN)) console.log(`    ${item}`);
    if (items.length > SHOWN) console.log(`    … and ${items.length - SHOWN} more`);
  };
  const total = result.same + result.differing.length;
  console.log(`${name}: ${result.same} of ${total} files in both trees identical`);
  list("only in base", result.onlyBase);
  list("only in head", result.onlyHead);
  list(
    "differing",
    result.differing.map(({ path, where }) => `${path}, ${where}`),
  );
  return !result.onlyBase.length && !result.onlyHead.length && !result.differing.length;
}

const started = performance.now();
let exitCode: number;
try {
  const base = await worktree(values.base, "base");
  let head: { dir: string; label: string };
  if (values.head) head = await worktree(values.head, "head");
  else {
    const changed = git("status", "--porcelain", "--untracked-files=no").split("\n").filter(Boolean).length;
    head = {
      dir: ROOT,
      label: `this working tree (${git("rev-parse", "--short", "HEAD")}${changed ? ` + uncommitted changes in ${changed} file${changed === 1 ? "" : "s"}` : ""})`,
    };
  }
  console.log(`base: ${base.label}\nhead: ${head.label}`);

  const sets: { name: string; set: "sample" | "bench"; what: string; digests?: string[] }[] = [
    { name: "sample", set: "sample", what: "sample site, feeds, email, pages, derived.json" },
  ];
  if (values.bench) {
    console.error(`benchmark archive, from ${head.label}:`);
    sets.push({
      name: `benchmark archive ${BENCH_DAYS}×${BENCH_PER}`,
      set: "bench",
      what: `benchmark archive ${BENCH_DAYS}×${BENCH_PER}: site, feeds, email, pages, derived.json`,
      digests: await benchDigests(head.dir),
    });
  }
  let identical = true;
  let count = 0;
  for (const { name, set, digests } of sets) {
    for (const [side, tree] of [
      ["base", base],
      ["head", head],
    ] as const) {
      console.error(`${name}, ${side}:`);
      await build(tree.dir, set, join(temp, side, set), digests);
    }
    const result = compare(join(temp, "base", set), join(temp, "head", set));
    identical = report(name, result) && identical;
    count += result.same;
  }
  console.log(
    headLeftOut ? `left out: the run record at the head of the older ref's derived.json (its fingerprint and report); nothing else` : "left out: nothing",
  );
  console.log(`took ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (identical) console.log(`identical: ${count} files (${sets.map((s) => s.what).join("; ")})`);
  else console.log(`NOT identical: see above`);
  exitCode = identical ? 0 : 1;
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  exitCode = 1;
} finally {
  cleanUp();
}
process.exit(exitCode);
