import { siteContent } from "../site/content-dir.ts";
import type { Issue } from "../site/collections.ts";
import type { SiteSettings } from "../site/settings.ts";
import { fitNewsletter } from "./export.ts";

/** Nunjucks filter for the web version: `{{ issue | newsletterHtml(site) | safe }}`: the email's HTML, less the unsubscribe link. */
export function newsletterHtml(issue: Issue, site: SiteSettings): string {
  return fitNewsletter({ date: issue.date, papers: issue.papers.map((item) => item.data) }, site, siteContent().taxonomy, { web: true, rising: issue.rising })
    .html;
}
