import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readWindow, type Window, type WindowFile } from "../../src/browser/features.ts";
import { recommend, trainSvm, type Sample } from "../../src/browser/model.ts";
import { keywordFeatures } from "../../src/analysis/paper-terms.ts";
import { buildWindow, type WindowSource } from "../../src/recommend/window.ts";
import { buildCorpus, topTerms } from "../../src/analysis/tfidf.ts";
import { paperTokens } from "../../src/analysis/terms.ts";
import { ROOT } from "../helpers.ts";

const labelled: { area: string; title: string; abstract: string }[] = JSON.parse(readFileSync(join(ROOT, "test/fixtures/topics-dev.json"), "utf8")).papers;
const sources: WindowSource[] = labelled.map((p, i) => ({
  slug: `paper-${i}`,
  title: p.title,
  abstract: p.abstract,
  authors: [],
  date: "2025-03-17",
  topics: [],
  summary: "",
}));
const areaOf = (slug: string) => labelled[Number(slug.slice("paper-".length))].area;
const inArea = (area: string) => sources.filter((s) => areaOf(s.slug) === area);

function windowOf(papers: WindowSource[]): Window {
  return readWindow(JSON.parse(buildWindow([{ date: "2025-03-17", papers }], 1).json) as WindowFile)!;
}

describe("the SVM the browser trains", () => {
  it("reaches liblinear's optimum: every projected gradient of the dual is zero", () => {
    // Two clusters in three dimensions, one point of each on the wrong side.
    const point = (ids: number[], values: number[]) => ({ ids: Int32Array.from(ids), values: Float64Array.from(values) });
    const samples: Sample[] = [
      { x: point([0, 1], [0.9, 0.1]), y: 1, c: 10 },
      { x: point([0], [1]), y: 1, c: 10 },
      { x: point([0, 2], [0.2, 0.8]), y: 1, c: 10 },
      { x: point([1, 2], [0.7, 0.7]), y: -1, c: 5 },
      { x: point([2], [1]), y: -1, c: 5 },
      { x: point([0, 1], [0.8, 0.3]), y: -1, c: 5 },
    ];
    const { w, b } = trainSvm(samples, 3);
    const margin = (s: Sample) => s.y * ([...s.x.ids].reduce((sum, id, k) => sum + w[id] * s.x.values[k], 0) + b);
    // At the optimum, w = Σ α_i y_i x_i (and b = Σ α_i y_i) with α_i = 2 C_i max(0, 1 − margin_i): the squared hinge's KKT conditions.
    const alpha = samples.map((s) => 2 * s.c * Math.max(0, 1 - margin(s)));
    const rebuilt = [0, 0, 0];
    let rebuiltB = 0;
    samples.forEach((s, i) => {
      s.x.ids.forEach((id, k) => (rebuilt[id] += alpha[i] * s.y * s.x.values[k]));
      rebuiltB += alpha[i] * s.y;
    });
    rebuilt.forEach((v, d) => expect(v).toBeCloseTo(w[d], 4));
    expect(rebuiltB).toBeCloseTo(b, 4);
    // The clear cases fall on their side; those near a point of the other class pay a loss.
    expect(margin(samples[1])).toBeGreaterThan(0.9);
    expect(margin(samples[3])).toBeGreaterThan(1);
    expect(margin(samples[4])).toBeLessThan(1);
  });
});

