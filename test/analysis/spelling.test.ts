import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { americanSpelling } from "../../src/analysis/spelling.ts";
import { stemIds } from "../../src/analysis/terms.ts";
import { assignTopics, loadTaxonomy } from "../../src/analysis/topics.ts";
import { ROOT } from "../helpers.ts";

describe("American spelling before stemming", () => {
  it.each([
    ["optimisation", "optimization"],
    ["optimiser", "optimizer"],
    ["regularised", "regularized"],
    ["tokenisers", "tokenizers"],
    ["parameterising", "parameterizing"],
    ["organisational", "organizational"],
    ["recognisable", "recognizable"],
    ["analysed", "analyzed"],
    ["behavioural", "behavioral"],
    ["neighbourhood", "neighborhood"],
    ["colourisation", "colorization"],
    ["centred", "centered"],
    ["metres", "meters"],
    ["defences", "defenses"],
    ["catalogue", "catalog"],
    ["paediatric", "pediatric"],
    ["haemoglobin", "hemoglobin"],
  ])("spells %s as %s", (british, american) => {
    expect(americanSpelling(british)).toBe(american);
  });

  it.each([
    // -ise in American English too, with and without a prefix
    "supervised",
    "unsupervised",
    "advertising",
    "exercise",
    "expertise",
    "promising",
    "surprising",
    "revised",
    "comprises",
    "uprising",
    // not -ise verbs: a vowel, a "w" or too few letters before the ending
    "noise",
    "denoising",
    "raising",
    "pairwise",
    "otherwise",
    "rising",
    "arise",
    // words that merely end alike
    "analysis",
    "basis",
    "crisis",
    "course",
    "source",
    "four",
    "hour",
    "journal",
    "programme",
    "lysed",
  ])("leaves %s as it is", (word) => {
    expect(americanSpelling(word)).toBe(word);
  });

  it("stems both spellings of a text alike", () => {
    expect(stemIds("The optimiser's behaviour under regularisation, analysed and visualised")).toEqual(
      stemIds("The optimizer's behavior under regularization, analyzed and visualized"),
    );
  });

  it("gives a paper written in British English the topics of its American twin", () => {
    const taxonomy = loadTaxonomy(join(ROOT, "content"));
    const british = assignTopics(
      "Adaptive Optimisers and the Behaviour of Stochastic Optimisation",
      "We analyse optimisers that normalise the learning rate, characterise their convergence on non-convex objectives and the effect of regularisation.",
      taxonomy,
    );
    const american = assignTopics(
      "Adaptive Optimizers and the Behavior of Stochastic Optimization",
      "We analyze optimizers that normalize the learning rate, characterize their convergence on non-convex objectives and the effect of regularization.",
      taxonomy,
    );
    expect(british).toEqual(american);
    expect(british.topics).toContain("optimization");
  });
});
