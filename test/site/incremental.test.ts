import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import { generatedArchive } from "../archive.ts";
import { buildSite, readSample, sampleWithSources, tempContent, tempDir } from "../helpers.ts";
import { listFiles } from "./site-check.ts";

/**
 * A site built day by day into one folder, each build laying out only the paper pages whose output changes
 * and newsletter pages that change (src/site/render-plan.ts), must be the site a build from scratch makes of the same content, byte for byte.
 */

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

describe("a site built day by day, laying out only the paper and newsletter pages that change", () => {
  const content = tempContent();
  // The reader's window is the latest issue alone, so that most pages' records do not depend on the pages changed below.
  const site = JSON.parse(readFileSync(join(content, "site.json"), "utf8"));
  writeFileSync(join(content, "site.json"), JSON.stringify({ ...site, recommend: { windowIssues: 1 } }));
  const out = join(tempDir("incremental-"), "_site");
  const addAndBuild = (digests: Record<string, string>) => {
    for (const [name, text] of Object.entries(digests)) writeFileSync(join(content, "digests", name), text);
    ingest({ contentDir: content });
    buildSite(content, out);
  };
  const sources = sampleWithSources();
  const generated = generatedArchive({ weeks: 1, perDay: 12, start: "2025-03-18" }).digests;
  const laterDays = Object.keys(generated).sort().slice(0, 2);

  it("is the site a build from scratch makes, after each day, a day with nothing new, and a page deleted", () => {
    addAndBuild({ "2025-03-17.txt": readSample() });
    // The real arXiv and Hugging Face listings, with their authors, then two more days.
    addAndBuild(Object.fromEntries(Object.entries(sources).filter(([name]) => name !== "2025-03-17.txt")));
    addAndBuild(Object.fromEntries(laterDays.map((name) => [name, generated[name]])));

    const cold = join(tempDir("incremental-cold-"), "_site");
    buildSite(content, cold);
    expectSameSite(out, cold);

    // Nothing new: no paper page and no newsletter page is laid out again.
    const before = pageTimes(out);
    const newsletters = pageTimes(out, "newsletter");
    expect(newsletters.size).toBeGreaterThan(2);
    buildSite(content, out);
    expect(pageTimes(out)).toEqual(before);
    expect(pageTimes(out, "newsletter")).toEqual(newsletters);

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
    buildSite(content, coldAgain);
    expectSameSite(out, coldAgain);
  }, 300_000);
});
