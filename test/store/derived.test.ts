import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { derivedPapers, derivedPath, readDerived, readLastRun, writeDerived } from "../../src/store/derived.ts";
import { newPaper, type Paper } from "../../src/model/paper.ts";
import { tempDir } from "../helpers.ts";

function paper(slug: string, title: string, related: string[]): Paper {
  const p = newPaper({ titleRaw: title, abstractRaw: "An abstract.", date: "2025-03-17", rank: 1, source: { file: "x.txt", line: 1 } });
  return { ...p, slug, related: related.map((r) => ({ slug: r, shared: ["a term"] })), keywords: ["keyword"] };
}

const papers = [paper("b-paper", 'B "quoted" \u00e9', ["a-paper"]), paper("a-paper", "A paper", ["b-paper", "gone"])];

describe("the derived index", () => {
  it("holds each paper's related papers, by slug in order, with the titles of those still in the archive", () => {
    const dir = tempDir("derived-");
    writeDerived(dir, { inputs: "abc", report: ["one line"] }, derivedPapers(papers));
    const index = readDerived(dir)!;
    expect(Object.keys(index.papers)).toEqual(["a-paper", "b-paper"]);
    expect(index.papers["a-paper"].related).toEqual([{ slug: "b-paper", title: 'B "quoted" \u00e9', shared: ["a term"] }]);
    expect(index).toMatchObject({ inputs: "abc", report: ["one line"] });
  });

  // The head alone is read, in chunks: a report longer than one, a character split between two, and the papers' own marker quoted in it.
  it("gives the last run's fingerprint and report without reading its papers", () => {
    const dir = tempDir("derived-");
    const report = ['a warning naming \n  "papers": {\n in its text', "\u00e9".repeat(700_000), "\u{1F600} the end"];
    writeDerived(dir, { inputs: "fingerprint", report }, derivedPapers(papers));
    expect(readLastRun(dir)).toEqual({ inputs: "fingerprint", report });
    // A papers section that does not parse is never read.
    const text = readFileSync(derivedPath(dir), "utf8");
    writeFileSync(derivedPath(dir), `${text.slice(0, text.indexOf('"a-paper"'))}not JSON at all`);
    expect(readLastRun(dir)).toEqual({ inputs: "fingerprint", report });
  });

  it("gives no last run for a missing, cut-short or foreign file", () => {
    const dir = tempDir("derived-");
    expect(readLastRun(dir)).toBeUndefined();
    writeDerived(dir, { inputs: "fingerprint", report: ["line"] }, derivedPapers(papers));
    const text = readFileSync(derivedPath(dir), "utf8");
    writeFileSync(derivedPath(dir), text.slice(0, text.indexOf('"papers"')));
    expect(readLastRun(dir)).toBeUndefined();
    writeFileSync(derivedPath(dir), JSON.stringify({ inputs: "fingerprint", report: ["line"], papers: {} }));
    expect(readLastRun(dir)).toBeUndefined();
    writeFileSync(derivedPath(dir), text.replace('"inputs": "fingerprint"', '"inputs": 7'));
    expect(readLastRun(dir)).toBeUndefined();
  });
});
