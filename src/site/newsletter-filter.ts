import { siteContent } from "../archive/content-dir.ts";
import type { Issue } from "../archive/issues.ts";
import type { SiteSettings } from "../store/settings.ts";
import { fitNewsletter } from "../newsletter/export.ts";

/** Nunjucks filter for the web version: `{{ issue | newsletterHtml(site) | safe }}`: the email's HTML, less the unsubscribe link. */
export function newsletterHtml(issue: Issue, site: SiteSettings): string {
  return fitNewsletter({ date: issue.date, papers: issue.papers.map((item) => item.data) }, site, siteContent().taxonomy, { web: true, rising: issue.rising })
    .html;
}
