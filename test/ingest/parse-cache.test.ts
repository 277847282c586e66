import { readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingest, type IngestResult } from "../../src/ingest/ingest.ts";
import { readStoredPages } from "../../src/store/read.ts";
import { ingestedFiles, readRealFixture, readSample, tempContent, tempDir } from "../helpers.ts";

/**
 * The ingest reads the pages through the build's parse cache (src/store/parse-cache.ts): two archives take the same
 * days, one keeping its parse cache from run to run and the other starting each run without one, and after each day
 * every file the ingest writes is compared byte for byte. A curator's edit that keeps the page's size and modification
 * time is seen all the same: the cache is keyed by the file's bytes.
 */

const SAMPLE = readSample();

const DAYS: [name: string, text: string][] = [
  ["2025-03-17.txt", SAMPLE],
  ["2025-03-18.json", readRealFixture("hf-daily-2026-05-08-llmpaperradar.json")],
  ["2025-03-19.xml", readRealFixture("arxiv-api-new-aiweeklyradar-2026-07-13-cs.AI_OR_cs.LG-50entries.xml")],
  ["2025-03-20.txt", SAMPLE.replace("Mar 17", "Mar 20")],
];
const YI = "yi-open-foundation-models-by-01-ai.md";

/** A curator's edit of one letter of the title: the same size, and the file's modification time put back. */
function editInPlace(content: string): string {
  const path = join(content, "papers", YI);
  const text = readFileSync(path, "utf8");
  const edited = text.replace(/^title: (.*)Open/m, "title: $1Opem");
  expect(edited).not.toBe(text);
  expect(Buffer.byteLength(edited)).toBe(Buffer.byteLength(text));
  const { atime, mtime } = statSync(path);
  writeFileSync(path, edited);
  utimesSync(path, atime, mtime);
  return edited;
}

const run = (content: string, parseCache: string): IngestResult => {
  const result = ingest({ contentDir: content, parseCache });
  expect(result.errors).toEqual([]);
  return result;
};

describe("the ingest's pages through the parse cache", () => {
  it("gives, day after day, every page, derived.json and the author list byte for byte as a run without it, and sees an edit of the same size", () => {
    const warm = { content: tempContent(), cache: tempDir("parse-cache-warm-") };
    const cold = { content: tempContent(), cache: tempDir("parse-cache-cold-") };
    DAYS.forEach(([name, text], day) => {
      for (const { content } of [warm, cold]) writeFileSync(join(content, "digests", name), text);
      // After the second day the Yi page is in the warm cache as the ingest wrote it; the curator then changes a letter.
      if (day === 2) for (const { content } of [warm, cold]) editInPlace(content);
      rmSync(cold.cache, { recursive: true, force: true });
      const full = run(cold.content, cold.cache);
      const cached = run(warm.content, warm.cache);
      expect(ingestedFiles(warm.content)).toEqual(ingestedFiles(cold.content));
      expect(cached.written).toEqual(full.written);
      if (day >= 2) expect(readFileSync(join(warm.content, "papers", YI), "utf8")).toMatch(/^title: .*Opem/m);
    });
    expect(readdirSync(warm.cache).length).toBe(1);
    const papers = join(warm.content, "papers");
    // Two threads, each with its half of the cache's shards, read what one thread reads without the cache.
    expect(readStoredPages(papers, 10, warm.cache)).toEqual(readStoredPages(papers, Infinity, null));
  });
});