describe("the ranking /for-you/ shows", () => {
  const window = windowOf(sources);
  const reasoning = inArea("llm-reasoning");
  const saved = reasoning.slice(0, 3).map((s) => ({ slug: s.slug, title: s.title }));

  it("puts papers of the saved papers' area first, and leaves the saved papers out", () => {
    const ranked = recommend(window, { saved, dismissed: [] });
    expect(ranked).toHaveLength(sources.length - 3);
    expect(ranked.map((r) => r.paper.slug)).not.toContain(saved[0].slug);
    const top = ranked.slice(0, 10).map((r) => areaOf(r.paper.slug));
    expect(top.filter((a) => a === "llm-reasoning").length).toBeGreaterThanOrEqual(7);
  });

  it("says why: the saved paper each is most like, and terms both use", () => {
    const [first] = recommend(window, { saved, dismissed: [] });
    expect(saved.map((s) => s.slug)).toContain(first.because!.slug);
    expect(first.because!.title).toBe(saved.find((s) => s.slug === first.because!.slug)!.title);
    expect(first.because!.shared.length).toBeGreaterThan(0);
    const vectorOf = (slug: string) => window.papers.find((p) => p.slug === slug)!.vector.terms;
    for (const term of first.because!.terms) {
      expect(vectorOf(first.paper.slug)).toContain(term);
      expect(vectorOf(first.because!.slug)).toContain(term);
    }
    // Shown as some paper of the window spells it, not as a stem.
    const texts = sources.map((s) => `${s.title} ${s.abstract}`.toLowerCase()).join(" ");
    for (const shown of first.because!.shared) expect(texts.includes(shown), shown).toBe(true);
  });

  it("drops a dismissed paper and learns from it: papers like it move down", () => {
    const before = recommend(window, { saved, dismissed: [] });
    const dismissed = before[0];
    const twin = before.slice(1).find((r) => areaOf(r.paper.slug) === areaOf(dismissed.paper.slug))!;
    const after = recommend(window, { saved, dismissed: [{ slug: dismissed.paper.slug, title: dismissed.paper.title }] });
    expect(after.map((r) => r.paper.slug)).not.toContain(dismissed.paper.slug);
    const rank = (list: typeof before, slug: string) => list.findIndex((r) => r.paper.slug === slug);
    const scoreBefore = before.find((r) => r.paper.slug === twin.paper.slug)!.score;
    const scoreAfter = after.find((r) => r.paper.slug === twin.paper.slug)!.score;
    expect(scoreAfter).toBeLessThan(scoreBefore);
    expect(rank(after, twin.paper.slug)).toBeGreaterThanOrEqual(rank(before, twin.paper.slug) - 1);
  });

  it("keeps counting a saved paper that has left the window, from the features its library entry kept", () => {
    const built = buildWindow([{ date: "2025-03-17", papers: sources }], 1);
    const gone = reasoning.slice(0, 3);
    const rest = windowOf(sources.filter((s) => !gone.includes(s)));
    const kept = gone.map((s) => ({ slug: s.slug, title: s.title, ...built.vectors.get(s.slug)! }));
    const ranked = recommend(rest, { saved: kept, dismissed: [] });
    const top = ranked.slice(0, 10).map((r) => areaOf(r.paper.slug));
    expect(top.filter((a) => a === "llm-reasoning").length).toBeGreaterThanOrEqual(7);
    // Without them there is nothing to learn from.
    expect(recommend(rest, { saved: gone.map((s) => ({ slug: s.slug, title: s.title })), dismissed: [] })).toEqual([]);
  });

  it("counts a paper saved from an old page by its keywords (the ingest's top terms)", () => {
    const corpus = buildCorpus(sources.map((s) => paperTokens(s.title, s.abstract).ids));
    const old = reasoning.slice(0, 3);
    const rest = sources.filter((s) => !old.includes(s));
    const saved = old.map((s) => ({ slug: s.slug, title: s.title, ...keywordFeatures(topTerms(corpus, sources.indexOf(s), 5)) }));
    const top = recommend(windowOf(rest), { saved, dismissed: [] })
      .slice(0, 10)
      .map((r) => areaOf(r.paper.slug));
    expect(top.filter((a) => a === "llm-reasoning").length).toBeGreaterThanOrEqual(5);
  });

  it("recommends nothing to a reader who saved nothing", () => {
    expect(recommend(window, { saved: [], dismissed: [] })).toEqual([]);
  });
});
