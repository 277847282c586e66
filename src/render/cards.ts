import type { Environment } from "nunjucks";
import type { PaperItem } from "../archive/paper-files.ts";
import { siteContent } from "../archive/content-dir.ts";

/** Each paper's card without and with its date, for the build that read the paper (the next build reads it anew). */
const cards = new WeakMap<PaperItem, [plain?: string, dated?: string]>();

/**
 * Nunjucks filter: `{{ paper | paperCard(showDate) | safe }}`, the paper's card in a listing
 * (templates/partials/paper-card.njk), rendered once per build and then reused: a paper shows
 * on its issue, on each of its topics' pages and on each of its authors'.
 */
export function paperCard(this: { env: Environment }, paper: PaperItem, showDate = false): string {
  let pair = cards.get(paper);
  if (!pair) cards.set(paper, (pair = []));
  return (pair[showDate ? 1 : 0] ??= this.env.render("partials/paper-card.njk", { paper, showDate, site: siteContent().site }).trim());
}
