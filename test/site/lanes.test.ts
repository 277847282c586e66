import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import { laysOutEverything } from "../../src/site/render-plan.ts";
import { buildSite, runningProcesses, sampleWithSources, tempContent, tempDir } from "../helpers.ts";
import { buildRecordOf as recordOf, listFiles, searchRecords, siteFilesBesidesSearch } from "./site-check.ts";

/**
 * `npm run build:site` on two cores: the paper pages and every other page laid out by two Eleventy processes at once
 * into one folder, the search index begun when the paper pages are done (src/site/lanes.ts). The folder, its search
 * index and the record the next build plans against must be what one process makes.
 */

const ROOT = resolve(import.meta.dirname, "..", "..");

/** The record of the last build into `out` (src/site/render-plan.ts keeps it in .cache/render-plan/, by the folder's path). */
/** The Eleventy processes building into `out`, by their command lines. */
function eleventyProcesses(out: string): number[] {
  return runningProcesses()
    .filter(({ args }) => args.includes(`--output=${resolve(out)}`) && args.some((arg) => arg.endsWith("cmd.cjs")))
    .map(({ pid }) => pid);
}

function expectSameFiles(a: string, b: string): void {
  const files = listFiles(b).sort();
  expect(listFiles(a).sort()).toEqual(files);
  expect(files.filter((file) => !readFileSync(join(a, file)).equals(readFileSync(join(b, file))))).toEqual([]);
}

describe("a build in two lanes", () => {
  const content = tempContent(sampleWithSources());
  ingest({ contentDir: content });
  const lanes = join(tempDir("lanes-"), "_site");
  const single = join(tempDir("lanes-single-"), "_site");

  it("lays out the site, its search index and its record as one process does, and takes out a deleted paper's page before indexing", () => {
    buildSite(content, lanes, { search: true });
    buildSite(content, single, { search: true, lanes: 1 });
    expectSameFiles(lanes, single);
    expect(recordOf(lanes)!.pages).toEqual(recordOf(single)!.pages);
    expect(Object.keys(recordOf(lanes)!.pages).length).toBeGreaterThan(100);
    // Each record lists the files its build left, the search index aside: what the next build takes out if it does not make them.
    for (const out of [lanes, single]) expect(recordOf(out)!.files).toEqual(siteFilesBesidesSearch(out));

    // A curator deletes a page: its page and its search record go, and the next build into either folder agrees.
    const [deleted] = searchRecords(lanes).map((record) => record.url.split("/")[2]);
    rmSync(join(content, "papers", `${deleted}.md`));
    buildSite(content, lanes, { search: true });
    buildSite(content, single, { search: true, lanes: 1 });
    expect(existsSync(join(lanes, "papers", deleted))).toBe(false);
    expect(searchRecords(lanes).map((record) => record.url)).not.toContain(`/papers/${deleted}/`);
    expectSameFiles(lanes, single);
    expect(recordOf(lanes)!.pages).toEqual(recordOf(single)!.pages);
    for (const out of [lanes, single]) expect(recordOf(out)!.files).toEqual(siteFilesBesidesSearch(out));
  }, 240_000);

  it("is chosen for a build that lays out every page: no record of the last build into the folder, or one of other code", () => {
    expect(laysOutEverything(join(tempDir("lanes-none-"), "_site"), content)).toBe(true);
    expect(laysOutEverything(single, content)).toBe(false);
    const trends = join(content, "trends.njk");
    const template = readFileSync(trends, "utf8");
    writeFileSync(trends, `${template}\n`);
    try {
      expect(laysOutEverything(single, content)).toBe(true);
    } finally {
      writeFileSync(trends, template);
    }
  });

  it("fails when a lane fails, leaves no record, and the next build lays out every page again", () => {
    const page = join(lanes, "papers", listFiles(join(lanes, "papers"))[0]);
    // A file only the other lane writes cannot be written (a folder is in its place): the paper pages' lane succeeds,
    // laying out nothing (its record stands), the build does not.
    rmSync(join(lanes, "robots.txt"));
    mkdirSync(join(lanes, "robots.txt"));
    const before = statSync(page).mtimeMs;
    expect(() => buildSite(content, lanes, { lanes: 2 })).toThrow(/Eleventy \(others\) failed/);
    expect(statSync(page).mtimeMs).toBe(before);
    expect(recordOf(lanes)).toBeUndefined();
    rmSync(join(lanes, "robots.txt"), { recursive: true });
    buildSite(content, lanes, { search: true, lanes: 2 });
    expect(statSync(page).mtimeMs).not.toBe(before);
    expectSameFiles(lanes, single);
  }, 240_000);

  it.skipIf(!existsSync("/proc/self/environ"))(
    "stops its Eleventy processes and removes its working folder when it is stopped",
    async () => {
      const out = join(tempDir("lanes-stopped-"), "_site");
      const runner = spawn(
        process.execPath,
        ["--import", "tsx", join(ROOT, "scripts", "build-site.ts"), `--output=${out}`, `--content=${content}`, "--lanes=2"],
        {
          cwd: ROOT,
          stdio: "ignore",
        },
      );
      const pause = () => new Promise((done) => setTimeout(done, 50));
      while (eleventyProcesses(out).length < 2) await pause();
      // The runner's working folder, where it told each lane to leave its record.
      const [record] = eleventyProcesses(out).map((pid) => /(?:^|\0)PAPER_DIGEST_RECORD=([^\0]+)/.exec(readFileSync(`/proc/${pid}/environ`, "utf8"))?.[1]);
      expect(existsSync(dirname(record!))).toBe(true);
      runner.kill("SIGTERM");
      await new Promise((done) => runner.on("close", done));
      // A second at most: the lanes, just begun, would take several to finish by themselves.
      for (let wait = 0; eleventyProcesses(out).length && wait < 20; wait++) await pause();
      expect(eleventyProcesses(out)).toEqual([]);
      expect(existsSync(dirname(record!))).toBe(false);
    },
    60_000,
  );
});
