import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { describe, expect, it } from "vitest";
import { vocabulary } from "../../src/analysis/terms.ts";
import { ingest, type IngestResult } from "../../src/ingest/ingest.ts";
import { stageMemoPath, StageMemo, type Numbering } from "../../src/store/stage-memo.ts";
import { ingestedFiles, readRealFixture, readSample, ROOT, tempContent, tempDir } from "../helpers.ts";

/**
 * One more day with the page stages' memo (src/store/stage-memo.ts) gives exactly what a full run gives: two archives
 * take the same days, one run after another, the one keeping its memo and the other deleting it before every run, and
 * after each day every file the ingest writes is compared byte for byte.
 */

const SAMPLE = readSample();

/** Real listings with authors, a day apart; on the fifth day the whole sample again, its Yi paper's abstract corrected. */
const DAYS: [name: string, text: string][] = [
  ["2025-03-17.txt", SAMPLE],
  ["2025-03-18.json", readRealFixture("hf-daily-2026-05-08-llmpaperradar.json")],
  ["2025-03-19.xml", readRealFixture("arxiv-api-new-aiweeklyradar-2026-07-13-cs.AI_OR_cs.LG-50entries.xml")],
  ["2025-03-20.json", readRealFixture("hf-daily-2026-07-13-aiweeklyradar.json")],
  ["2025-03-21.txt", SAMPLE.replace("Mar 17", "Mar 21").replace("We introduce the Yi model family", "We present the Yi model family")],
  ["2025-03-22.xml", readRealFixture("arxiv-api-new-arxivpy-2026-04-12-q_testing-15entries.xml")],
];
const YI = "yi-open-foundation-models-by-01-ai.md";

/** A curator's edits to a page: a note, a title and the body rewritten. */
function editPage(content: string, name: string): void {
  const path = join(content, "papers", name);
  const text = readFileSync(path, "utf8");
  const edited = text
    .replace("---\n", "---\nnote: Read this first.\n")
    .replace(/^title: .*$/m, "title: 'Yi, as the curator titles it'")
    .replace(/\n---\n[\s\S]*$/, "\n---\nThe curator's own summary of the abstract.\n");
  expect(edited).not.toBe(text);
  writeFileSync(path, edited);
}

const run = (content: string): IngestResult => {
  const result = ingest({ contentDir: content });
  expect(result.errors).toEqual([]);
  return result;
};

