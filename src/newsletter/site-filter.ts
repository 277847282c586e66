import { taxonomy } from "../site/content-dir.ts";
import type { Issue } from "../site/collections.ts";
import { fitNewsletter } from "./export.ts";
import type { SiteSettings } from "../site/settings.ts";
import type { PaperRecord } from "./model.ts";

/** Nunjucks filter for the web version: `{{ issue | newsletterHtml(site) | safe }}`: the email's HTML, less the unsubscribe link. */
export function newsletterHtml(issue: Issue, site: SiteSettings): string {
  const papers = issue.papers.map((item) => item.data as unknown as PaperRecord);
  return fitNewsletter(issue.date, papers, site, taxonomy, { web: true }).html;
}
