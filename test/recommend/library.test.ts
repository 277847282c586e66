import { describe, expect, it } from "vitest";
import {
  LIBRARY_VERSION,
  bibtexFile,
  dismissPaper,
  emptyLibrary,
  interestsOf,
  mergeLibraries,
  readLibrary,
  savePaper,
  savedNewestFirst,
  toggleFollow,
  updatePaper,
  withRecord,
} from "../../src/browser/library.ts";
import type { PaperRecord } from "../../src/browser/features.ts";

const record: PaperRecord = {
  version: 1,
  slug: "debate-helps",
  title: "Debate Helps",
  date: "2025-03-17",
  byline: ["Hao Lang"],
  etAl: false,
  topics: ["alignment-oversight"],
  arxivId: "2501.13124",
  bibtex: "@misc{lang2025debate,\n  title = {{Debate Helps}}\n}",
  vector: { terms: ["debat", "weak strong"], weights: [255, 120], scale: 0.42 },
  shown: { debat: "debate" },
};

describe("the library's storage format", () => {
  it("reads the older version 1 (saved papers only, as a list) into this version", () => {
    const v1 = {
      version: 1,
      saved: [
        { slug: "a-paper", title: "A paper", savedAt: "2025-03-18T10:00:00.000Z" },
        { slug: "b", title: "B" },
      ],
    };
    const library = readLibrary(JSON.parse(JSON.stringify(v1)))!;
    expect(library.version).toBe(LIBRARY_VERSION);
    expect(library.papers["a-paper"]).toEqual({ slug: "a-paper", title: "A paper", savedAt: "2025-03-18T10:00:00.000Z", tags: [], note: "", read: false });
    expect(Object.keys(library.papers)).toEqual(["a-paper", "b"]);
    expect(library.follows).toEqual({ authors: [], topics: [], keywords: [] });
  });

  it("reads back what it wrote", () => {
    let library = savePaper(emptyLibrary(), { slug: "debate-helps", title: "Debate Helps" }, new Date("2025-03-18T00:00:00Z"));
    library = { ...library, papers: { "debate-helps": withRecord(library.papers["debate-helps"], record) } };
    library = updatePaper(library, "debate-helps", { tags: ["to read", "alignment"], note: "Cite in §2", read: true });
    library = toggleFollow(library, "authors", { slug: "hao-lang", name: "Hao Lang" });
    library = dismissPaper(library, { slug: "other", title: "Other", vector: record.vector }, new Date("2025-03-19T00:00:00Z"));
    expect(readLibrary(JSON.parse(JSON.stringify(library)))).toEqual(library);
    expect(interestsOf(library)).toEqual({ topics: [], authors: ["hao-lang"], keywords: [] });
  });

  it("leaves a newer version alone, and refuses what is not a library", () => {
    expect(readLibrary({ format: "paper-digest-library", version: LIBRARY_VERSION + 1, papers: {} })).toBeUndefined();
    expect(readLibrary({ version: 2, papers: {} })).toBeUndefined();
    expect(readLibrary([])).toBeUndefined();
    expect(readLibrary("{}")).toBeUndefined();
  });

  it("drops or bounds every value of an imported file that does not fit", () => {
    const hostile = {
      format: "paper-digest-library",
      version: 2,
      papers: {
        a: { slug: "../../etc", title: "Escape" },
        b: { slug: "ok-paper", title: "<img src=x onerror=alert(1)>", note: "x".repeat(50_000), tags: ["t", 5, "t", ""], read: "yes", bibtex: "not bibtex" },
        c: { slug: "vec", title: "V", vector: { terms: ["a"], weights: [999], scale: 0.5 } },
        d: { slug: "proto", title: 7 },
      },
      dismissed: { x: { slug: "Bad Slug" }, y: { slug: "fine", title: "Fine" } },
      follows: { authors: [{ slug: "ann-lee", name: "Ann" }, { slug: "ann-lee" }, { slug: "javascript:alert(1)" }], topics: "no", keywords: [" rl ", 3, "rl"] },
    };
    const library = readLibrary(hostile)!;
    expect(Object.keys(library.papers)).toEqual(["ok-paper", "vec"]);
    const ok = library.papers["ok-paper"];
    // Text stays text: the page shows it with textContent.
    expect(ok.title).toBe("<img src=x onerror=alert(1)>");
    expect(ok.note).toHaveLength(20_000);
    expect(ok.tags).toEqual(["t"]);
    expect(ok.read).toBe(false);
    expect(ok.bibtex).toBeUndefined();
    expect(library.papers.vec.vector).toBeUndefined();
    expect(Object.keys(library.dismissed)).toEqual(["fine"]);
    expect(library.follows).toEqual({ authors: [{ slug: "ann-lee", name: "Ann" }], topics: [], keywords: ["rl"] });
  });

  it("merges an import, the imported entry winning, and exports BibTeX newest first", () => {
    const here = updatePaper(savePaper(emptyLibrary(), { slug: "debate-helps", title: "Debate Helps" }), "debate-helps", { note: "here" });
    let there = savePaper(emptyLibrary(), { slug: "debate-helps", title: "Debate Helps" });
    there = { ...there, papers: { "debate-helps": { ...withRecord(there.papers["debate-helps"], record), note: "there" } } };
    there = savePaper(there, { slug: "older", title: "Older" });
    there = { ...there, papers: { ...there.papers, older: { ...there.papers.older, date: "2024-01-01", bibtex: "@misc{old,\n}" } } };
    const merged = mergeLibraries(here, there);
    expect(merged.papers["debate-helps"].note).toBe("there");
    expect(savedNewestFirst(merged).map((p) => p.slug)).toEqual(["debate-helps", "older"]);
    expect(bibtexFile(merged)).toBe(`${record.bibtex}\n\n@misc{old,\n}\n`);
  });
});
