import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { derivedPapers, derivedPath, readDerived, writeDerived } from "../../src/store/derived.ts";
import { lastRunPath, readLastRun, writeLastRun } from "../../src/store/last-run.ts";
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
    writeDerived(dir, derivedPapers(papers));
    const index = readDerived(dir)!;
    expect(Object.keys(index)).toEqual(["a-paper", "b-paper"]);
    expect(index["a-paper"].related).toEqual([{ slug: "b-paper", title: 'B "quoted" \u00e9', shared: ["a term"] }]);
    // One paper a line, so a diff of two runs reads paper by paper.
    expect(readFileSync(derivedPath(dir), "utf8").split("\n")).toHaveLength(2 + papers.length + 2 + 1);
  });

  it("is read line by line as JSON reads it whole, and an index of another layout is read whole", () => {
    const dir = tempDir("derived-");
    // Enough papers for the file to be read in more than one piece, with characters of two, three and four bytes.
    const many = Array.from({ length: 40_000 }, (_, i) =>
      paper(`p-${i}`, `Paper ${i} \u00e9\u4e2d\u{1f600} "${"x".repeat(i % 300)}"`, [`p-${(i + 1) % 40_000}`]),
    );
    writeDerived(dir, derivedPapers(many));
    const text = readFileSync(derivedPath(dir), "utf8");
    expect(text.length).toBeGreaterThan(8 << 20);
    const whole = JSON.parse(text).papers;
    const read = readDerived(dir)!;
    expect(read).toEqual(whole);
    expect(Object.keys(read)).toEqual(Object.keys(whole));
    writeFileSync(derivedPath(dir), JSON.stringify({ papers: { "a-paper": whole["p-1"] } }));
    expect(readDerived(dir)).toEqual({ "a-paper": whole["p-1"] });
    writeFileSync(derivedPath(dir), text.replace('  "papers": {', '  "papers":  {'));
    expect(readDerived(dir)).toEqual(whole);
    writeFileSync(derivedPath(dir), text.slice(0, -4));
    expect(readDerived(dir)).toBeUndefined();
  });

  it("is none for a missing or foreign file", () => {
    const dir = tempDir("derived-");
    expect(readDerived(dir)).toBeUndefined();
    writeFileSync(derivedPath(dir), JSON.stringify([{ papers: {} }]));
    expect(readDerived(dir)).toBeUndefined();
    writeFileSync(derivedPath(dir), "{ not JSON");
    expect(readDerived(dir)).toBeUndefined();
  });
});

describe("the last run's record", () => {
  it("gives the fingerprint and report of the run that wrote the index", () => {
    const dir = tempDir("derived-");
    const report = ['a warning naming "papers" in its text', "\u00e9".repeat(10_000)];
    writeDerived(dir, derivedPapers(papers));
    writeLastRun(dir, { inputs: "fingerprint", digests: "digests", report });
    expect(readLastRun(dir)).toEqual({ inputs: "fingerprint", digests: "digests", report });
  });

  it("gives no last run when the index it wrote is gone or was replaced, or the record is cut short or foreign", () => {
    const dir = tempDir("derived-");
    expect(readLastRun(dir)).toBeUndefined();
    writeDerived(dir, derivedPapers(papers));
    writeLastRun(dir, { inputs: "fingerprint", digests: "digests", report: ["line"] });
    const record = readFileSync(lastRunPath(dir), "utf8");

    writeDerived(dir, derivedPapers(papers.slice(1)));
    expect(readLastRun(dir)).toBeUndefined();
    writeDerived(dir, derivedPapers(papers));
    expect(readLastRun(dir)).toEqual({ inputs: "fingerprint", digests: "digests", report: ["line"] });
    rmSync(derivedPath(dir));
    expect(readLastRun(dir)).toBeUndefined();

    writeDerived(dir, derivedPapers(papers));
    writeFileSync(lastRunPath(dir), record.slice(0, record.indexOf('"report"')));
    expect(readLastRun(dir)).toBeUndefined();
    const changed = (change: object) => JSON.stringify({ ...JSON.parse(record), ...change });
    writeFileSync(lastRunPath(dir), changed({ inputs: 7 }));
    expect(readLastRun(dir)).toBeUndefined();
    writeFileSync(lastRunPath(dir), changed({ report: [7] }));
    expect(readLastRun(dir)).toBeUndefined();
    writeFileSync(lastRunPath(dir), changed({}));
    expect(readLastRun(dir)).toEqual({ inputs: "fingerprint", digests: "digests", report: ["line"] });
  });
});
