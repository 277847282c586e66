import { describe, expect, it } from "vitest";
import nunjucks from "nunjucks";
import { paperCard, type CardListing } from "../../src/render/cards.ts";
import type { PaperItem } from "../../src/archive/paper-files.ts";

/** The card filter (src/render/cards.ts) with an environment whose one template says which listing it was given. */
describe("a paper's card in a listing", () => {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([]));
  let renders = 0;
  env.render = ((_name: string, context: { listing: CardListing }) => `card for ${context.listing} #${++renders}`) as typeof env.render;
  const paper = { data: { slug: "a-paper" } } as unknown as PaperItem;

  it("is rendered once per paper and listing, and reused", () => {
    expect(paperCard.call({ env }, paper, "issue")).toBe("card for issue #1");
    expect(paperCard.call({ env }, paper, "archive")).toBe("card for archive #2");
    expect(paperCard.call({ env }, paper, "issue")).toBe("card for issue #1");
  });

  it("refuses a listing it does not know, as an older template's `paperCard(true)` gives", () => {
    expect(() => paperCard.call({ env }, paper, true as unknown as CardListing)).toThrow(/"issue" or "archive", not true/);
  });
});
