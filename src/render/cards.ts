import type { Environment } from "nunjucks";
import type { PaperItem } from "../archive/paper-files.ts";
import { siteContent } from "../archive/content-dir.ts";

/**
 * Where a card is listed. On a day's issue (`"issue"`) the page gives the date, and each card carries a COinS span so a
 * reference manager (Zotero) offers the issue as a list of papers. On a topic's or an author's page (`"archive"`) the
 * card shows its issue's date and no COinS: a paper has one issue but many such pages, and the spans would be most of
 * the bytes those pages add (docs/library.md).
 */
export type CardListing = "issue" | "archive";

/** Each paper's cards for the build that read the paper (the next build reads it anew). */
const cards = new WeakMap<PaperItem, Partial<Record<CardListing, string>>>();

/**
 * Nunjucks filter: `{{ paper | paperCard("issue") | safe }}`, the paper's card in a listing
 * (templates/partials/paper-card.njk), rendered once per build and listing kind and then reused: a paper shows
 * on its issue, on each of its topics' pages and on each of its authors'.
 */
export function paperCard(this: { env: Environment }, paper: PaperItem, listing: CardListing): string {
  // A template of an older content folder (`paperCard(true)`) would otherwise lose the date or the COinS unnoticed.
  if (listing !== "issue" && listing !== "archive") throw new Error(`paperCard: the listing is "issue" or "archive", not ${JSON.stringify(listing)}`);
  let rendered = cards.get(paper);
  if (!rendered) cards.set(paper, (rendered = {}));
  return (rendered[listing] ??= this.env.render("partials/paper-card.njk", { paper, listing, site: siteContent().site }).trim());
}
