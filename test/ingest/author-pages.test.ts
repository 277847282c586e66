import { appendFileSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import { linkedAuthorCounts } from "../../src/model/authors.ts";
import { InputError } from "../../src/platform/input-error.ts";
import { authorPagesPath, readAuthorPages } from "../../src/store/author-pages.ts";
import { sampleWithSources, tempContent } from "../helpers.ts";

/** The ingest keeps content/author-pages.txt (src/store/author-pages.ts): adds whoever reaches the threshold, removes no one. */

function run(contentDir: string, force = false) {
  const lines: string[] = [];
  const result = ingest({ contentDir, force, log: (line) => lines.push(line) });
  return { ...result, output: lines.join("\n") };
}

const FREQUENT = ["basil-mustafa", "lucas-beyer", "xiaohua-zhai"];

describe("the ingest's list of author pages", () => {
  it("starts a new archive's list with the authors of two or more papers, and says whom it added", () => {
    const dir = tempContent(sampleWithSources());
    const first = run(dir);
    expect(readAuthorPages(dir)).toEqual(FREQUENT);
    expect(first.output).toContain(`author pages: 3 added to ${authorPagesPath(dir).replace(/^.*\.cache/, ".cache")}`);
    expect(first.output).toContain("basil-mustafa, lucas-beyer, xiaohua-zhai; 3 authors have a page");
    // Unchanged input: the run is skipped, the list stands, unwritten.
    const before = statSync(authorPagesPath(dir));
    expect(run(dir).skipped).toBe(true);
    const forced = run(dir, true);
    expect(forced.output).not.toContain("author pages:");
    expect(statSync(authorPagesPath(dir)).ino).toBe(before.ino);
  });

  it("with minPapers 3 in site.json, lists no one of the sample", () => {
    const dir = tempContent(sampleWithSources());
    const settings = JSON.parse(readFileSync(join(dir, "site.json"), "utf8"));
    writeFileSync(join(dir, "site.json"), JSON.stringify({ ...settings, authors: { minPapers: 3 } }));
    run(dir);
    expect(readAuthorPages(dir)).toEqual([]);
  });

  it("starts an archive made before the list from every linked author of its pages, who all had a page then", () => {
    const dir = tempContent(sampleWithSources());
    const { papers } = run(dir);
    // As an archive made before this list: pages, no list.
    rmSync(authorPagesPath(dir));
    const second = run(dir);
    expect(second.skipped).toBe(false);
    const everyone = [...linkedAuthorCounts(papers.map((p) => p.facts.authors)).keys()].sort();
    expect(everyone).toHaveLength(129);
    expect(readAuthorPages(dir)).toEqual(everyone);
    expect(second.output).toContain("author pages: 129 added");
    expect(second.output).toContain("the authors of the pages already published");
  });

  it("never removes an author: not when their papers leave the archive, nor a slug the curator added", () => {
    const digests = sampleWithSources();
    const dir = tempContent(digests);
    run(dir);
    appendFileSync(authorPagesPath(dir), "someone-gone\n");
    // The arXiv and Hugging Face listings go: no digest lists Lucas Beyer's, Xiaohua Zhai's or Basil Mustafa's papers.
    for (const name of Object.keys(digests).filter((name) => name !== "2025-03-17.txt")) rmSync(join(dir, "digests", name));
    const later = run(dir);
    expect(linkedAuthorCounts(later.papers.map((p) => p.facts.authors)).get("lucas-beyer") ?? 0).toBeLessThan(2);
    expect(later.skipped).toBe(false);
    expect(readAuthorPages(dir)).toEqual([...FREQUENT, "someone-gone"].sort());
    expect(later.output).not.toContain("author pages:");
  });

  it("stops at once on a malformed list, naming the file and line", () => {
    const dir = tempContent(sampleWithSources());
    run(dir);
    appendFileSync(authorPagesPath(dir), "\nLucas Beyer\n");
    const lines = readFileSync(authorPagesPath(dir), "utf8").split("\n");
    const line = lines.indexOf("Lucas Beyer") + 1;
    expect(() => ingest({ contentDir: dir, force: true })).toThrow(InputError);
    expect(() => ingest({ contentDir: dir, force: true })).toThrow(`${authorPagesPath(dir)}:${line}: "Lucas Beyer" is not an author's slug`);
  });
});
