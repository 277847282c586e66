import { describe, expect, it } from "vitest";
import { buildAuthors, hasAuthorPage } from "../../src/archive/authors.ts";
import type { PaperItem } from "../../src/archive/paper-files.ts";
import { FORMAT_FILTERS } from "../../src/render/format.ts";

/** Who has an author page (src/archive/authors.ts): papers enough, or a page already published. */

/** A listed paper with these authors, newest first in the order given. */
function paper(slug: string, authors: string[], issue = "2025-03-17"): PaperItem {
  return {
    url: `/papers/${slug}/`,
    inputPath: `content/papers/${slug}.md`,
    body: "",
    data: { slug, authors, issues: [issue], topics: [] },
  } as unknown as PaperItem;
}

const papers = [
  paper("c", ["Ann Lee", "Bo Chen", "Cy Dee"], "2025-03-19"),
  paper("b", ["Ann Lee", "Dan Roe"], "2025-03-18"),
  paper("a", ["ANN LEE", "Bo Chen"], "2025-03-17"),
];
const rule = (minPapers: number, published: string[] = []) => ({ minPapers, published: new Set(published) });

describe("author pages", () => {
  it("go to authors with minPapers papers or more, and no one else", () => {
    const { authorPages, withPages, authorFeeds } = buildAuthors(papers, 50, 100, rule(2));
    expect([...withPages].sort()).toEqual(["ann-lee", "bo-chen"]);
    expect(authorPages.map((p) => [p.slug, p.name, p.count, p.pageUrl, p.feedUrl])).toEqual([
      ["ann-lee", "Ann Lee", 3, "/authors/ann-lee/", "/authors/ann-lee/feed.xml"],
      ["bo-chen", "Bo Chen", 2, "/authors/bo-chen/", "/authors/bo-chen/feed.xml"],
    ]);
    expect(authorFeeds.map((f) => [f.url, f.papers.map((p) => p.data.slug)])).toEqual([
      ["/authors/ann-lee/feed.xml", ["c", "b", "a"]],
      ["/authors/bo-chen/feed.xml", ["c", "a"]],
    ]);
    expect(buildAuthors(papers, 50, 100, rule(3)).authorPages.map((p) => p.slug)).toEqual(["ann-lee"]);
    // At 1, as before there was a threshold: everyone.
    expect([...buildAuthors(papers, 50, 100, rule(1)).withPages].sort()).toEqual(["ann-lee", "bo-chen", "cy-dee", "dan-roe"]);
  });

  it("are headed by the name as most papers write it; on a tie, the spelling with accents", () => {
    const spellings = [paper("x", ["Olivier Henaff"]), paper("y", ["Olivier Hénaff"])];
    expect(buildAuthors(spellings, 50, 100, rule(2)).authorPages.map((p) => [p.slug, p.name])).toEqual([["olivier-henaff", "Olivier Hénaff"]]);
  });

  it("go to every author whose page was published, with the papers they have, or none now", () => {
    const { authorPages, withPages, authorFeeds } = buildAuthors(papers, 50, 100, rule(2, ["dan-roe", "zed-gone"]));
    expect([...withPages].sort()).toEqual(["ann-lee", "bo-chen", "dan-roe", "zed-gone"]);
    const dan = authorPages.find((p) => p.slug === "dan-roe")!;
    expect([dan.name, dan.count, dan.papers.map((p) => p.data.slug)]).toEqual(["Dan Roe", 1, ["b"]]);
    // Gone from the archive: one page keeps the URL, its name the slug, with no papers and an empty feed.
    const gone = authorPages.filter((p) => p.slug === "zed-gone");
    expect(gone.map((p) => [p.name, p.count, p.papers.length, p.pageNumber, p.pageUrl])).toEqual([["zed-gone", 0, 0, undefined, "/authors/zed-gone/"]]);
    expect(authorFeeds.find((f) => f.slug === "zed-gone")!.papers).toEqual([]);
    expect(hasAuthorPage("cy-dee", 1, rule(2, ["dan-roe"]))).toBe(false);
    expect(hasAuthorPage("dan-roe", 1, rule(2, ["dan-roe"]))).toBe(true);
    expect(hasAuthorPage("cy-dee", 2, rule(2))).toBe(true);
  });

  it("show the newest papers on the front page, the rest on pages numbered from the oldest; their feeds hold the newest feedItems", () => {
    const { authorPages, authorFeeds } = buildAuthors(papers, 2, 2, rule(2));
    const ann = authorPages.filter((p) => p.slug === "ann-lee");
    expect(ann.map((p) => [p.pageUrl, p.papers.map((paper) => paper.data.slug), p.previousUrl, p.nextUrl])).toEqual([
      ["/authors/ann-lee/", ["c", "b"], undefined, "/authors/ann-lee/page/1/"],
      ["/authors/ann-lee/page/1/", ["b", "a"], "/authors/ann-lee/page/2/", undefined],
      ["/authors/ann-lee/page/2/", ["c"], "/authors/ann-lee/", "/authors/ann-lee/page/1/"],
    ]);
    expect(ann.map((p) => p.frontUrl)).toEqual(Array(3).fill("/authors/ann-lee/"));
    expect(authorFeeds[0].papers.map((p) => p.data.slug)).toEqual(["c", "b"]);
  });

  it("keep every numbered page as it was when the author publishes again, but the newest one or two", () => {
    // All a page shows: its papers, its place and its links.
    const shown = (list: PaperItem[]) =>
      new Map(
        buildAuthors(list, 5, 5, rule(2)).authorPages.map(({ papers: on, ...page }) => [page.pageUrl, JSON.stringify([on.map((p) => p.data.slug), page])]),
      );
    let list: PaperItem[] = [];
    for (let n = 1; n <= 40; n++) {
      const before = shown(list);
      list = [paper(`p${n}`, ["Ann Lee"]), ...list];
      const after = shown(list);
      const changed = [...after].filter(([url, slugs]) => before.get(url) !== slugs).map(([url]) => url);
      const numbered = [...after.keys()].filter((url) => url.includes("/page/")).length;
      // The front page, and of the numbered pages only the newest (one more paper), or a new one and the one before it (its link).
      const olderChanged = changed.filter((url) => url !== "/authors/ann-lee/" && Number(/page\/(\d+)/.exec(url)![1]) < numbered - 1);
      expect(olderChanged, `paper ${n}`).toEqual([]);
      if (n > 5) expect(changed, `paper ${n}`).toContain(`/authors/ann-lee/page/${numbered}/`);
      for (const url of before.keys()) expect(after.has(url), `${url} after paper ${n}`).toBe(true);
    }
  });

  it("rank the authors index by papers, then name, over an archive of more authors than it lists, ties at its end too", () => {
    // 600 authors with 1 to 4 papers: 150 with each count, so the index's 200 end inside the 3-paper tie.
    const names = Array.from({ length: 600 }, (_, i) => `Author ${String((i * 7919) % 600).padStart(3, "0")} ${"xyzw"[i % 4]}`);
    // Papers of 40 authors each (a paper of more than 50 links only its first 10).
    const many = Array.from({ length: 4 }, (_, k) => names.filter((_, i) => i % 4 >= k)).flatMap((authors, k) =>
      Array.from({ length: Math.ceil(authors.length / 40) }, (_, j) => paper(`m${k}-${j}`, authors.slice(40 * j, 40 * j + 40))),
    );
    const { topAuthors } = buildAuthors(many, 50, 100, rule(2));
    const counts = new Map(names.map((name, i) => [name, (i % 4) + 1]));
    const expected = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 200);
    expect(topAuthors.map((a) => [a.name, a.count])).toEqual(expected);
    expect(new Set(topAuthors.map((a) => a.count))).toEqual(new Set([4, 3]));
  });

  it("are linked from the authors index for those who have one, the others to a search for their name", () => {
    const { topAuthors } = buildAuthors(papers, 50, 100, rule(2));
    expect(topAuthors.map((a) => [a.name, a.count, a.url])).toEqual([
      ["Ann Lee", 3, "/authors/ann-lee/"],
      ["Bo Chen", 2, "/authors/bo-chen/"],
      ["Cy Dee", 1, "/search/?q=Cy%20Dee"],
      ["Dan Roe", 1, "/search/?q=Dan%20Roe"],
    ]);
  });
});

describe("the authorUrl filter", () => {
  const withPages = new Set(["ann-lee"]);
  it("links a name to the author's page if they have one, whatever its case or accents, else to a search for it", () => {
    expect(FORMAT_FILTERS.authorUrl("Ann Lee", withPages)).toBe("/authors/ann-lee/");
    expect(FORMAT_FILTERS.authorUrl("ÀNN LEE", withPages)).toBe("/authors/ann-lee/");
    expect(FORMAT_FILTERS.authorUrl("Bo Chen", withPages)).toBe("/search/?q=Bo%20Chen");
    expect(FORMAT_FILTERS.authorUrl(`O'Neil & "Co" <x>`, withPages)).toBe("/search/?q=O'Neil%20%26%20%22Co%22%20%3Cx%3E");
  });

  it("refuses to guess when the template does not say who has a page", () => {
    expect(() => (FORMAT_FILTERS.authorUrl as (name: string) => string)("Ann Lee")).toThrow(/authorUrl\(collections\.authorsWithPages\)/);
  });
});
