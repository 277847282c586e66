import { describe, expect, it } from "vitest";
import { baseSlug, SLUG_PATTERN } from "../../src/model/slugs.ts";
import { slugs } from "../../src/ingest/stages/slugs.ts";
import { pagePath } from "../../src/store/paths.ts";
import { newPaper } from "../../src/model/paper.ts";
import { pipelineContext, publishedPage } from "../helpers.ts";

describe("slugs", () => {
  it.each([
    ["Yi: Open Foundation Models by 01.AI", "yi-open-foundation-models-by-01-ai"],
    ["../../etc/passwd", "etc-passwd"],
    ["C:\\Windows\\System32", "c-windows-system32"],
    ["Tülu 3: Pushing Frontiers", "tuelu-3-pushing-frontiers"],
    ["🚀🔥", "paper"],
    ["   ", "paper"],
    ["<script>alert(1)</script>", "script-alert-1-script"],
  ])("%s → %s", (title, slug) => {
    expect(baseSlug(title)).toBe(slug);
  });

  it("cuts long titles at a word boundary, at most 80 characters", () => {
    const slug = baseSlug("word ".repeat(100));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug).toMatch(SLUG_PATTERN);
    expect(slug.endsWith("word")).toBe(true);
  });

  it("keeps a published slug, and gives a second paper with the same title a stable suffix", () => {
    const paper = (id: string) => ({
      ...newPaper({ titleRaw: "Same", abstractRaw: id, date: "2025-03-17", rank: 1, source: { file: "f", line: 1 } }),
      id,
      title: "Same",
    });
    const first = slugs([paper("aaaaaaaa11"), paper("bbbbbbbb22")], pipelineContext());
    expect(first.map((p) => p.slug)).toEqual(["same", "same-bbbbbb"]);
    // Published earlier under another slug: it keeps it, whatever order papers arrive in.
    const published = new Map([["aaaaaaaa11", publishedPage({ id: "aaaaaaaa11", slug: "same-old", title: "Same", abstract: "aaaaaaaa11" })]]);
    const later = slugs([paper("bbbbbbbb22"), paper("aaaaaaaa11")], pipelineContext({ published }));
    expect(later.map((p) => p.slug)).toEqual(["same", "same-old"]);
  });

  it("refuses to build a page path from anything but a clean slug", () => {
    expect(() => pagePath("content/papers", "../x")).toThrow(/unsafe slug/);
    expect(() => pagePath("content/papers", "a/b")).toThrow(/unsafe slug/);
    expect(pagePath("content/papers", "ok-slug")).toMatch(/content\/papers\/ok-slug\.md$/);
  });
});
