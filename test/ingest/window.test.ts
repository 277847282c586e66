import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import { readPageFiles, type PaperItem } from "../../src/archive/paper-files.ts";
import { readDerived } from "../../src/store/derived.ts";
import { buildWindow, windowSource } from "../../src/recommend/window.ts";
import { sampleWithSources, tempContent } from "../helpers.ts";

/** The archive's issues, newest first, as the build's archive model gives them to the window. */
function issuesOf(content: string) {
  const pages = readPageFiles(join(content, "papers")) as PaperItem[];
  const dates = [...new Set(pages.flatMap((p) => p.data.issues))].sort().reverse();
  return dates.map((date) => ({ date, papers: pages.filter((p) => p.data.issues.includes(date)).map(windowSource) }));
}

describe("the window's features, computed by the ingest", () => {
  const content = tempContent(sampleWithSources());
  const site = JSON.parse(readFileSync(join(content, "site.json"), "utf8"));
  writeFileSync(join(content, "site.json"), JSON.stringify({ ...site, recommend: { windowIssues: 2 } }));
  ingest({ contentDir: content });
  const derived = readDerived(content)!;
  const issues = issuesOf(content);

  it("are written for the papers of the latest windowIssues issues, and no others", () => {
    const inWindow = new Set(issues.slice(0, 2).flatMap((issue) => issue.papers.map((p) => p.slug)));
    expect(issues.length).toBeGreaterThan(2);
    expect(inWindow.size).toBeGreaterThan(5);
    expect(new Set(Object.keys(derived).filter((slug) => derived[slug].features))).toEqual(inWindow);
  });

  it("are what the build computes itself, byte for byte, and the build takes them", () => {
    const fromIngest = buildWindow(issues, 2, derived);
    const computed = buildWindow(issues, 2);
    expect(fromIngest.fromIngest).toBe(true);
    expect(computed.fromIngest).toBe(false);
    expect(fromIngest.json).toBe(computed.json);
    expect(fromIngest.url).toBe(computed.url);
  });

  it("are not taken for another window", () => {
    expect(buildWindow(issues, 1, derived).fromIngest).toBe(false);
    expect(buildWindow(issues, 3, derived).fromIngest).toBe(false);
  });

  it("are not taken once a curator has edited a window paper's words: the build computes them from the page", () => {
    const paper = issues[0].papers[0];
    const page = join(content, "papers", `${paper.slug}.md`);
    const other = issues[0].papers[1];
    writeFileSync(page, readFileSync(page, "utf8").replace(/\n$/, ` ${other.title}. ${other.abstract}`));
    const edited = issuesOf(content);
    const built = buildWindow(edited, 2, derived);
    expect(built.fromIngest).toBe(false);
    expect(built.json).toBe(buildWindow(edited, 2).json);
    expect(built.vectors.get(paper.slug)).not.toEqual(derived[paper.slug].features);
  });
});
