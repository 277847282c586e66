import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { abstractSimilarity, candidateKeys, identityTextOf, identityWords, NEAR_IDENTICAL, paperId, samePaper, titlesMatch } from "../../src/model/identity.ts";
import { readDigest } from "../../src/sources/index.ts";
import { SAMPLE } from "../helpers.ts";

const words = identityWords;

describe("when two listings are the same paper", () => {
  it.each([
    ["Yi: Open Foundation Models by 01.AI", "yi - open foundation models by 01.ai", true], // case, punctuation, spacing
    ["Tool-Augmented Reward Modeling", "Tool-Augmented Reward Models", true], // one word
    ["Tool-Augmented Reward Modeling", "Tool-Augmented Reward Modelling Revisited", false], // two words in a short title
    ["Debate Helps Weak-to-Strong Generalization", "Weak-to-Strong Generalization: Eliciting Strong Capabilities With Weak Supervision", false],
  ])("titles %j and %j match: %s", (a, b, expected) => {
    expect(titlesMatch(words(a), words(b))).toBe(expected);
  });

  const sample = readDigest(SAMPLE).papers;
  const yi = sample[0];

  it("scores a typo fix near 1 and a different abstract near 0", () => {
    const fixed = yi.abstractRaw.replace("We introduce the Yi model family", "We present the Yi model family");
    expect(abstractSimilarity(words(yi.abstractRaw), words(fixed))).toBeGreaterThan(0.97);
    expect(abstractSimilarity(words(yi.abstractRaw), words(sample[1].abstractRaw))).toBeLessThan(0.2);
  });

  it("takes a corrected abstract, or a title with a word changed, for the same paper", () => {
    const original = identityTextOf(yi.titleRaw, yi.abstractRaw);
    expect(samePaper(original, identityTextOf(yi.titleRaw, yi.abstractRaw.replace("introduce", "present")))).toBe(true);
    expect(samePaper(original, identityTextOf("Yi: Open Foundation Models from 01.AI", yi.abstractRaw))).toBe(true);
  });

  it("takes a rewritten title for the same paper only in the same place (issue and rank) with the same abstract", () => {
    const original = identityTextOf(yi.titleRaw, yi.abstractRaw);
    const retitled = identityTextOf("The Yi Model Family", yi.abstractRaw);
    expect(samePaper(original, retitled)).toBe(false);
    expect(samePaper(original, retitled, true)).toBe(true);
  });

  it("decides as the abstracts' similarity does, however far apart they are (the bound tried first turns no match away)", () => {
    // A real abstract and the same with words replaced, dropped or repeated: from identical to unrelated, around the
    // threshold most often.
    const edit = fc.record({ at: fc.nat(), kind: fc.constantFrom("replace", "drop", "repeat"), with: fc.constantFrom(...words(sample[1].abstractRaw)) });
    let near = 0;
    fc.assert(
      fc.property(fc.nat(sample.length - 1), fc.array(edit, { maxLength: 100, size: "max" }), (index, edits) => {
        const original = words(sample[index].abstractRaw);
        const edited = [...original];
        for (const { at, kind, with: word } of edits) {
          const i = at % Math.max(edited.length, 1);
          if (kind === "replace") edited[i] = word;
          else if (kind === "drop") edited.splice(i, 1);
          else edited.splice(i, 0, edited[i] ?? word);
        }
        const similar = abstractSimilarity(original, edited) >= NEAR_IDENTICAL;
        if (similar) near++;
        const title = sample[index].titleRaw;
        expect(samePaper(identityTextOf(title, sample[index].abstractRaw), identityTextOf(title, edited.join(" ")))).toBe(similar);
      }),
      { numRuns: 500 },
    );
    // Both answers were given.
    expect(near).toBeGreaterThan(50);
    expect(near).toBeLessThan(450);
  });

  it("keeps every pair of different sample papers apart, even in the same place", () => {
    const texts = sample.map((p) => identityTextOf(p.titleRaw, p.abstractRaw));
    for (let a = 0; a < texts.length; a++) {
      for (let b = a + 1; b < texts.length; b++) expect(samePaper(texts[a], texts[b], true), `${sample[a].titleRaw} / ${sample[b].titleRaw}`).toBe(false);
    }
  });
});

describe("a paper's id", () => {
  // Ids name published pages and feed guids: however the hashing is rewritten, the committed sample pages keep theirs.
  it("is the one the committed sample pages were written with", () => {
    const dir = join("content", "papers");
    const committed = new Set(
      readdirSync(dir)
        .filter((n) => n.endsWith(".md"))
        .map((n) => /^id: (\S+)$/m.exec(readFileSync(join(dir, n), "utf8"))![1]),
    );
    const sample = readDigest(SAMPLE).papers;
    expect(sample.length).toBeGreaterThan(20);
    for (const p of sample) expect(committed).toContain(paperId(p.titleRaw, p.abstractRaw));
  });

  it("ignores case, width and spacing", () => {
    const yi = readDigest(SAMPLE).papers[0];
    const variant = `  ${yi.titleRaw.toUpperCase().replaceAll(" ", " \t ")}\n`;
    expect(paperId(variant, yi.abstractRaw.replaceAll(" ", "\n  ").normalize("NFD"))).toBe(paperId(yi.titleRaw, yi.abstractRaw));
  });
});

describe("candidate keys", () => {
  /** The keys as the whole word list gives them: the title, the abstract's first and last eight words. */
  const fromAllWords = (title: string, abstract: string) => {
    const words = identityWords(abstract);
    return [`t:${identityWords(title).join(" ")}`, `a:${words.slice(0, 8).join(" ")}`, `z:${words.slice(-8).join(" ")}`];
  };

  it("are the words at the ends of the abstract, found without splitting all of it", () => {
    for (const paper of readDigest(SAMPLE).papers)
      expect(candidateKeys(paper.titleRaw, paper.abstractRaw)).toEqual(fromAllWords(paper.titleRaw, paper.abstractRaw));
    const piece = fc.constantFrom("word", "Σ", "ΣΑΣ", "e\u0301", "ﬁ", "𝒪", "x²", "\u00a0", " ", "  ", "\n", "-", ".", "42", "İ");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 400 }), fc.array(piece, { maxLength: 12 }), (parts, titleParts) => {
        expect(candidateKeys(titleParts.join(""), parts.join(""))).toEqual(fromAllWords(titleParts.join(""), parts.join("")));
      }),
    );
  });
});
