import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import { parseShard, shardPlan } from "../../src/archive/shard.ts";
import { loadSiteSettings } from "../../src/store/settings.ts";
import { assembleShards } from "../../src/site/shards.ts";
import { ROOT, buildSite, sampleWithSources, tempContent, tempDir } from "../helpers.ts";
import { searchSite } from "./pagefind-search.ts";
import { listFiles } from "./site-check.ts";

/** A paper first listed in 2024, so the archive spans two years. */
const LAST_YEAR = "Dec 31\n\nA Paper From Last Year\n\nWe study an old problem again and show that a simple method still works well on many benchmarks.\n";

describe("sharded builds", () => {
  let content: string;
  let whole: string;
  beforeAll(() => {
    content = tempContent({ ...sampleWithSources(), "2024-12-31.txt": LAST_YEAR });
    // Search indexes of 30 pages: the single build's three parts cut across the years, 2025's shard has parts of its own.
    const site = JSON.parse(readFileSync(join(content, "site.json"), "utf8"));
    writeFileSync(join(content, "site.json"), JSON.stringify({ ...site, search: { pagesPerIndex: 30 } }));
    ingest({ contentDir: content });
    whole = tempDir("shards-whole-");
    buildSite(content, whole, { search: true });
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
        .filter((f) => !f.startsWith("assets/") && !f.startsWith("pagefind/"))
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
    const pages = listFiles(whole).filter((f) => !f.startsWith("pagefind/"));
    expect(listFiles(again)).toEqual(pages);
    for (const file of pages) expect(readFileSync(join(again, file), "utf8"), file).toBe(readFileSync(join(whole, file), "utf8"));
  }, 120_000);

  describe("built by npm run build:shards", () => {
    let work: string;
    let site: string;
    beforeAll(() => {
      work = tempDir("shards-work-");
      site = join(tempDir("shards-site-"), "_site");
      execFileSync("npm", ["run", "--silent", "build:shards", "--", "--content", content, "--work", work, "--site", site], { cwd: ROOT, stdio: "pipe" });
    }, 180_000);

    it("plans a listings shard and a papers shard per year", () => {
      expect(shardPlan(content)).toEqual({
        pages: 69,
        shards: [{ kind: "listings" }, { kind: "papers", year: "2024" }, { kind: "papers", year: "2025" }],
      });
      expect(readdirSync(work).sort()).toEqual(["listings", "papers-2024", "papers-2025"]);
    });

    it("is the single build byte for byte outside the search index", () => {
      const files = (dir: string) => listFiles(dir).filter((f) => !f.startsWith("pagefind/"));
      expect(files(site).sort()).toEqual(files(whole).sort());
      for (const file of files(whole)) expect(readFileSync(join(site, file)).equals(readFileSync(join(whole, file))), file).toBe(true);
      // The oldest year's index is the main bundle; 2025's 68 pages are three bundles of their own (30 + 30 + 8), listed after it.
      expect(JSON.parse(readFileSync(join(site, "pagefind/parts.json"), "utf8"))).toEqual(["2025/", "2025-2/", "2025-3/"]);
      expect(JSON.parse(readFileSync(join(whole, "pagefind/parts.json"), "utf8"))).toEqual(["part-2/", "part-3/"]);
    });

    it("finds with Pagefind's own search what the single build's index finds", async () => {
      // Words of titles and abstracts, authors' names, and a word of papers of both years.
      const queries = ["OLMo", "diffusion", "halpern", "benchmarks", "Pete Walsh", "Qiying Yu", "problem", "simple method"];
      const [sharded, single] = [await searchSite(site, queries), await searchSite(whole, queries)];
      expect(sharded).toEqual(single);
      for (const query of queries) expect(single[query].length, query).toBeGreaterThan(0);
      expect(single.problem).toContain("/papers/a-paper-from-last-year/");
      expect(single.problem.some((url) => url !== "/papers/a-paper-from-last-year/")).toBe(true);
    }, 60_000);

    it("assembles the same site whatever order the shards' folders come in", () => {
      const shuffled = tempDir("shards-shuffled-");
      for (const [name, as] of [
        ["papers-2025", "a"],
        ["listings", "b"],
        ["papers-2024", "c"],
      ])
        cpSync(join(work, name), join(shuffled, as), { recursive: true });
      const again = join(tempDir("shards-again-"), "_site");
      assembleShards(shuffled, again, shardPlan(content).shards);
      expect(listFiles(again).sort()).toEqual(listFiles(site).sort());
      for (const file of listFiles(site)) expect(readFileSync(join(again, file)).equals(readFileSync(join(site, file))), file).toBe(true);
    });

    it("refuses shards that disagree on a file, or a missing shard", () => {
      const copy = tempDir("shards-conflict-");
      cpSync(work, copy, { recursive: true });
      const asset = listFiles(join(copy, "listings", "site")).find((f) => f.startsWith("assets/"))!;
      const plan = shardPlan(content).shards;
      const out = join(copy, "_site");
      // The same file with the same bytes from two shards is fine (both could copy the assets).
      cpSync(join(copy, "listings", "site", asset), join(copy, "papers-2024", "site", asset));
      expect(() => assembleShards(copy, out, plan)).not.toThrow();
      writeFileSync(join(copy, "papers-2024", "site", asset), "changed");
      expect(() => assembleShards(copy, out, plan)).toThrow(`${asset}: written by shards listings and papers:2024 with different bytes`);
      // The failed assembly left the last good site in place.
      expect(readFileSync(join(out, asset)).equals(readFileSync(join(site, asset)))).toBe(true);
      renameSync(join(copy, "papers-2025"), join(copy, "unfinished"));
      rmSync(join(copy, "unfinished", "shard.json"));
      expect(() => assembleShards(copy, out, plan)).toThrow("the archive's shards are listings, papers:2024, papers:2025; missing papers:2025");
    });
  });

  it("plans for the workflow: the matrix, and sharded only past site.json's build.shardAbove paper pages", () => {
    const plan = (shardAbove?: number) => {
      const site = JSON.parse(readFileSync(join(content, "site.json"), "utf8"));
      writeFileSync(join(content, "site.json"), JSON.stringify({ ...site, build: shardAbove === undefined ? undefined : { shardAbove } }));
      return execFileSync("npm", ["run", "--silent", "shards", "--", "plan", "--github", "--content", content], { cwd: ROOT, encoding: "utf8" });
    };
    const matrix = `matrix={"include":[{"shard":"listings","name":"listings"},{"shard":"papers:2024","name":"papers-2024"},{"shard":"papers:2025","name":"papers-2025"}]}`;
    expect(plan(68)).toBe(`sharded=true\n${matrix}\n`);
    expect(plan(69)).toBe(`sharded=false\n${matrix}\n`);
    // A site.json written before the setting existed takes its default, as does the shipped one.
    expect(plan()).toBe(`sharded=false\n${matrix}\n`);
    expect(loadSiteSettings(content).build).toEqual({ shardAbove: 30_000 });
    expect(loadSiteSettings(join(ROOT, "content")).build).toEqual({ shardAbove: 30_000 });
  });

  it("refuses a shard it does not know", () => {
    expect(parseShard(undefined)).toBeUndefined();
    expect(parseShard("papers:2025")).toEqual({ kind: "papers", year: "2025" });
    expect(parseShard("papers")).toEqual({ kind: "papers" });
    expect(() => parseShard("papers:25")).toThrow('PAPER_DIGEST_SHARD="papers:25": expected "listings", "papers" or "papers:<year>", e.g. papers:2025');
  });
});
