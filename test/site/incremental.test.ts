import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import { generatedArchive } from "../archive.ts";
import { ROOT, buildSite, readSample, sampleWithSources, tempContent, tempDir } from "../helpers.ts";
import { buildRecordOf, buildRecordPath, listFiles, siteFilesBesidesSearch } from "./site-check.ts";

/**
 * A site built day by day into one folder, each build laying out only the paper pages whose output changes
 * and newsletter pages that change (src/site/render-plan.ts), must be the site a build from scratch makes of the same content, byte for byte.
 * The builds day by day run as `npm run build:site` runs them (the first, which lays out every page, in two lanes on two
 * cores, src/site/lanes.ts; the others in one process); those from scratch to compare with in one process.
 */

/** Every listing page (issues, topics, authors) and author feed the render plan lays out, and its modification time. */
function listingTimes(site: string): Map<string, number> {
  return new Map(
    listFiles(site)
      .filter((file) => /^(issues[/\\]\d{4}-\d{2}-\d{2}|topics[/\\][^/\\]+|authors[/\\][^/\\]+)[/\\]/.test(file))
      .filter((file) => file.endsWith("index.html") || file.startsWith("authors"))
      .map((file) => [file, statSync(join(site, file)).mtimeMs]),
  );
}

/** Each paper page's (or, with `folder`, each newsletter page's) file and its modification time. */
function pageTimes(site: string, folder = "papers"): Map<string, number> {
  const dir = join(site, folder);
  return new Map(readdirSync(dir).map((slug) => [slug, statSync(join(dir, slug, "index.html")).mtimeMs]));
}

function expectSameSite(incremental: string, cold: string): void {
  const files = listFiles(cold);
  expect(listFiles(incremental)).toEqual(files);
  const differing = files.filter((file) => !readFileSync(join(incremental, file)).equals(readFileSync(join(cold, file))));
  expect(differing).toEqual([]);
}

