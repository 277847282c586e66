import { describe, expect, it } from "vitest";
import type { Window } from "../../src/browser/features.ts";
import { findPasted } from "../../src/browser/paste.ts";

const paper = (slug: string, title: string, arxivId?: string): Window["papers"][number] => ({
  slug,
  title,
  date: "2025-03-17",
  byline: [],
  etAl: false,
  authorSlugs: [],
  topics: [],
  ...(arxivId && { arxivId }),
  summary: "",
  vector: { terms: [], weights: [], scale: 0 },
});
const window: Window = {
  issues: ["2025-03-17"],
  papers: [
    paper("debate", "Debate Helps Weak-to-Strong Generalization", "2501.13124"),
    paper("burns", "Weak-to-Strong Generalization: Eliciting Strong Capabilities With Weak Supervision", "2312.09390"),
    paper("yi", "Yi: Open Foundation Models by 01.AI"),
    paper("old", "Quantum criticality of an old paper", "hep-th/9901001"),
  ],
  shown: new Map(),
};

describe("starting /for-you/ from pasted ids and titles", () => {
  it("finds papers by arXiv id in any common spelling, by title up to case and punctuation, or by a long part of one", () => {
    const { found, unmatched } = findPasted(
      [
        "arXiv:2501.13124v2",
        "  https://arxiv.org/pdf/2312.09390  ",
        "yi — open foundation models by 01.ai",
        "hep-th/9901001",
        "Strong Generalization: Eliciting Strong",
        "A paper this window does not hold",
        "2501.13124",
      ].join("\n"),
      window,
    );
    expect(found.map((p) => p.slug)).toEqual(["debate", "burns", "yi", "old"]);
    expect(unmatched).toEqual(["A paper this window does not hold"]);
  });

  it("does not take a short or partial line for a title, nor a number inside another for an id", () => {
    const { found, unmatched } = findPasted(["Yi", "weak", "12501.131245", "Generalization"].join("\n"), window);
    expect(found).toEqual([]);
    expect(unmatched).toHaveLength(4);
  });
});
