import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readWindow, weightsOf, type WindowFile } from "../../src/browser/features.ts";
import { WEIGHT_LEVELS } from "../../src/model/term-vector.ts";
import { dfOf, keywordFeatures, paperTerms, termStats, termVector } from "../../src/analysis/paper-terms.ts";
import { buildWindow, type WindowSource } from "../../src/recommend/window.ts";
import { ROOT } from "../helpers.ts";

/** Real papers with their research area (test/fixtures/topics-dev.json). */
const labelled: { area: string; title: string; abstract: string }[] = JSON.parse(readFileSync(join(ROOT, "test/fixtures/topics-dev.json"), "utf8")).papers;

function source(i: number, date = "2025-03-17", authors: string[] = []): WindowSource {
  const p = labelled[i];
  return { slug: `paper-${i}`, title: p.title, abstract: p.abstract, authors, date, topics: [], summary: `Summary ${i}` };
}

describe("a paper's terms", () => {
  it("are stems and stem bigrams without stop words, the title's and the abstract's apart, and its authors", () => {
    const terms = paperTerms({ title: "Reward models", abstract: "Training the reward model on preference data.", authors: ["Hao Lang"] });
    const entries = new Map(terms.entries());
    expect([...entries.keys()].sort()).toEqual(
      ["@hao-lang", "data", "model", "model prefer", "prefer", "prefer data", "reward", "reward model", "train", "train reward"].sort(),
    );
    // "reward model" twice (title, abstract); "models model" never: no bigram spans title and abstract.
    expect(entries.get("reward model")).toEqual({ tf: 2, shown: "reward models" });
    expect(entries.get("model prefer")).toEqual({ tf: 1, shown: "model on preference" });
    expect(entries.get("@hao-lang")?.shown).toBe("Hao Lang");
  });

  it("keep the terms other papers share first, weigh them as in the unit vector of all the paper's terms, and quantise them", () => {
    const papers = [0, 1, 2, 3, 20, 40].map((i) => paperTerms(source(i)));
    const stats = termStats(papers);
    const { vector } = termVector(papers[0], stats, { keep: 1000, shared: 2 });
    const sharedCount = papers[0].ids.filter((id) => stats.df[id] >= 2).length;
    expect(vector.terms.slice(0, sharedCount).every((k) => dfOf(stats, k) >= 2)).toBe(true);
    expect(vector.terms.slice(sharedCount).every((k) => dfOf(stats, k) < 2)).toBe(true);
    // Every term kept: the dequantised weights are the unit vector's, within a quantisation step.
    expect(vector.terms).toHaveLength(papers[0].size);
    const weights = weightsOf(vector);
    const norm = Math.sqrt(weights.reduce((s, w) => s + w * w, 0));
    expect(norm).toBeGreaterThan(0.99);
    expect(norm).toBeLessThan(1.01);
    expect(Math.max(...vector.weights)).toBe(WEIGHT_LEVELS);
    expect(Math.min(...vector.weights)).toBeGreaterThanOrEqual(1);
    // Cut to a few, the weights are those of the whole vector, not renormalised.
    const cut = termVector(papers[0], stats, { keep: 5, shared: 2 }).vector;
    expect(cut.terms).toEqual(vector.terms.slice(0, 5));
    const step = vector.scale / WEIGHT_LEVELS;
    weightsOf(cut).forEach((w, i) => expect(Math.abs(w - weights[i])).toBeLessThanOrEqual(step));
    // `only` drops what no other paper uses.
    expect(termVector(papers[0], stats, { keep: 1000, only: true }).vector.terms).toHaveLength(sharedCount);
  });
});

