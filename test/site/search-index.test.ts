import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import type { Paper } from "../../src/model/paper.ts";
import { buildSearchIndex, indexedPart, partRanges, PARTS_FILE } from "../../src/site/search-index.ts";
import { loadSiteSettings } from "../../src/store/settings.ts";
import { ROOT, buildSite, runningProcesses, sampleWithSources, tempContent, tempDir } from "../helpers.ts";
import { listFiles, searchRecords } from "./site-check.ts";

/** Every file under a folder, by its bytes' hash. */
function filePrints(dir: string): Record<string, string> {
  return Object.fromEntries(
    listFiles(dir).map((f) => [
      f,
      createHash("sha1")
        .update(readFileSync(join(dir, f)))
        .digest("hex"),
    ]),
  );
}

describe("the search index of a real build", () => {
  let out: string;
  let content: string;
  let papers: Paper[];
  const parts = () => JSON.parse(readFileSync(join(out, "pagefind", PARTS_FILE), "utf8")) as string[];
  const dateOf = (url: string) => papers.find((p) => url === `/papers/${p.slug}/`)!.date;

  beforeAll(() => {
    content = tempContent(sampleWithSources());
    papers = ingest({ contentDir: content }).papers;
    out = tempDir("search-");
    buildSite(content, out);
  }, 120_000);

  it("indexes every paper page, and nothing else, in one bundle when they fit", async () => {
    const report = await buildSearchIndex(out, { pagesPerIndex: 1000 });
    expect(report).toEqual({ pages: papers.length, bundles: ["pagefind/"], reused: 0 });
    expect(parts()).toEqual([]);
    const urls = searchRecords(out)
      .map((r) => r.url)
      .sort();
    expect(urls).toEqual(papers.map((p) => `/papers/${p.slug}/`).sort());
  }, 60_000);

  it("splits a larger archive into parts of the given size, oldest first, each paper in exactly one", async () => {
    const report = await buildSearchIndex(out, { pagesPerIndex: 20 });
    const count = Math.ceil(papers.length / 20);
    expect(count).toBeGreaterThanOrEqual(3);
    expect(report.bundles).toEqual(["pagefind/", ...Array.from({ length: count - 1 }, (_, i) => `pagefind/part-${i + 2}/`)]);
    expect(parts()).toEqual(report.bundles.slice(1).map((b) => b.slice("pagefind/".length)));

    const perPart = report.bundles.map((bundle) => searchRecords(out, bundle).map((r) => r.url));
    expect(perPart.map((urls) => urls.length)).toEqual(perPart.map((_, i) => Math.min(20, papers.length - 20 * i)));
    expect(perPart.flat().sort()).toEqual(papers.map((p) => `/papers/${p.slug}/`).sort());
    // Date order: a new day only ever changes the last part.
    for (let i = 1; i < perPart.length; i++) {
      const latestBefore = perPart[i - 1].map(dateOf).sort().at(-1)!;
      const earliestHere = perPart[i].map(dateOf).sort()[0];
      expect(earliestHere >= latestBefore, `part ${i + 1} starts at ${earliestHere}, after ${latestBefore}`).toBe(true);
    }
    // Every part is a full bundle the search page can merge.
    for (const bundle of report.bundles) expect(existsSync(join(out, bundle, "pagefind-entry.json")), bundle).toBe(true);
  }, 60_000);

  it("leaves no part of an earlier split behind when the archive fits one index again", async () => {
    await buildSearchIndex(out, { pagesPerIndex: 20 });
    await buildSearchIndex(out, { pagesPerIndex: 1000 });
    expect(existsSync(join(out, "pagefind", "part-2"))).toBe(false);
    expect(parts()).toEqual([]);
  }, 60_000);

  it("copies the parts whose pages are unchanged from the cache, the same bytes as indexed afresh", async () => {
    await buildSearchIndex(out, { pagesPerIndex: 20 });
    const fresh = filePrints(join(out, "pagefind"));
    const cache = { dir: tempDir("search-cache-"), contentDir: content };
    const first = await buildSearchIndex(out, { pagesPerIndex: 20, cache });
    expect(first.reused).toBe(0);
    expect(filePrints(join(out, "pagefind"))).toEqual(fresh);
    const again = await buildSearchIndex(out, { pagesPerIndex: 20, cache });
    expect(again.reused).toBe(again.bundles.length);
    expect(filePrints(join(out, "pagefind"))).toEqual(fresh);
  }, 60_000);

  it("keeps the parts the last build placed where they are, and replaces the rest whole", async () => {
    const cache = { dir: tempDir("search-cache-"), contentDir: content };
    const first = await buildSearchIndex(out, { pagesPerIndex: 20, cache });
    const indexed = filePrints(join(out, "pagefind"));
    // A file's change time moves when it is linked again: a part kept in place keeps its files' times.
    const changeTime = (bundle: string) => statSync(join(out, bundle, "pagefind-entry.json")).ctimeMs;
    const times = first.bundles.map(changeTime);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await buildSearchIndex(out, { pagesPerIndex: 20, cache })).toEqual({ ...first, reused: first.bundles.length });
    expect(first.bundles.map(changeTime)).toEqual(times);
    expect(filePrints(join(out, "pagefind"))).toEqual(indexed);

    // A part whose entry file is not the cached part's (a site restored from elsewhere) is replaced whole, from the cache.
    // (A new file: the site's files are hard links into the cache, and writing through one would change the cached part.)
    rmSync(join(out, "pagefind", "part-2", "pagefind-entry.json"));
    writeFileSync(join(out, "pagefind", "part-2", "pagefind-entry.json"), "{}");
    writeFileSync(join(out, "pagefind", "part-2", "stale.txt"), "left by another build");
    expect((await buildSearchIndex(out, { pagesPerIndex: 20, cache })).reused).toBe(first.bundles.length);
    expect(filePrints(join(out, "pagefind"))).toEqual(indexed);
    expect(changeTime("pagefind/part-2/")).not.toBe(times[1]);
    expect(first.bundles.filter((bundle) => bundle !== "pagefind/part-2/").map(changeTime)).toEqual(times.filter((_, i) => i !== 1));

    // A part with a file more, or one fewer, than the cached part is replaced whole too.
    writeFileSync(join(out, "pagefind", "fragment", "stale.pf_fragment"), "a fragment of a page since removed");
    const fragments = join(out, "pagefind", "part-3", "fragment");
    rmSync(join(fragments, readdirSync(fragments)[0]));
    expect((await buildSearchIndex(out, { pagesPerIndex: 20, cache })).reused).toBe(first.bundles.length);
    expect(filePrints(join(out, "pagefind"))).toEqual(indexed);

    // An index laid out since by another build (its parts.json not the one recorded): nothing of it is kept.
    writeFileSync(join(out, "pagefind", PARTS_FILE), '["2025/"]\n');
    writeFileSync(join(out, "pagefind", "fragment", "stale.pf_fragment"), "a fragment of a page since removed");
    await buildSearchIndex(out, { pagesPerIndex: 20, cache });
    expect(filePrints(join(out, "pagefind"))).toEqual(indexed);
    expect(changeTime("pagefind/")).not.toBe(times[0]);
  }, 60_000);

  it("takes its record of what it placed away while it runs, and leaves no folder of its own in .cache", async () => {
    const cache = { dir: tempDir("search-cache-"), contentDir: content };
    await buildSearchIndex(out, { pagesPerIndex: 20, cache });
    const records = () => readdirSync(cache.dir).filter((name) => name.startsWith("placed-"));
    expect(records()).toHaveLength(1);
    // A stage folder of a build whose process is gone (a process that has exited: its id is free).
    const gone = spawnSync(process.execPath, ["-e", ""]).pid!;
    const stopped = join(ROOT, ".cache", `search-stage-${gone}-stopped`);
    mkdirSync(join(stopped, "previous-0", "fragment"), { recursive: true });
    writeFileSync(join(stopped, "previous-0", "fragment", "f.pf_fragment"), "x");
    // Untouched for an hour or more (a stage touched since may be a build's in another process namespace), and one
    // touched a minute ago, left.
    const hourAgo = new Date(Date.now() - 61 * 60_000);
    utimesSync(stopped, hourAgo, hourAgo);
    const recent = join(ROOT, ".cache", `search-stage-${gone}-recent`);
    mkdirSync(recent);
    utimesSync(recent, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const running = buildSearchIndex(out, { pagesPerIndex: 20, cache });
    // Until it has placed every part, a build that stopped would leave no record: the next would keep nothing in place.
    expect(records()).toEqual([]);
    await running;
    expect(records()).toHaveLength(1);
    expect(existsSync(stopped)).toBe(false);
    expect(existsSync(recent)).toBe(true);
    rmSync(recent, { recursive: true });
    expect(readdirSync(join(ROOT, ".cache")).filter((name) => name.startsWith(`search-stage-${process.pid}-`))).toEqual([]);
  }, 60_000);

  it("keeps the main bundle alone, without the other parts' folders in it, when it is indexed again beside them", async () => {
    const cache = { dir: tempDir("search-cache-"), contentDir: content };
    const before = await buildSearchIndex(out, { pagesPerIndex: 20, cache });
    // A page of the oldest part changes: the others are linked into pagefind/part-N/ while the main bundle is indexed.
    const [oldest] = searchRecords(out, before.bundles[0]);
    const file = join(content, "papers", `${oldest.url.split("/")[2]}.md`);
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace(/\n*$/, "\n\nA curator's added sentence about numbats.\n"));
    try {
      buildSite(content, out);
      const after = await buildSearchIndex(out, { pagesPerIndex: 20, cache });
      expect(after.reused).toBe(after.bundles.length - 1);
      for (const part of readdirSync(cache.dir).filter((name) => /^[0-9a-f]{32}$/.test(name)))
        expect(readdirSync(join(cache.dir, part)).filter((name) => name.startsWith("part-"))).toEqual([]);
    } finally {
      writeFileSync(file, text);
      buildSite(content, out);
    }
  }, 120_000);

  it("indexes again only the part whose page changed, and forgets the part it replaces", async () => {
    const cache = { dir: tempDir("search-cache-"), contentDir: content };
    const before = await buildSearchIndex(out, { pagesPerIndex: 20, cache });
    const [changed] = searchRecords(out, before.bundles[1]);
    const file = join(content, "papers", `${changed.url.split("/")[2]}.md`);
    writeFileSync(file, readFileSync(file, "utf8").replace(/\n*$/, "\n\nA curator's added sentence about quokkas.\n"));
    buildSite(content, out);
    const after = await buildSearchIndex(out, { pagesPerIndex: 20, cache });
    expect(after.reused).toBe(after.bundles.length - 1);
    expect(searchRecords(out, after.bundles[1]).find((r) => r.url === changed.url)!.content).toContain("quokkas");
    expect(readdirSync(cache.dir).sort()).toEqual([
      ...after.bundles.map(() => expect.stringMatching(/^[0-9a-f]{32}$/)),
      "pages.json",
      expect.stringMatching(/^placed-[0-9a-f]{16}\.json$/),
    ]);
  }, 120_000);

  it("takes what it indexes of a page its last run saw from its record, by the file's size and time, and reads the others", async () => {
    const cache = { dir: tempDir("search-cache-"), contentDir: content };
    const first = await buildSearchIndex(out, { pagesPerIndex: 20, cache });
    const prints = JSON.parse(readFileSync(join(cache.dir, "pages.json"), "utf8")) as Record<string, [number, string, string, string]>;
    expect(Object.keys(prints).sort()).toEqual(readdirSync(join(out, "papers")).sort());
    // A record that says otherwise of one page of the second part than its file does: believed while the file's size
    // and time match (the part's key changes, so it is indexed again), not once they differ.
    const slug = searchRecords(out, first.bundles[1])[0].url.split("/")[2];
    const told = (print: string) => writeFileSync(join(cache.dir, "pages.json"), JSON.stringify({ ...prints, [slug]: [...prints[slug].slice(0, 3), print] }));
    told("another print");
    expect((await buildSearchIndex(out, { pagesPerIndex: 20, cache })).reused).toBe(first.bundles.length - 1);
    expect(JSON.parse(readFileSync(join(cache.dir, "pages.json"), "utf8"))[slug][3]).toBe("another print");
    writeFileSync(join(cache.dir, "pages.json"), JSON.stringify({ ...prints, [slug]: [prints[slug][0] + 1, ...prints[slug].slice(1, 3), "another print"] }));
    expect((await buildSearchIndex(out, { pagesPerIndex: 20, cache })).reused).toBe(first.bundles.length - 1);
    expect(JSON.parse(readFileSync(join(cache.dir, "pages.json"), "utf8"))).toEqual(prints);
    // The same size at another time: read again too.
    writeFileSync(join(cache.dir, "pages.json"), JSON.stringify({ ...prints, [slug]: [prints[slug][0], "1", prints[slug][2], "another print"] }));
    expect((await buildSearchIndex(out, { pagesPerIndex: 20, cache })).reused).toBe(first.bundles.length);
    expect(JSON.parse(readFileSync(join(cache.dir, "pages.json"), "utf8"))).toEqual(prints);
    // A record that is no JSON: every page is read.
    writeFileSync(join(cache.dir, "pages.json"), "{");
    expect((await buildSearchIndex(out, { pagesPerIndex: 20, cache })).reused).toBe(first.bundles.length);
  }, 120_000);

  it("reuses the part of a paper listed again, whose page changes outside what is indexed, the same bytes as indexed afresh", async () => {
    const cache = { dir: tempDir("search-cache-"), contentDir: content };
    const before = await buildSearchIndex(out, { pagesPerIndex: 20, cache });
    const [relisted] = searchRecords(out, before.bundles[1]);
    const slug = relisted.url.split("/")[2];
    const pageBefore = readFileSync(join(out, "papers", slug, "index.html"), "utf8");
    const file = join(content, "papers", `${slug}.md`);
    const text = readFileSync(file, "utf8");
    const lastIssue = /^issues:\n(?: {2}- '\d{4}-\d{2}-\d{2}'\n)+/m.exec(text)!;
    writeFileSync(file, text.replace(lastIssue[0], `${lastIssue[0]}  - '2099-01-01'\n`));
    buildSite(content, out);
    const pageAfter = readFileSync(join(out, "papers", slug, "index.html"), "utf8");
    expect(pageAfter).not.toEqual(pageBefore);
    expect(pageAfter).toContain("again on");
    const after = await buildSearchIndex(out, { pagesPerIndex: 20, cache });
    expect(after.reused).toBe(after.bundles.length);
    const reused = filePrints(join(out, "pagefind"));
    await buildSearchIndex(out, { pagesPerIndex: 20 });
    expect(reused).toEqual(filePrints(join(out, "pagefind")));
    writeFileSync(file, text);
    buildSite(content, out);
  }, 180_000);

  it("indexes the pages of a part still filling in smaller parts, and a new day again only the newest of them", async () => {
    const cache = { dir: tempDir("search-cache-"), contentDir: content };
    const pagesPerIndex = 40;
    const pagesPerNewPart = 10;
    const report = await buildSearchIndex(out, { pagesPerIndex, pagesPerNewPart, cache });
    const sizes = partRanges(papers.length, pagesPerIndex, pagesPerNewPart).map(([start, end]) => end - start);
    expect(sizes.slice(0, 2)).toEqual([40, 10]);
    const perPart = report.bundles.map((bundle) => searchRecords(out, bundle).map((r) => r.url));
    expect(perPart.map((urls) => urls.length)).toEqual(sizes);
    expect(perPart.flat().sort()).toEqual(papers.map((p) => `/papers/${p.slug}/`).sort());
    // A change to the newest paper's page: only the last small part is indexed again.
    const newest = perPart.at(-1)![0];
    const file = join(content, "papers", `${newest.split("/")[2]}.md`);
    writeFileSync(file, readFileSync(file, "utf8").replace(/\n*$/, "\n\nA curator's added sentence about wombats.\n"));
    buildSite(content, out);
    const after = await buildSearchIndex(out, { pagesPerIndex, pagesPerNewPart, cache });
    expect(after.bundles).toEqual(report.bundles);
    expect(after.reused).toBe(after.bundles.length - 1);
    expect(searchRecords(out, after.bundles.at(-1)).find((r) => r.url === newest)!.content).toContain("wombats");
  }, 120_000);

  it.skipIf(!existsSync("/proc/self/cmdline"))(
    "stops Pagefind, and the binary its npm wrapper runs, when the build is stopped",
    async () => {
      const dir = tempDir("search-stopped-");
      // Pagefind's npm wrapper runs the binary PAGEFIND_BINARY_PATH names (node_modules/pagefind/lib/resolveBinary.js):
      // here one that waits a minute, so the build is stopped while it runs.
      const binary = join(dir, "pagefind-that-waits");
      writeFileSync(binary, `#!${process.execPath}\nsetTimeout(() => {}, 60_000);\n`, { mode: 0o755 });
      const runner = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "search-index.ts"), `--site=${out}`, `--content=${content}`], {
        cwd: dir,
        env: { ...process.env, PAGEFIND_BINARY_PATH: binary },
        stdio: "ignore",
      });
      const closed = new Promise((done) => runner.on("close", done));
      const pause = () => new Promise((done) => setTimeout(done, 50));
      // The wrapper and the binary both index `out`.
      const indexing = () => runningProcesses().filter(({ args }) => args.some((arg, i) => arg === "--site" && args[i + 1] === out));
      while (!indexing().some(({ args }) => args.includes(binary))) await pause();
      expect(indexing().length).toBe(2);
      runner.kill("SIGTERM");
      await closed;
      for (let wait = 0; indexing().length && wait < 20; wait++) await pause();
      expect(indexing()).toEqual([]);
    },
    60_000,
  );

  it("refuses a part size that is not a positive whole number", async () => {
    await expect(buildSearchIndex(out, { pagesPerIndex: 0 })).rejects.toThrow(/search.pagesPerIndex must be a positive whole number, not 0/);
    await expect(buildSearchIndex(out, { pagesPerIndex: 2.5 })).rejects.toThrow(/not 2.5/);
    await expect(buildSearchIndex(out, { pagesPerIndex: 20, pagesPerNewPart: 0 })).rejects.toThrow(
      /search.pagesPerNewPart must be a positive whole number, not 0/,
    );
  });
});