describe("the page stages' memo", () => {
  it("reads word ids another process wrote into this one's vocabulary", () => {
    // The memo is written by this process, whose vocabulary learned other words before the taxonomy's (this test comes
    // first in the file); the last day is ingested by a new process, which numbers the words in another order.
    vocabulary.tokenize("words this process learns before any ingest: zanzibar quokka vellum ocarina");
    const withMemo = tempContent();
    const without = tempContent();
    DAYS.forEach(([name, text], day) => {
      for (const content of [withMemo, without]) writeFileSync(join(content, "digests", name), text);
      if (day < DAYS.length - 1) run(withMemo);
      // Day by day as the other: related papers kept from one run to the next depend on the runs before.
      if (day < DAYS.length - 1) run(without);
    });
    const inNewProcess = `import(${JSON.stringify(join(ROOT, "src", "ingest", "ingest.ts"))}).then(({ ingest }) => console.log(JSON.stringify(ingest({ contentDir: ${JSON.stringify(withMemo)} }).memo)))`;
    const memo = JSON.parse(execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", inNewProcess], { cwd: ROOT, encoding: "utf8" }));
    expect(memo.tokens.reused).toBeGreaterThan(100);
    // The words kept are those the papers use, not every word the process met.
    const file = readFileSync(join(stageMemoPath(withMemo), "tokens.v8"));
    const [, , table] = deserialize(file.subarray(file.indexOf(10) + 1)) as [string[], unknown[], string[]];
    expect(table).toContain("yi");
    expect(table).not.toContain("zanzibar");
    rmSync(stageMemoPath(without), { recursive: true, force: true });
    run(without);
    expect(ingestedFiles(withMemo)).toEqual(ingestedFiles(without));
  });

  it("gives, day after day, every page, derived.json and the author list byte for byte as a run without it", () => {
    const withMemo = tempContent();
    const without = tempContent();
    DAYS.forEach(([name, text], day) => {
      for (const content of [withMemo, without]) writeFileSync(join(content, "digests", name), text);
      // The curator edits a page after the second day; the fifth day's corrected listing must still merge into it.
      if (day === 2) for (const content of [withMemo, without]) editPage(content, YI);
      rmSync(stageMemoPath(without), { recursive: true, force: true });
      const full = run(without);
      const reusing = run(withMemo);
      expect(ingestedFiles(withMemo)).toEqual(ingestedFiles(without));
      expect(reusing.written).toEqual(full.written);
      // The full run computed every paper; the other, from the second day on, only the papers (texts) it had not seen.
      for (const stage of ["clean", "tokens", "topics", "summary"]) {
        expect(full.memo[stage].reused).toBe(0);
        expect(reusing.memo[stage].reused + reusing.memo[stage].computed).toBe(full.memo[stage].computed);
        if (day > 0) expect(reusing.memo[stage].reused).toBeGreaterThan(0);
      }
      if (day === 4) expect(reusing.memo.clean.computed).toBe(1); // the sample again: only Yi's corrected abstract is new
    });
    const yi = readFileSync(join(withMemo, "papers", YI), "utf8");
    expect(yi).toMatch(/note: Read this first\./);
    expect(yi).toMatch(/^title: '?Yi, as the curator titles it/m);
    expect(yi).toMatch(/The curator's own summary of the abstract\./);
    expect(yi).toMatch(/- '?2025-03-21/); // the corrected listing merged into the page
  });

  it("is not used after a change to the code or the taxonomy, nor when its file is torn", () => {
    const dir = tempDir("memo-");
    const upper = (misses: string[]) => misses.map((s) => s.toUpperCase());
    const memo = new StageMemo(dir, "code A");
    expect(memo.map("clean", ["a", "b"], (s) => s, upper)).toEqual(["A", "B"]);
    memo.write();
    const again = new StageMemo(dir, "code A");
    const asked: string[][] = [];
    const marked = (misses: string[]) => (asked.push(misses), misses.map((s) => `${s}!`));
    expect(again.map("clean", ["c", "a", "b", "c"], (s) => s, marked)).toEqual(["c!", "A", "B", "c!"]);
    expect(asked).toEqual([["c", "c"]]);
    expect(again.counts.get("clean")).toEqual({ reused: 2, computed: 2 });
    // Another stage's results are its own.
    expect(again.map("topics", ["a"], (s) => s, marked)).toEqual(["a!"]);
    // Another fingerprint (the code or the taxonomy changed): every input is computed again.
    /** "a" through a new memo under `fingerprint`: "new" if it was computed again. */
    const cleanA = (fingerprint: string) =>
      new StageMemo(dir, fingerprint).map(
        "clean",
        ["a"],
        (s) => s,
        (misses) => misses.map(() => "new"),
      );
    expect(cleanA("code B")).toEqual(["new"]);
    const file = join(dir, "clean.v8");
    writeFileSync(file, readFileSync(file).subarray(0, 10));
    expect(cleanA("code A")).toEqual(["new"]);
  });

  it("appends what a run computed to the last run's entries, and writes them whole once the files hold an eighth more than a run uses, or appended ones an eighth of it", () => {
    const dir = tempDir("memo-");
    const upper = (misses: string[]) => misses.map((s) => s.toUpperCase());
    const items = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `item ${from + i}`);
    /** One run over `inputs`: what it computed, and the memo's files after it. */
    const runOver = (inputs: string[]) => {
      const asked: string[] = [];
      const memo = new StageMemo(dir, "code A");
      expect(
        memo.map(
          "clean",
          inputs,
          (s) => s,
          (misses) => (asked.push(...misses), upper(misses)),
        ),
      ).toEqual(upper(inputs));
      memo.write();
      const more = join(dir, "clean.more.v8");
      return { asked, whole: readFileSync(join(dir, "clean.v8")), appended: existsSync(more) ? readFileSync(more) : undefined };
    };
    const first = runOver(items(0, 80));
    expect(first.asked).toHaveLength(80);
    expect(first.appended).toBeUndefined();
    // A day of 5 more: only they are computed, and only they are written, after the file the first run wrote.
    const second = runOver(items(0, 85));
    expect(second.asked).toEqual(items(80, 85));
    expect(second.whole.equals(first.whole)).toBe(true);
    expect(second.appended!.length).toBeLessThan(first.whole.length / 4);
    const third = runOver(items(0, 90));
    expect(third.asked).toEqual(items(80, 90).slice(5));
    expect(third.whole.equals(first.whole)).toBe(true);
    expect(third.appended!.subarray(0, second.appended!.length).equals(second.appended!)).toBe(true);
    // Nothing new: nothing written.
    const same = runOver(items(0, 90));
    expect(same.asked).toEqual([]);
    expect(same.appended!.equals(third.appended!)).toBe(true);
    // Appended entries past an eighth of those a run uses (10 appended and 3 new, of 93): written whole, though every entry is used.
    const grown = runOver(items(0, 93));
    expect(grown.asked).toEqual(items(90, 93));
    expect(grown.appended).toBeUndefined();
    expect(grown.whole.length).toBeGreaterThan(first.whole.length);
    // Past the slack (93 entries held, 1 new and 70 no longer used): this run's 24 are written whole, and nothing appended.
    const smaller = runOver(items(70, 94));
    expect(smaller.asked).toEqual(["item 93"]);
    expect(smaller.appended).toBeUndefined();
    expect(smaller.whole.length).toBeLessThan(first.whole.length / 2);
    expect(runOver(items(70, 94)).asked).toEqual([]);

    // A torn frame at the end of the appended file: what came before it is used, and the run writes its entries whole.
    runOver(items(70, 96));
    const more = join(dir, "clean.more.v8");
    writeFileSync(more, Buffer.concat([readFileSync(more), Buffer.from([200, 0, 0, 0, 1, 2])]));
    const torn = runOver(items(70, 97));
    expect(torn.asked).toEqual(["item 96"]);
    expect(torn.appended).toBeUndefined();
    expect(runOver(items(70, 97)).asked).toEqual([]);

    // An appended file left under another fingerprint (a run stopped between writing whole and removing it): not read,
    // and begun again by the next append.
    runOver(items(70, 98));
    const left = readFileSync(more);
    const other = new StageMemo(dir, "code B");
    other.map("clean", items(70, 98), (s) => s, upper);
    other.write();
    writeFileSync(more, left);
    const underB = (inputs: string[]) => {
      const asked: string[] = [];
      const memo = new StageMemo(dir, "code B");
      memo.map(
        "clean",
        inputs,
        (s) => s,
        (misses) => (asked.push(...misses), upper(misses)),
      );
      memo.write();
      return asked;
    };
    expect(underB(items(70, 99))).toEqual(["item 98"]);
    expect(readFileSync(more).subarray(0, 7).toString()).toBe("code B\n");
    expect(underB(items(70, 99))).toEqual([]);
  });

  it("turns results in a run's own numbering into the next run's, and gives a full run when it cannot", () => {
    const dir = tempDir("memo-");
    /** Results are lists of numbers standing for words, in a numbering of the run's own; written as the words themselves. */
    const numbering = (words: string[]): Numbering<number[]> => ({
      write: (results) => ({ table: words, results }),
      reader: (written) => {
        const ids = (written as string[]).map((word) => (words.includes(word) ? words.indexOf(word) : words.push(word) - 1));
        return (result) => {
          if (result.some((id) => id >= ids.length)) throw new Error("a number past the table");
          return result.map((id) => ids[id]);
        };
      },
    });
    const first = ["model", "language", "large"];
    const spell = (words: string[]) => (misses: string[]) => misses.map((text) => text.split(" ").map((word) => words.indexOf(word)));
    const memo = new StageMemo(dir, "code A");
    expect(memo.map("tokens", ["large language model"], (s) => s, spell(first), numbering(first))).toEqual([[2, 1, 0]]);
    memo.write();
    const second = ["language", "model", "vision", "large"];
    const again = new StageMemo(dir, "code A");
    const asked: string[][] = [];
    const result = again.map(
      "tokens",
      ["large language model", "vision model"],
      (s) => s,
      (misses) => (asked.push(misses), spell(second)(misses)),
      numbering(second),
    );
    expect(result).toEqual([
      [3, 0, 1],
      [2, 1],
    ]);
    expect(asked).toEqual([["vision model"]]);
    /** The phrase through a new memo read in the second numbering: `marker` where it is computed again. */
    const readAgain = (marker: number) =>
      new StageMemo(dir, "code A").map(
        "tokens",
        ["large language model"],
        (s) => s,
        () => [[marker]],
        numbering(second),
      );
    // Numbers past the table the file holds: not believed, a full run. (A memo begun afresh, so that its file is written whole.)
    rmSync(dir, { recursive: true });
    const short = new StageMemo(dir, "code A");
    short.map("tokens", ["large language model"], (s) => s, spell(first), { ...numbering(first), write: (results) => ({ table: ["large"], results }) });
    short.write();
    expect(readAgain(-3)).toEqual([[-3]]);
    // Written without a table, read with one (or the other way round): a full run.
    const plain = new StageMemo(dir, "code A");
    expect(
      plain.map(
        "tokens",
        ["large language model"],
        (s) => s,
        () => [[-1]],
      ),
    ).toEqual([[-1]]);
    plain.write();
    expect(readAgain(-2)).toEqual([[-2]]);
  });

  it("gives a full run of the tokens stage when its file's word ids run past its words", () => {
    const content = tempContent({ [DAYS[0][0]]: DAYS[0][1] });
    run(content);
    const before = ingestedFiles(content);
    const file = join(stageMemoPath(content), "tokens.v8");
    const bytes = readFileSync(file);
    const header = bytes.subarray(0, bytes.indexOf(10) + 1);
    const [keys, values, table] = deserialize(bytes.subarray(header.length)) as [string[], unknown[], string[]];
    writeFileSync(file, Buffer.concat([header, serialize([keys, values, table.slice(0, 10)])]));
    const again = ingest({ contentDir: content, force: true });
    expect(again.memo.tokens).toEqual({ reused: 0, computed: keys.length });
    expect(ingestedFiles(content)).toEqual(before);
  });

  it("is kept beside the content folder, and deleting it gives a full run", () => {
    const content = tempContent({ [DAYS[0][0]]: DAYS[0][1] });
    run(content);
    expect(existsSync(join(stageMemoPath(content), "clean.v8"))).toBe(true);
    expect(stageMemoPath(content).startsWith(join(content, ".."))).toBe(true);
    const before = ingestedFiles(content);
    rmSync(stageMemoPath(content), { recursive: true });
    const full = ingest({ contentDir: content, force: true });
    expect(full.memo.clean.reused).toBe(0);
    expect(ingestedFiles(content)).toEqual(before);
  });
});
