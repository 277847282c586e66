import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import { bucketOf, parseShard, shardName, shardPlan } from "../../src/archive/shard.ts";
import { loadSiteSettings } from "../../src/store/settings.ts";
import { assembleShards } from "../../src/site/shards.ts";
import { ROOT, buildSite, runningProcesses, sampleWithSources, tempContent, tempDir } from "../helpers.ts";
import { searchSite } from "./pagefind-search.ts";
import { listFiles } from "./site-check.ts";

/** A paper first listed in 2024, so the archive spans two years. */
const LAST_YEAR = "Dec 31\n\nA Paper From Last Year\n\nWe study an old problem again and show that a simple method still works well on many benchmarks.\n";

/** The test archive's shards: two years of papers and of issues, its 129 authors (each with a page) in buckets of at most 50, its 57 topic pages in buckets of at most 20. */
const AUTHORS = ["authors:1-of-3", "authors:2-of-3", "authors:3-of-3"];
const TOPICS = ["topics:1-of-3", "topics:2-of-3", "topics:3-of-3"];
const PLAN = ["listings", "papers:2024", "papers:2025", "issues:2024", "issues:2025", ...AUTHORS, ...TOPICS];
const plannedShards = () => PLAN.map((id) => parseShard(id)!);

describe("sharded builds", () => {
  let content: string;
  let whole: string;
  beforeAll(() => {
    content = tempContent({ ...sampleWithSources(), "2024-12-31.txt": LAST_YEAR });
    // Search indexes of 30 pages: the single build's three parts cut across the years, 2025's shard has parts of its own.
    // A page for every author (129) and author shards of at most 50 of them: three buckets; topic pages of 5 papers,
    // so that topics have numbered pages, in shards of at most 20 pages: three buckets.
    const site = JSON.parse(readFileSync(join(content, "site.json"), "utf8"));
    writeFileSync(
      join(content, "site.json"),
      JSON.stringify({
        ...site,
        search: { pagesPerIndex: 30 },
        pageSize: 5,
        authors: { minPapers: 1 },
        build: { shardAbove: 30_000, authorsPerShard: 50, topicPagesPerShard: 20 },
      }),
    );
    ingest({ contentDir: content });
    whole = tempDir("shards-whole-");
    buildSite(content, whole, { search: true });
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
    }, 300_000);

    it.skipIf(!existsSync("/proc/self/cmdline"))(
      "stops its shards' jobs, and what they started, when it is stopped",
      async () => {
        const stoppedWork = tempDir("shards-stopped-");
        // A papers shard indexes its pages with Pagefind, whose npm wrapper runs the binary PAGEFIND_BINARY_PATH names:
        // here one that waits a minute, so the build is stopped while a job runs, four processes deep.
        const binary = join(stoppedWork, "pagefind-that-waits");
        writeFileSync(binary, `#!${process.execPath}\nsetTimeout(() => {}, 60_000);\n`, { mode: 0o755 });
        const runner = spawn(
          process.execPath,
          ["--import", "tsx", join(ROOT, "scripts", "build-shards.ts"), "--content", content, "--work", stoppedWork, "--site", join(stoppedWork, "_site")],
          { cwd: ROOT, env: { ...process.env, PAGEFIND_BINARY_PATH: binary }, stdio: "ignore" },
        );
        const ended = new Promise((done) => runner.on("close", done));
        const pause = () => new Promise((done) => setTimeout(done, 50));
        // The jobs (npm, the shell it starts, the shard's build, Pagefind's wrapper and binary) all name the work folder.
        const jobs = () => runningProcesses().filter(({ pid, args }) => pid !== runner.pid && args.join(" ").includes(stoppedWork));
        while (!runningProcesses().some(({ args }) => args.includes(binary))) await pause();
        runner.kill("SIGTERM");
        await ended;
        for (let wait = 0; jobs().length && wait < 40; wait++) await pause();
        expect(jobs()).toEqual([]);
      },
      120_000,
    );

    it("plans the listings, a papers and an issues shard per year, the author buckets and the topic buckets", () => {
      expect(shardPlan(content)).toEqual({ pages: 69, shards: plannedShards() });
      expect(readdirSync(work).sort()).toEqual(plannedShards().map(shardName).sort());
    });

    it("writes each page in one shard: its year's papers or issues, its bucket's authors or topic pages, the listings the rest", () => {
      const filesOf = (id: string) => listFiles(join(work, shardName(parseShard(id)!), "site")).filter((f) => !f.startsWith("pagefind/"));
      const written = new Map(PLAN.map((id) => [id, filesOf(id)]));
      expect(written.get("papers:2024")).toEqual(["papers/a-paper-from-last-year/index.html"]);
      expect(written.get("papers:2025")).toHaveLength(68);
      expect(written.get("papers:2025")!.every((f) => f.startsWith("papers/"))).toBe(true);
      for (const [year, date] of [
        ["2024", "2024-12-31"],
        ["2025", "2025-03-17"],
      ]) {
        const files = written.get(`issues:${year}`)!;
        expect(files, year).toEqual(expect.arrayContaining([`issues/${date}/index.html`, `newsletter/${date}/index.html`]));
        expect(
          files.every((f) => new RegExp(`^(issues|newsletter)/${year}-\\d\\d-\\d\\d/`).test(f)),
          year,
        ).toBe(true);
      }
      for (const bucket of [1, 2, 3]) {
        const files = written.get(`authors:${bucket}-of-3`)!;
        // A page and a feed for each of its share of the 129 authors.
        expect(files.length, `bucket ${bucket}`).toBeGreaterThan(40);
        for (const file of files) expect(bucketOf(/^authors\/([^/]+)\/(index\.html|feed\.xml)$/.exec(file)?.[1] ?? "", 3), file).toBe(bucket);
      }
      for (const bucket of [1, 2, 3]) {
        const files = written.get(`topics:${bucket}-of-3`)!;
        // Front pages and numbered pages, by their address.
        expect(
          files.some((f) => f.includes("/page/")),
          `bucket ${bucket}`,
        ).toBe(true);
        for (const file of files) {
          expect(file).toMatch(/^topics\/[^/]+\/(page\/\d+\/)?index\.html$/);
          expect(bucketOf(`/${file.replace(/index\.html$/, "")}`, 3), file).toBe(bucket);
        }
      }
      const listings = written.get("listings")!;
      expect(listings.filter((f) => /^(papers|newsletter)\/|^(issues|authors)\/[^/]+\/|^topics\/[^/]+\/(page\/|index\.html)/.test(f))).toEqual([]);
      expect(listings).toEqual(expect.arrayContaining(["topics/index.html", "topics/reinforcement-learning/feed.xml"]));
      // The listings shard's sitemap lists the pages it did not write.
      const sitemap = readFileSync(join(work, "listings", "site", "sitemaps/1.xml"), "utf8");
      for (const url of ["/papers/a-paper-from-last-year/", "/issues/2024-12-31/", `/${written.get("authors:2-of-3")![0].replace(/[^/]+$/, "")}`])
        expect(sitemap).toContain(`${url}</loc>`);

      // No file is written by two shards, and together they are the single build's files.
      const union = [...written.values()].flat();
      expect(new Set(union).size).toBe(union.length);
      expect(union.sort()).toEqual(
        listFiles(whole)
          .filter((f) => !f.startsWith("pagefind/"))
          .sort(),
      );
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
      // Folders named as actions/download-artifact names them, in another order than the plan's.
      for (const [i, shard] of plannedShards().reverse().entries())
        cpSync(join(work, shardName(shard)), join(shuffled, `${i}-shard-${shardName(shard)}`), { recursive: true });
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
      writeFileSync(join(copy, "papers-2024", "site", asset), readFileSync(join(site, asset)));
      // A shard of another plan (one built from another author count) is refused, as is a shard id that is no shard.
      cpSync(join(copy, "authors-1-of-3"), join(copy, "other"), { recursive: true });
      writeFileSync(join(copy, "other", "shard.json"), `${JSON.stringify({ shard: "authors:1-of-2" })}\n`);
      expect(() => assembleShards(copy, out, plan)).toThrow(`the archive's shards are ${PLAN.join(", ")}; not in the plan authors:1-of-2`);
      writeFileSync(join(copy, "other", "shard.json"), `${JSON.stringify({ shard: "authors:../../etc" })}\n`);
      expect(() => assembleShards(copy, out, plan)).toThrow('PAPER_DIGEST_SHARD="authors:../../etc": expected');
      rmSync(join(copy, "other"), { recursive: true });
      // A shard with no record of what it laid out, or one laid out with other code: the assembled site could not be
      // recorded as one build's.
      const record = join(copy, "topics-2-of-3", "record.json");
      const recorded = readFileSync(record, "utf8");
      rmSync(record);
      expect(() => assembleShards(copy, out, plan)).toThrow("shard topics:2-of-3: no record of what it laid out");
      writeFileSync(record, JSON.stringify({ ...JSON.parse(recorded), code: "other" }));
      expect(() => assembleShards(copy, out, plan)).toThrow(`the shards of the build into ${out} laid out with different code: rebuild`);
      writeFileSync(record, recorded);
      expect(() => assembleShards(copy, out, plan)).not.toThrow();
      renameSync(join(copy, "issues-2025"), join(copy, "unfinished"));
      rmSync(join(copy, "unfinished", "shard.json"));
      expect(() => assembleShards(copy, out, plan)).toThrow(`the archive's shards are ${PLAN.join(", ")}; missing issues:2025`);
    });
  });

  it("plans for the workflow: the matrix, large only past site.json's build.shardAbove paper pages, and the site's cache key", () => {
    const keys: string[] = [];
    const plan = (build?: { shardAbove: number; authorsPerShard?: number; topicPagesPerShard?: number }, env: Record<string, string> = {}) => {
      const site = JSON.parse(readFileSync(join(content, "site.json"), "utf8"));
      writeFileSync(join(content, "site.json"), JSON.stringify({ ...site, build }));
      const lines = execFileSync("npm", ["run", "--silent", "shards", "--", "plan", "--github", "--content", content], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, ...env },
      });
      const key = /\nsite-key=(site-[0-9a-f]{64})\n$/.exec(lines);
      expect(key, lines).not.toBeNull();
      keys.push(key![1]);
      return lines.slice(0, key!.index + 1);
    };
    const matrix = (shards: string[]) => `matrix=${JSON.stringify({ include: shards.map((shard) => ({ shard, name: shard.replace(":", "-") })) })}`;
    const build = { authorsPerShard: 50, topicPagesPerShard: 20 };
    expect(plan({ shardAbove: 68, ...build })).toBe(`large=true\n${matrix(PLAN)}\n`);
    // 129 authors: 43 a shard is three buckets, 42 four.
    expect(plan({ shardAbove: 69, ...build, authorsPerShard: 43 })).toBe(`large=false\n${matrix(PLAN)}\n`);
    const fourBuckets = [...PLAN.slice(0, 5), "authors:1-of-4", "authors:2-of-4", "authors:3-of-4", "authors:4-of-4", ...TOPICS];
    expect(plan({ shardAbove: 69, ...build, authorsPerShard: 42 })).toBe(`large=false\n${matrix(fourBuckets)}\n`);
    // A site.json written before the settings existed takes their defaults, as does the shipped one: 5,000 authors and
    // 1,000 topic pages a shard.
    const oneBucket = [...PLAN.slice(0, 5), "authors:1-of-1", "topics:1-of-1"];
    expect(plan()).toBe(`large=false\n${matrix(oneBucket)}\n`);
    // The site's cache key is the code its pages are laid out with: the settings (each site.json above differs) and the
    // site's address, not the pages.
    expect(plan(undefined, { SITE_URL: "https://example.org/digest/" })).toBe(`large=false\n${matrix(oneBucket)}\n`);
    expect(new Set(keys).size).toBe(5);
    expect(plan()).toBe(`large=false\n${matrix(oneBucket)}\n`);
    expect(keys.at(-1)).toBe(keys[3]);
    const defaults = { shardAbove: 30_000, authorsPerShard: 5_000, topicPagesPerShard: 1_000 };
    expect(loadSiteSettings(content).build).toEqual(defaults);
    expect(loadSiteSettings(join(ROOT, "content")).build).toEqual(defaults);
    // Six runs of the plan, each reading the archive: a loaded 2-core machine took 61 s for four.
  }, 180_000);

  it("refuses a shard it does not know", () => {
    expect(parseShard(undefined)).toBeUndefined();
    expect(parseShard("papers:2025")).toEqual({ kind: "papers", year: "2025" });
    expect(parseShard("papers")).toEqual({ kind: "papers" });
    expect(parseShard("issues:2024")).toEqual({ kind: "issues", year: "2024" });
    expect(parseShard("authors:2-of-3")).toEqual({ kind: "authors", bucket: 2, buckets: 3 });
    expect(parseShard("authors:9999-of-9999")).toEqual({ kind: "authors", bucket: 9999, buckets: 9999 });
    expect(parseShard("topics:1-of-1")).toEqual({ kind: "topics", bucket: 1, buckets: 1 });
    expect(parseShard("others")).toEqual({ kind: "others" });
    const expected =
      '"listings", "others", "papers", "papers:<year>", "issues:<year>", "authors:<k>-of-<n>" or "topics:<k>-of-<n>" (1 ≤ k ≤ n ≤ 9999), e.g. papers:2025, issues:2025, authors:2-of-5';
    expect(() => parseShard("papers:25")).toThrow(`PAPER_DIGEST_SHARD="papers:25": expected ${expected}`);
    // No shard names a path, a bucket outside its count, or a number with leading zeros (one shard, one id).
    for (const bad of [
      "issues",
      "issues:2024/../x",
      "authors:0-of-3",
      "authors:4-of-3",
      "authors:01-of-3",
      "authors:1-of-10000",
      "authors:1",
      "topics:2-of-1",
      "topic:1-of-1",
      "../listings",
      "listings ",
    ])
      expect(() => parseShard(bad), bad).toThrow(`PAPER_DIGEST_SHARD=${JSON.stringify(bad)}: expected`);
    expect(() => parseShard("x".repeat(100))).toThrow(`PAPER_DIGEST_SHARD="${"x".repeat(40)}…": expected`);
  });
});