describe("what a part's key reads of a page", () => {
  const page = (lede: string, href: string, note: string) =>
    `<html><body><nav><a href="/">Home</a></nav><article class="paper" data-pagefind-body><h1>Title</h1>` +
    `<p><a href="${href}">Ada Lovelace</a></p><div data-pagefind-ignore><p class="lede">${lede} <time data-pagefind-meta="date">2025-03-17</time></p>` +
    `<div><p>nested</p></div><img src="x.png" data-pagefind-ignore></div><p data-pagefind-ignore>Keywords: ${note}</p>` +
    `<section class="abstract"><h2 id="abstract">Abstract</h2><p>We study wombats.</p></section></article>` +
    `<script type="application/json">{"window":"${note}"}</script></body></html>`;

  it("is the indexed element less what it ignores and its links' targets", () => {
    const part = indexedPart(page("In the issue of", "/authors/ada/", "x"));
    expect(part).toContain("<h1>Title</h1>");
    expect(part).toContain("Ada Lovelace");
    expect(part).toContain("We study wombats.");
    expect(part).toContain('data-pagefind-meta="date">2025-03-17');
    for (const outside of ["In the issue of", "nested", "Keywords", "Home", "/authors/ada/", "window"]) expect(part).not.toContain(outside);
  });

  it("changes with the indexed text and the meta values, not with what Pagefind ignores", () => {
    const base = indexedPart(page("In the issue of", "/authors/ada/", "x"));
    expect(indexedPart(page("Again on 2025-03-20", "/search/?q=Ada", "y"))).toEqual(base);
    expect(indexedPart(page("In the issue of", "/authors/ada/", "x").replace("wombats", "quokkas"))).not.toEqual(base);
    expect(indexedPart(page("In the issue of", "/authors/ada/", "x").replace(">2025-03-17<", ">2025-03-18<"))).not.toEqual(base);
  });

  it("is the whole page when nothing is marked for indexing", () => {
    expect(indexedPart("<p>plain</p>")).toEqual("<p>plain</p>");
  });
});

