import { describe, expect, it } from "vitest";
import { authorSlug, byline, linkedAuthors, MAX_AUTHOR_SLUG } from "../../src/model/authors.ts";
import { mergeFacts } from "../../src/model/facts.ts";
import { noFacts } from "../../src/model/paper.ts";

describe("author slugs", () => {
  it("ignore case, accents and spacing, and nothing else", () => {
    expect(authorSlug("Olivier Hénaff")).toBe("olivier-henaff");
    expect(authorSlug("OLIVIER  HENAFF")).toBe("olivier-henaff");
    expect(authorSlug("Jürgen Schmidhuber")).toBe(authorSlug("Jurgen Schmidhuber"));
    // Initials are kept as given: no guessing that two spellings are one person.
    expect(authorSlug("Samuel R. Bowman")).toBe("samuel-r-bowman");
    expect(authorSlug("Samuel Bowman")).not.toBe(authorSlug("Samuel R. Bowman"));
    expect(authorSlug("S. Bowman")).not.toBe(authorSlug("Samuel Bowman"));
  });

  it("give a name in any script a safe page of its own", () => {
    const chinese = authorSlug("王小明");
    expect(chinese).toMatch(/^author-[0-9a-f]{10}$/);
    expect(authorSlug("王小红")).not.toBe(chinese);
    expect(authorSlug("Владимир Вапник")).toBe("vladimir-vapnik");
    expect(authorSlug("../../etc/passwd <script>")).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it("never run past 100 bytes: a long name is cut at a word and told apart by a hash of the whole", () => {
    const long = Array.from({ length: 800 }, (_, i) => `Name${i}`).join(" ");
    const slug = authorSlug(long);
    expect(Buffer.byteLength(slug)).toBeLessThanOrEqual(MAX_AUTHOR_SLUG);
    expect(slug).toMatch(/^name0-name1-[a-z0-9-]+-[0-9a-f]{10}$/);
    expect(authorSlug(`${long} Other`)).not.toBe(slug);
    expect(Buffer.byteLength(authorSlug("x".repeat(5000)))).toBeLessThanOrEqual(MAX_AUTHOR_SLUG);
    expect(authorSlug("x".repeat(100))).toBe("x".repeat(100));
  });
});

describe("collaboration papers", () => {
  it("link every author of an ordinary paper, and only the first ten of a list past fifty", () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `Author ${i}`);
    expect(linkedAuthors(names(50))).toEqual(names(50));
    expect(linkedAuthors(names(3000))).toEqual(names(10));
    expect(linkedAuthors(undefined)).toEqual([]);
  });
});

describe("bylines", () => {
  it("name up to four authors, else the first three and et al.", () => {
    expect(byline([])).toBe("");
    expect(byline(["Ann Lee"])).toBe("Ann Lee");
    expect(byline(["Ann Lee", "Bo Chen"])).toBe("Ann Lee and Bo Chen");
    expect(byline(["A", "B", "C", "D"])).toBe("A, B, C and D");
    expect(byline(["A", "B", "C", "D", "E"])).toBe("A, B, C et al.");
  });
});

describe("pooling what listings say of one paper", () => {
  it("keeps the richer value of each fact and drops nothing", () => {
    const text = noFacts();
    const rss = {
      ...noFacts(),
      arxivId: "2305.18290",
      arxivVersion: 4,
      authors: ["A", "B"],
      categories: ["cs.LG", "cs.AI"],
      announcements: [{ date: "2025-03-19", type: "replace" as const, listing: "cs.LG" }],
    };
    const hf = {
      ...noFacts(),
      arxivId: "2305.18290",
      authors: ["A", "B", "C"],
      upvotes: 7,
      submitted: "2023-05-29",
      links: [{ url: "https://github.com/x/y", kind: "code" as const }],
      aiSummary: "One line.",
    };
    const api = {
      ...noFacts(),
      arxivId: "2305.18290",
      arxivVersion: 3,
      categories: ["cs.LG", "cs.CL"],
      msc: ["68T05", "62H30"],
      acm: ["I.2.6"],
      submitted: "2023-06-01",
      upvotes: 3,
    };
    const pooled = [rss, hf, api].reduce(mergeFacts, text);
    expect(pooled).toEqual({
      arxivId: "2305.18290",
      arxivVersion: 4,
      authors: ["A", "B", "C"],
      categories: ["cs.LG", "cs.AI", "cs.CL"],
      msc: ["68T05", "62H30"],
      acm: ["I.2.6"],
      upvotes: 7,
      submitted: "2023-05-29",
      announcements: rss.announcements,
      links: hf.links,
      aiSummary: "One line.",
      aiKeywords: [],
    });
    // The same listing twice changes nothing.
    expect(mergeFacts(pooled, rss)).toEqual(pooled);
  });
});
