import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { splitSentences } from "../../src/analysis/summary.ts";
import { clean } from "../../src/ingest/stages/clean.ts";
import { dedupe } from "../../src/ingest/stages/dedupe.ts";
import type { Paper } from "../../src/model/paper.ts";
import { seededRandom } from "../../src/platform/random.ts";
import { readDigest } from "../../src/sources/index.ts";
import { readRealFixture, SAMPLE, tempDir } from "../helpers.ts";

const REAL_LISTING = "hf-daily-2026-07-13-aiweeklyradar.json";

/** A real Hugging Face listing (test/fixtures/real/) as the ingest reads it, with `entries` edited before it is read. */
function listing(entries: (real: { paper: { id: string } }[]) => unknown[] = (real) => real): Paper[] {
  const file = join(tempDir("dedupe-"), "2026-07-13-hf.json");
  writeFileSync(file, JSON.stringify(entries(JSON.parse(readRealFixture(REAL_LISTING)))));
  return clean(readDigest(file).papers);
}

/** The paper as a source that gives no arXiv id would list it, in another digest. */
function withoutArxivId(paper: Paper, date: string): Paper {
  return { ...paper, date, issues: [date], sources: [{ file: `${date}.txt`, line: 3 }], facts: { ...paper.facts, arxivId: "", arxivVersion: 0 } };
}

describe("dedupe", () => {
  it("keeps listings of one title and abstract under different arXiv ids apart, however many share them", () => {
    // Each listing with an arXiv id looks only among papers listed without one, so 2,000 of one title are not
    // each compared with all the others (the benchmark's backfills measure the time: docs/scale.md).
    const papers = listing(([first]) => Array.from({ length: 2_000 }, (_, i) => ({ ...first, paper: { ...first.paper, id: `2607.${10_000 + i}` } })));
    const records = dedupe(papers);
    expect(records).toHaveLength(2_000);
    expect(new Set(records.map((p) => p.facts.arxivId)).size).toBe(2_000);
    expect(new Set(records.map((p) => p.id)).size).toBe(2_000);
  });

  /** The abstract with one word misspelt, as a source that corrects a typo would differ from another. */
  const oneWordChanged = (abstract: string) => abstract.replace(/\b(\w{6,})\b/, (word) => `${word.slice(0, -1)}e${word.slice(-1)}`);

  // Text that differs meets the paper only as a candidate (a paper with an arXiv id looks among those listed without
  // one), not as the same text.
  it.each([
    ["repeats its text", (abstract: string) => abstract],
    ["corrects a word of it", oneWordChanged],
  ])("joins a listing without an arXiv id that %s to the paper with one, whichever was listed first", (_, edit) => {
    const [paper] = listing();
    const [relisted] = clean([{ ...paper, abstractRaw: edit(paper.abstractRaw) }]);
    for (const records of [dedupe([paper, withoutArxivId(relisted, "2026-07-20")]), dedupe([withoutArxivId(relisted, "2026-07-01"), paper])]) {
      expect(records).toHaveLength(1);
      expect(records[0].facts.arxivId).toBe(paper.facts.arxivId);
      expect(records[0].issues).toHaveLength(2);
    }
  });

  it("misspells a word of the real abstract, the correction the test above joins", () => {
    const [paper] = listing();
    expect(oneWordChanged(paper.abstractRaw)).not.toBe(paper.abstractRaw);
  });

  it("keeps listings of one title without arXiv ids, each its own paper, apart, and joins a correction to its own", () => {
    // Trending-papers listings carry no arXiv id, so each is compared with every earlier listing of its title: 2,000
    // days that each list a paper under one title (a listing that lost its titles, say), each paper's abstract eight
    // sentences of the real sample's, then one of them listed again with a word corrected.
    const sample = readDigest(SAMPLE).papers;
    const sentences = sample.flatMap((paper) => splitSentences(paper.abstractRaw));
    const random = seededRandom(1);
    const pick = () => sentences[Math.floor(random() * sentences.length)];
    const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const listed = (i: number, abstractRaw: string) => ({
      ...sample[0],
      abstractRaw,
      date: day(i),
      issues: [day(i)],
      rank: 1,
      sources: [{ file: `${day(i)}.txt`, line: 3 }],
    });
    const papers = Array.from({ length: 2_000 }, (_, i) => listed(i, Array.from({ length: 8 }, pick).join(" ")));
    const corrected = listed(2_000, oneWordChanged(papers[1_500].abstractRaw));
    const records = dedupe(clean([...papers, corrected]));
    expect(records).toHaveLength(2_000);
    const joined = records.filter((record) => record.issues.length > 1);
    expect(joined.map((record) => record.issues)).toEqual([[day(1_500), day(2_000)]]);
  });

  it("keeps a listing of another arXiv id apart from a paper that took its id from a later listing", () => {
    const [paper] = listing();
    const other = { ...paper, date: "2026-07-27", issues: ["2026-07-27"], sources: [{ file: "2026-07-27-hf.json", line: 1 }] };
    other.facts = { ...paper.facts, arxivId: "2607.99999" };
    const records = dedupe([withoutArxivId(paper, "2026-07-01"), paper, other]);
    expect(records.map((p) => [p.facts.arxivId, p.issues.length])).toEqual([
      [paper.facts.arxivId, 2],
      ["2607.99999", 1],
    ]);
  });
});