describe("the search index's parts", () => {
  it("are whole blocks of pagesPerIndex, then the filling block in parts of pagesPerNewPart", () => {
    expect(partRanges(0, 15, 5)).toEqual([]);
    expect(partRanges(4, 15, 5)).toEqual([[0, 4]]);
    expect(partRanges(12, 15, 5)).toEqual([
      [0, 5],
      [5, 10],
      [10, 12],
    ]);
    expect(partRanges(32, 15, 5)).toEqual([
      [0, 15],
      [15, 30],
      [30, 32],
    ]);
    expect(partRanges(32, 15)).toEqual([
      [0, 15],
      [15, 30],
      [30, 32],
    ]);
    expect(partRanges(7, 5, 50)).toEqual([
      [0, 5],
      [5, 7],
    ]);
  });

  it("keep their bounds as pages are added: only the last part is new, and the small parts of a block become one when it fills", () => {
    for (let total = 1; total < 200; total++) {
      const before = partRanges(total, 37, 8);
      const after = partRanges(total + 1, 37, 8);
      const last = after.at(-1)!;
      expect(last[1], `${total} → ${total + 1}`).toBe(total + 1);
      // Every other part is one of before's, unchanged.
      expect(after.slice(0, -1), `${total} → ${total + 1}`).toEqual(before.filter(([, end]) => end <= last[0]));
      expect(last[1] - last[0]).toBe((total + 1) % 37 === 0 ? 37 : ((total + 1) % 37) % 8 || 8);
    }
  });
});

describe("the search setting", () => {
  it("is 10,000 pages per index in the shipped site.json, and in a site.json written before it existed", () => {
    expect(loadSiteSettings(join(ROOT, "content")).search).toEqual({ pagesPerIndex: 10_000, pagesPerNewPart: 2_500 });
    const dir = tempDir("settings-");
    const { search, ...older } = JSON.parse(readFileSync(join(ROOT, "content", "site.json"), "utf8"));
    expect(search).toBeDefined();
    writeFileSync(join(dir, "site.json"), JSON.stringify(older));
    expect(loadSiteSettings(dir).search).toEqual({ pagesPerIndex: 10_000, pagesPerNewPart: 2_500 });
    writeFileSync(join(dir, "site.json"), JSON.stringify({ ...older, search: { pagesPerIndex: 500 } }));
    expect(loadSiteSettings(dir).search).toEqual({ pagesPerIndex: 500, pagesPerNewPart: 2_500 });
  });
});
