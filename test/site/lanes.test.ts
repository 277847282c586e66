import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import { laysOutEverything } from "../../src/site/render-plan.ts";
import { buildSite, sampleWithSources, tempContent, tempDir } from "../helpers.ts";
import { listFiles, searchRecords } from "./site-check.ts";

/**
 * `npm run build:site` on two cores: the paper pages and every other page laid out by two Eleventy processes at once
 * into one folder, the search index begun when the paper pages are done (src/site/lanes.ts). The folder, its search
 * index and the record the next build plans against must be what one process makes.
 */

/** The record of the last build into `out` (src/site/render-plan.ts keeps it in .cache/render-plan/, by the folder's path). */
function recordOf(out: string): { pages: Record<string, string> } | undefined {
  const path = join(".cache", "render-plan", `${createHash("sha256").update(resolve(out)).digest("hex").slice(0, 16)}.json`);
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : undefined;
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

    // A curator deletes a page: its page and its search record go, and the next build into either folder agrees.
    const [deleted] = searchRecords(lanes).map((record) => record.url.split("/")[2]);
    rmSync(join(content, "papers", `${deleted}.md`));
    buildSite(content, lanes, { search: true });
    buildSite(content, single, { search: true, lanes: 1 });
    expect(existsSync(join(lanes, "papers", deleted))).toBe(false);
    expect(searchRecords(lanes).map((record) => record.url)).not.toContain(`/papers/${deleted}/`);
    expectSameFiles(lanes, single);
    expect(recordOf(lanes)!.pages).toEqual(recordOf(single)!.pages);
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
    const before = statSync(page).mtimeMs;
    const trends = join(content, "trends.njk");
    const template = readFileSync(trends, "utf8");
    // A template only the other lane lays out, broken: the paper pages' lane succeeds, the build does not.
    writeFileSync(trends, `${template}\n{% if %}\n`);
    expect(() => buildSite(content, lanes)).toThrow(/Eleventy \(others\) failed/);
    expect(recordOf(lanes)).toBeUndefined();
    writeFileSync(trends, template);
    buildSite(content, lanes, { search: true });
    expect(statSync(page).mtimeMs).not.toBe(before);
    expectSameFiles(lanes, single);
  }, 240_000);
});
