import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Vocabulary, vocabulary } from "../../src/analysis/terms.ts";
import { readDigest } from "../../src/sources/index.ts";
import { SAMPLE } from "../helpers.ts";

/** What the tokenizer must find: the words of its regular expression, in order, lower-cased. */
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;
const words = (text: string) => vocabulary.tokenize(text).map((id) => vocabulary.word(id));

describe("the tokenizer", () => {
  it("finds the words its regular expression finds, in any text, without cutting a string per word", () => {
    // Letters, numbers and marks from several scripts, apostrophes, surrogate pairs, a lone surrogate, punctuation.
    const pieces = [
      "a",
      "Z",
      "é",
      "É",
      "ß",
      "İ",
      "α",
      "Ω",
      "ж",
      "中",
      "٣",
      "²",
      "7",
      "0",
      "'",
      "’",
      "-",
      " ",
      ".",
      "\u0301",
      "𝑥",
      "😀",
      "\ud835",
      "\u00a0",
      "_",
      "$",
      "\n",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const text = parts.join("");
        expect(words(text)).toEqual(text.toLowerCase().match(WORD) ?? []);
      }),
      { numRuns: 3000 },
    );
  });

  it("gives the sample digest's every word the id of its spelling, however often it comes", () => {
    const text = readDigest(SAMPLE)
      .papers.map((p) => `${p.titleRaw}\n${p.abstractRaw}`)
      .join("\n");
    const found = words(text);
    expect(found).toEqual(text.toLowerCase().match(WORD));
    const ids = vocabulary.tokenize(text);
    const idOf = new Map<string, number>();
    found.forEach((word, i) => expect(idOf.get(word) ?? (idOf.set(word, ids[i]), ids[i])).toBe(ids[i]));
    expect(new Set(ids).size).toBe(idOf.size);
    expect(idOf.size).toBeGreaterThan(2500);
  });

  it("keeps every word's id as its table grows", () => {
    // More distinct words than the table's first size holds at half load: it grows at least once.
    const text = Array.from({ length: 70_000 }, (_, i) => `growth${i.toString(36)}`).join(" ");
    const first = vocabulary.tokenize(text);
    expect(new Set(first).size).toBe(70_000);
    expect(vocabulary.tokenize(text)).toEqual(first);
    expect(vocabulary.word(first[12345])).toBe(`growth${(12345).toString(36)}`);
  });

  it("hands a worker thread its words, stems and ids: a loaded vocabulary reads the same text the same way", () => {
    const text = readDigest(SAMPLE)
      .papers.map((p) => `${p.titleRaw}\n${p.abstractRaw}`)
      .join("\n");
    const ids = vocabulary.tokenize(`${text} ${Array.from({ length: 70_000 }, (_, i) => `load${i.toString(36)}`).join(" ")}`);
    const loaded = new Vocabulary();
    // Through a message, as a worker receives it.
    loaded.load(structuredClone(vocabulary.snapshot()));
    expect(loaded.tokenize(text)).toEqual(vocabulary.tokenize(text));
    for (const id of new Set(ids)) {
      expect([loaded.word(id), loaded.stemOf(id), loaded.isStop(id)]).toEqual([vocabulary.word(id), vocabulary.stemOf(id), vocabulary.isStop(id)]);
    }
    expect(loaded.stemId("model")).toBe(vocabulary.stemId("model"));
    expect(loaded.tokenize("an unseenword")[1]).toBe(vocabulary.tokenize("an unseenword")[1]);
    expect(() => loaded.load(vocabulary.snapshot())).toThrow(/cannot load/);
  });
});