describe("a site built day by day, laying out only the paper, newsletter and listing pages that change", () => {
  const content = tempContent();
  // The reader's window is the latest issue alone, so that most pages' records do not depend on the pages changed
  // below; topic and author pages of 5 papers, so that topics have numbered pages.
  const site = JSON.parse(readFileSync(join(content, "site.json"), "utf8"));
  writeFileSync(join(content, "site.json"), JSON.stringify({ ...site, recommend: { windowIssues: 1 }, pageSize: 5 }));
  const out = join(tempDir("incremental-"), "_site");
  const addAndBuild = (digests: Record<string, string>) => {
    for (const [name, text] of Object.entries(digests)) writeFileSync(join(content, "digests", name), text);
    ingest({ contentDir: content });
    buildSite(content, out);
  };
  const sources = sampleWithSources();
  const generated = generatedArchive({ weeks: 1, perDay: 12, start: "2025-03-18" }).digests;
  const [dayOne, dayTwo, dayThree] = Object.keys(generated).sort();

  it("is the site a build from scratch makes, after each day, a day with nothing new, and a page deleted", () => {
    addAndBuild({ "2025-03-17.txt": readSample() });
    // The real arXiv and Hugging Face listings, with their authors, then two more days.
    addAndBuild(Object.fromEntries(Object.entries(sources).filter(([name]) => name !== "2025-03-17.txt")));
    addAndBuild({ [dayOne]: generated[dayOne], [dayTwo]: generated[dayTwo] });

    // One more day: of the listings, the new issue's pages, its older neighbour's (whose "newer" link changes), and
    // each topic's front page and newest numbered pages are laid out; every topic page published before still is.
    const listings = listingTimes(out);
    const numbered = [...listings.keys()].filter((file) => /^topics[/\\].+[/\\]page[/\\]\d+[/\\]/.test(file));
    expect(numbered.length).toBeGreaterThan(20);
    expect([...listings.keys()].some((file) => /^authors[/\\].+[/\\]feed\.xml$/.test(file))).toBe(true);
    addAndBuild({ [dayThree]: generated[dayThree] });
    const relaidOut = [...listingTimes(out)].filter(([file, time]) => listings.get(file) !== time).map(([file]) => file);
    for (const file of numbered) expect(existsSync(join(out, file)), file).toBe(true);
    const topicsChanged = relaidOut.filter((file) => file.startsWith("topics"));
    const newestNumbered = (file: string) => {
      const [, topic, page] = /^topics[/\\]([^/\\]+)[/\\]page[/\\](\d+)[/\\]/.exec(file)!;
      const pages = readdirSync(join(out, "topics", topic, "page")).map(Number);
      return Number(page) >= Math.max(...pages) - 1;
    };
    expect(topicsChanged.filter((file) => file.includes("page") && !newestNumbered(file))).toEqual([]);
    expect(numbered.filter((file) => !topicsChanged.includes(file)).length).toBeGreaterThan(numbered.length / 3);
    const issuesChanged = relaidOut.filter((file) => file.startsWith("issues")).map((file) => file.split(/[/\\]/)[1]);
    expect([...new Set(issuesChanged)].sort()).toEqual([dayTwo.slice(0, 10), dayThree.slice(0, 10)]);
    // Numbered from the oldest: a topic's page 1 holds its oldest papers; its front page its newest.
    const [topicOne] = numbered.filter((file) => file.includes(`${join("page", "1")}`)).sort();
    expect(readFileSync(join(out, topicOne), "utf8")).toMatch(/Page 1: papers 1–5, counted from the topic's oldest/);

    const cold = join(tempDir("incremental-cold-"), "_site");
    buildSite(content, cold, { lanes: 1 });
    expectSameSite(out, cold);

    // Nothing new: no paper page, no newsletter page, no listing page and no author feed is laid out again.
    const before = pageTimes(out);
    const newsletters = pageTimes(out, "newsletter");
    const listingsBefore = listingTimes(out);
    expect(newsletters.size).toBeGreaterThan(2);
    buildSite(content, out);
    expect(pageTimes(out)).toEqual(before);
    expect(pageTimes(out, "newsletter")).toEqual(newsletters);
    expect(listingTimes(out)).toEqual(listingsBefore);

    // A page's file gone from the built folder (its page in content/ is there) is laid out again, and only it.
    const gone = [...before.keys()].sort()[5];
    rmSync(join(out, "papers", gone, "index.html"));
    buildSite(content, out);
    expect(readFileSync(join(out, "papers", gone, "index.html")).equals(readFileSync(join(cold, "papers", gone, "index.html")))).toBe(true);
    const relaid = [...pageTimes(out)].filter(([slug, time]) => before.get(slug) !== time).map(([slug]) => slug);
    expect(relaid).toEqual([gone]);

    // A curator edits one page and deletes another, both of the sample's issue: the one is laid out again, the
    // other's page removed, and most others stand.
    const ofSample = [...before.keys()]
      .filter((slug) => readFileSync(join(content, "papers", `${slug}.md`), "utf8").includes("issues:\n  - '2025-03-17'\nrank"))
      .sort();
    const [edited, deleted] = [ofSample[10], ofSample[20]];
    const editedFile = join(content, "papers", `${edited}.md`);
    writeFileSync(editedFile, readFileSync(editedFile, "utf8").replace(/\n$/, " Added by the curator.\n"));
    rmSync(join(content, "papers", `${deleted}.md`));
    buildSite(content, out);
    const after = pageTimes(out);
    expect(after.has(deleted)).toBe(false);
    expect(existsSync(join(out, "papers", deleted))).toBe(false);
    expect(after.get(edited)).not.toBe(before.get(edited));
    expect(readFileSync(join(out, "papers", edited, "index.html"), "utf8")).toContain("Added by the curator.");
    const unchanged = [...after].filter(([slug, time]) => before.get(slug) === time).length;
    expect(unchanged).toBeGreaterThan(after.size / 2);

    const coldAgain = join(tempDir("incremental-cold-"), "_site");
    buildSite(content, coldAgain, { lanes: 1 });
    expectSameSite(out, coldAgain);
  }, 300_000);
});

describe("a site built sharded, then day by day, as the Pages workflow builds a large archive", () => {
  it("records the assembled site as one build's: a build into it with nothing new lays out no page, the next day's is a build from scratch", () => {
    const { "hf-daily-2025-03-19.json": nextDay, ...firstDays } = sampleWithSources();
    const content = tempContent(firstDays);
    const site = join(tempDir("sharded-"), "_site");
    // The cold start: the ingest, every shard's job, the assembly (scripts/build-shards.ts).
    execFileSync("npm", ["run", "--silent", "build:shards", "--", "--content", content, "--work", tempDir("sharded-work-"), "--site", site], {
      cwd: ROOT,
      stdio: "pipe",
    });
    // The assembly's record: the shards' code, which is the plan's site-key (the workflow's cache key for the site), and the site's files.
    const record = buildRecordOf(site)!;
    expect(record.files).toEqual(siteFilesBesidesSearch(site));
    const plan = execFileSync("npm", ["run", "--silent", "shards", "--", "plan", "--github", "--content", content], { cwd: ROOT, encoding: "utf8" });
    expect(plan).toContain(`\nsite-key=site-${record.code}\n`);
    const [papers, newsletters, listings] = [pageTimes(site), pageTimes(site, "newsletter"), listingTimes(site)];
    expect(papers.size).toBeGreaterThan(50);
    expect(listings.size).toBeGreaterThan(20);

    // A record naming files outside the folder is not believed (the folder is walked): nothing outside it is removed.
    const outside = join(site, "..", "outside.txt");
    writeFileSync(outside, "not the site's");
    writeFileSync(buildRecordPath(site), JSON.stringify({ ...record, files: [...record.files, "../outside.txt"] }));
    buildSite(content, site);
    expect(readFileSync(outside, "utf8")).toBe("not the site's");
    expect(buildRecordOf(site)!.files).toEqual(siteFilesBesidesSearch(site));
    expect(pageTimes(site)).toEqual(papers);
    expect(pageTimes(site, "newsletter")).toEqual(newsletters);
    expect(listingTimes(site)).toEqual(listings);

    // The next day, with the search index: the single build's index takes the place of the shards'.
    writeFileSync(join(content, "digests", "hf-daily-2025-03-19.json"), nextDay);
    ingest({ contentDir: content });
    buildSite(content, site, { search: true });
    expect(buildRecordOf(site)!.files).toEqual(siteFilesBesidesSearch(site));
    // The arXiv API's day (2025-03-18) shares no paper with Hugging Face's: its issue and newsletter are as they were,
    // as are the topic pages and author pages of none of the new papers.
    expect(pageTimes(site).size).toBeGreaterThan(papers.size);
    const issue = join("issues", "2025-03-18", "index.html");
    expect(listingTimes(site).get(issue)).toBe(listings.get(issue));
    expect(pageTimes(site, "newsletter").get("2025-03-18")).toBe(newsletters.get("2025-03-18"));
    const untouched = [...listingTimes(site)].filter(([file, time]) => listings.get(file) === time);
    expect(untouched.length).toBeGreaterThan(listings.size / 5);
    const cold = join(tempDir("sharded-cold-"), "_site");
    buildSite(content, cold, { search: true });
    expect(listFiles(site)).toEqual(listFiles(cold));
    const differing = listFiles(cold).filter((file) => !file.startsWith("pagefind/") && !readFileSync(join(site, file)).equals(readFileSync(join(cold, file))));
    expect(differing).toEqual([]);
  }, 300_000);
});
