import { describe, expect, it } from "vitest";
import { followMatch, foldForMatching, isFollowed, type FollowablePaper } from "../../src/model/follow.ts";

const paper: FollowablePaper = {
  topics: ["reinforcement-learning", "llm-reasoning"],
  authorSlugs: ["olivier-henaff", "yann-lecun"],
  text: ["Self-Play Preference Optimization", "We fine-tune a Reward-Model on préférence data; RLHF at scale."],
};
const none = { topics: [], authors: [], keywords: [] };

describe("following topics, authors and keywords", () => {
  it("gives every paper to a reader who follows nothing", () => {
    expect(isFollowed(paper, none)).toBe(true);
  });

  it("matches any one kind of interest, and names what matched", () => {
    expect(followMatch(paper, { topics: ["llm-reasoning", "vision"], authors: ["nobody"], keywords: [] })).toEqual({
      topics: ["llm-reasoning"],
      authors: [],
      keywords: [],
    });
    expect(isFollowed(paper, { ...none, authors: ["yann-lecun"] })).toBe(true);
    expect(isFollowed(paper, { ...none, topics: ["vision"], authors: ["someone-else"] })).toBe(false);
  });

  it("matches a keyword phrase as whole words, case, accents and punctuation aside", () => {
    expect(followMatch(paper, { ...none, keywords: ["reward model", "Preference data", "RLHF", "rl"] }).keywords).toEqual([
      "reward model",
      "Preference data",
      "RLHF",
    ]);
    // "rl" is a word of neither text ("RLHF" is one word); "play pref" spans a word boundary wrongly.
    expect(followMatch(paper, { ...none, keywords: ["rl", "lay pref", "  ", "!!"] }).keywords).toEqual([]);
  });

  it("folds text the same way for phrase and paper", () => {
    expect(foldForMatching("  Ｒｅｗａｒｄ–Model  ")).toBe(" reward model ");
    expect(foldForMatching("Hénaff")).toBe(" henaff ");
  });
});
