import { describe, expect, it } from "vitest";
import { parseTrending } from "../../src/sources/trending.ts";
import { readDigest } from "../../src/sources/index.ts";
import { InputError } from "../../src/platform/input-error.ts";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { SAMPLE, readSample, tempDir } from "../helpers.ts";

const DATE = "2025-03-17";
const ABSTRACT = "We study a problem that matters. We propose a method and show that it works well on many tasks.";

describe("the trending-papers parser", () => {
  it("reads the sample digest: 63 papers, first and last titles, ranks in order", () => {
    const { papers, warnings, date } = readDigest(SAMPLE);
    expect(date).toBe(DATE);
    expect(warnings).toEqual([]);
    expect(papers).toHaveLength(63);
    expect(papers[0].titleRaw).toBe("Yi: Open Foundation Models by 01.AI");
    expect(papers[62].titleRaw).toMatch(/^Ensembling Portfolio Strategies for Long-Term Investments: /);
    expect(papers.map((p) => p.rank)).toEqual(Array.from({ length: 63 }, (_, i) => i + 1));
    expect(papers[0].sources[0]).toEqual({ file: SAMPLE, line: 11 });
    expect(papers.every((p) => p.abstractRaw.length > 300)).toBe(true);
  });

  it.each([
    ["CRLF line endings and a byte-order mark", (text: string) => "\uFEFF" + text.replace(/\n/g, "\r\n")],
    ["old Mac (CR-only) line endings", (text: string) => text.replace(/\n/g, "\r")],
  ])("reads %s exactly like the original, with the same line numbers", (_, convert) => {
    const dir = tempDir("newlines-");
    writeFileSync(join(dir, "2025-03-17.txt"), convert(readSample()));
    const original = parseTrending(readSample(), "d.txt", DATE);
    const converted = readDigest(join(dir, "2025-03-17.txt"));
    expect(converted.papers.map((p) => [p.titleRaw, p.abstractRaw, p.sources[0].line])).toEqual(
      original.papers.map((p) => [p.titleRaw, p.abstractRaw, p.sources[0].line]),
    );
    expect(converted.papers[0].titleRaw.startsWith("\uFEFF")).toBe(false);
    // An error names the line a text editor shows.
    writeFileSync(join(dir, "2025-03-18.txt"), convert(`new\n\nTrending Papers\n\nMar 17\n\nT\n\n${ABSTRACT}\n`));
    expect(() => readDigest(join(dir, "2025-03-18.txt"))).toThrow(/2025-03-18\.txt:5: date line "Mar 17" does not match the issue date 2025-03-18/);
  });

  it("does without the header and date line, saying so", () => {
    const { papers, warnings } = parseTrending(`First Title\n\n${ABSTRACT}\n\nSecond Title\n\n${ABSTRACT} Again.\n`, "d.txt", DATE);
    expect(papers.map((p) => p.titleRaw)).toEqual(["First Title", "Second Title"]);
    expect(warnings).toEqual([{ file: "d.txt", line: 1, message: "no date line found; using the issue date 2025-03-17" }]);
  });

  it("tolerates stray blank lines and a title with its abstract on the next line", () => {
    const text = `Mar 17\n\n\n\nSpaced Title\n\n\n\n${ABSTRACT}\n\nTight Title\n${ABSTRACT}\n\n\n`;
    const { papers, warnings } = parseTrending(text, "d.txt", DATE);
    expect(papers.map((p) => [p.titleRaw, p.sources[0].line])).toEqual([
      ["Spaced Title", 5],
      ["Tight Title", 11],
    ]);
    expect(warnings).toEqual([]);
  });

  it("reports a title without an abstract by file and line, and keeps the rest", () => {
    const text = `Mar 17\n\nOrphan Title\n\nGood Title\n\n${ABSTRACT}\n\nLast Orphan\n`;
    const { papers, warnings } = parseTrending(text, "digests/2025-03-17.txt", DATE);
    expect(papers.map((p) => p.titleRaw)).toEqual(["Good Title"]);
    expect(warnings.map((w) => `${w.file}:${w.line}`)).toEqual(["digests/2025-03-17.txt:3", "digests/2025-03-17.txt:9"]);
    expect(warnings[0].message).toContain('"Orphan Title" has no abstract');
  });

  it("takes a short abstract as the abstract, telling it from a title by what follows", () => {
    const text = `Mar 17\n\nFirst Title\n\nA short note.\n\nSecond Title\n\n${ABSTRACT}\n\nThird Title\n\nCode only\n`;
    const { papers, warnings } = parseTrending(text, "d.txt", DATE);
    expect(papers.map((p) => [p.titleRaw, p.abstractRaw])).toEqual([
      ["First Title", "A short note."],
      ["Second Title", ABSTRACT],
      ["Third Title", "Code only"],
    ]);
    expect(warnings).toEqual([]);
  });

  it("reports an abstract without a title", () => {
    const { papers, warnings } = parseTrending(`Mar 17\n\n${ABSTRACT}\n\nTitle\n\n${ABSTRACT}\n`, "d.txt", DATE);
    expect(papers).toHaveLength(1);
    expect(warnings).toEqual([{ file: "d.txt", line: 3, message: "abstract without a title; skipped" }]);
  });

  it("refuses a date line that contradicts the issue date, naming file and line", () => {
    expect(() => parseTrending(`new\n\nMar 18\n\nT\n\n${ABSTRACT}\n`, "x/2025-03-17.txt", DATE)).toThrow(
      'x/2025-03-17.txt:3: date line "Mar 18" does not match the issue date 2025-03-17',
    );
  });

  it("says so when a digest holds no papers, or is not UTF-8", () => {
    expect(parseTrending("new\n\nMar 17\n", "d.txt", DATE).warnings).toContainEqual({ file: "d.txt", line: 1, message: "no papers found in this digest" });
    const dir = tempDir("latin1-");
    const file = join(dir, "2025-03-17.txt");
    writeFileSync(file, Buffer.concat([Buffer.from(`Mar 17\n\nCaf`), Buffer.from([0xe9]), Buffer.from(` Title\n\n${ABSTRACT}\n`)]));
    const { papers, warnings } = readDigest(file);
    expect(papers).toHaveLength(1);
    expect(warnings).toContainEqual({ file, line: 3, message: "text is not valid UTF-8 here (shown as �); save the digest as UTF-8" });
  });

  it("refuses a file it cannot date", () => {
    expect(() => readDigest("content/digests/today.txt")).toThrow(InputError);
    expect(() => readDigest("content/digests/today.txt")).toThrow(/cannot tell the issue date/);
    expect(() => readDigest(SAMPLE, "2025-02-30")).toThrow(/not a YYYY-MM-DD date/);
  });
});
