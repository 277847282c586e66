import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import { parseShard } from "../../src/archive/shard.ts";
import { buildSite, sampleWithSources, tempContent, tempDir } from "../helpers.ts";
import { listFiles } from "./site-check.ts";

/** A paper first listed in 2024, so the archive spans two years. */
const LAST_YEAR = "Dec 31\n\nA Paper From Last Year\n\nWe study an old problem again and show that a simple method still works well on many benchmarks.\n";

describe("sharded builds", () => {
  let content: string;
  let whole: string;
  beforeAll(() => {
    content = tempContent({ ...sampleWithSources(), "2024-12-31.txt": LAST_YEAR });
    ingest({ contentDir: content });
    whole = tempDir("shards-whole-");
    buildSite(content, whole);
  }, 120_000);

  it("are, together, the whole site byte for byte, each page written by one shard", () => {
    const shards = ["listings", "papers:2024", "papers:2025"].map((shard) => {
      const out = tempDir("shard-");
      buildSite(content, out, { env: { PAPER_DIGEST_SHARD: shard } });
      return { shard, out, files: listFiles(out).filter((f) => !f.startsWith("assets/")) };
    });
    const [listings, y2024, y2025] = shards;
    expect(y2024.files).toEqual(["papers/a-paper-from-last-year/index.html"]);
    expect(y2025.files).toHaveLength(68);
    expect(y2025.files.every((f) => f.startsWith("papers/"))).toBe(true);
    expect(listings.files.some((f) => f.startsWith("papers/"))).toBe(false);

    const union = shards.flatMap((s) => s.files.map((file) => ({ file, out: s.out })));
    expect(union.map((u) => u.file).sort()).toEqual(
      listFiles(whole)
        .filter((f) => !f.startsWith("assets/"))
        .sort(),
    );
    for (const { file, out } of union) expect(readFileSync(join(out, file), "utf8"), file).toBe(readFileSync(join(whole, file), "utf8"));
    // The listings shard's sitemap lists the papers it did not write.
    expect(readFileSync(join(listings.out, "sitemaps/1.xml"), "utf8")).toContain("/papers/a-paper-from-last-year/</loc>");
  }, 120_000);

  it("build the same bytes whatever order the template files were created in (a fresh clone's differs)", () => {
    // Eleventy dates a page without a date by its file's creation time: create the templates anew, in reverse order.
    for (const file of listFiles(content)
      .filter((f) => f.endsWith(".njk"))
      .reverse()) {
      const text = readFileSync(join(content, file));
      rmSync(join(content, file));
      writeFileSync(join(content, file), text);
    }
    const again = tempDir("shards-again-");
    buildSite(content, again);
    expect(listFiles(again)).toEqual(listFiles(whole));
    for (const file of listFiles(whole)) expect(readFileSync(join(again, file), "utf8"), file).toBe(readFileSync(join(whole, file), "utf8"));
  }, 120_000);

  it("refuses a shard it does not know", () => {
    expect(parseShard(undefined)).toBeUndefined();
    expect(parseShard("papers:2025")).toEqual({ kind: "papers", year: "2025" });
    expect(parseShard("papers")).toEqual({ kind: "papers" });
    expect(() => parseShard("papers:25")).toThrow('PAPER_DIGEST_SHARD="papers:25": expected "listings", "papers" or "papers:<year>", e.g. papers:2025');
  });
});