describe("the window the build emits", () => {
  const issues = [
    { date: "2025-03-19", papers: [0, 1, 2].map((i) => source(i, "2025-03-19", ["Ann Lee"])) },
    { date: "2025-03-18", papers: [3, 4, 1].map((i) => source(i, "2025-03-18", ["Ann Lee", "Bo Chen"])) },
    { date: "2025-03-17", papers: [5, 6].map((i) => source(i, "2025-03-17")) },
  ];

  it("holds the latest issues' papers once each, and reads back as the same vectors", () => {
    const built = buildWindow(issues, 2);
    const window = readWindow(JSON.parse(built.json) as WindowFile)!;
    expect(window.issues).toEqual(["2025-03-19", "2025-03-18"]);
    expect(window.papers.map((p) => p.slug)).toEqual(["paper-0", "paper-1", "paper-2", "paper-3", "paper-4"]);
    const stats = termStats([0, 1, 2, 3, 4].map((i) => paperTerms(source(i, "", i < 3 ? ["Ann Lee"] : ["Ann Lee", "Bo Chen"]))));
    for (const [i, paper] of window.papers.entries()) {
      const expected = termVector(paperTerms(issues[i < 3 ? 0 : 1].papers[i < 3 ? i : i - 3]), stats, { only: true }).vector;
      const order = (v: typeof expected) => v.terms.map((t, j) => `${t}=${v.weights[j]}`).sort();
      expect(order(paper.vector)).toEqual(order(expected));
      expect(paper.vector.scale).toBe(expected.scale);
    }
    // The two papers by Ann Lee share her term; the window shows it by her name.
    expect(window.papers[0].vector.terms).toContain("@ann-lee");
    expect(window.shown.get("@ann-lee")).toBe("Ann Lee");
    expect(window.papers[3].authorSlugs).toEqual(["ann-lee", "bo-chen"]);
  });

  it("is named by a hash of its bytes: the same papers give the same name, another paper another", () => {
    const a = buildWindow(issues, 2);
    expect(a.url).toMatch(/^\/assets\/window\.[0-9a-f]{12}\.json$/);
    expect(buildWindow(issues, 2).url).toBe(a.url);
    expect(buildWindow(issues, 3).url).not.toBe(a.url);
  });

  it("gives a page outside the window its keywords as terms, weighed by their counts alone, whatever the window", () => {
    const { vector, shown } = keywordFeatures(["weak supervision", "debate", "zebra crossings"]);
    expect([...vector.terms].sort()).toEqual(["debat", "supervis", "weak", "weak supervis", "zebra", "zebra cross", "cross"].sort());
    // Each term said once: one weight for all, the unit vector's 1/√7.
    expect(new Set(vector.weights)).toEqual(new Set([WEIGHT_LEVELS]));
    expect(vector.scale).toBeCloseTo(1 / Math.sqrt(7), 3);
    expect(shown).toMatchObject({ "weak supervis": "weak supervision", debat: "debate" });
  });

  it("gives a window paper's page the window's own features", () => {
    const built = buildWindow(issues, 2);
    const window = readWindow(JSON.parse(built.json) as WindowFile)!;
    const pairs = (v: { terms: string[]; weights: number[] }) => v.terms.map((t, i) => `${t}=${v.weights[i]}`).sort();
    expect(pairs(built.vectors.get("paper-3")!.vector)).toEqual(pairs(window.papers[3].vector));
    expect(built.vectors.get("paper-3")!.vector.scale).toBe(window.papers[3].vector.scale);
    expect(built.vectors.has("paper-5")).toBe(false);
  });

  it("stays within 150 KB gzipped for 7 issues of 50 real papers with authors and summaries", () => {
    const week = Array.from({ length: 7 }, (_, d) => ({
      date: `2025-03-${10 + d}`,
      papers: Array.from({ length: 50 }, (_, i) => ({
        ...source(50 * d + (i % 50 < 320 - 50 * d ? i : 0)),
        slug: `p-${d}-${i}`,
        authors: [`Author ${d} ${i}`, `Author ${i}`, "A Very Common Co-Author"],
        arxivId: `2503.${10000 + 50 * d + i}`,
        summary: labelled[(50 * d + i) % labelled.length].abstract.split(". ")[0],
      })),
    })).reverse();
    const { json, file } = buildWindow(week, 7);
    expect(file.papers).toHaveLength(350);
    expect(gzipSync(json).length).toBeLessThan(150 * 1024);
  });
});
