import { mkdirSync } from "node:fs";
import { join } from "node:path";
import writeFileAtomic from "write-file-atomic";
import { loadTaxonomy, type Topic } from "../analysis/topics.ts";
import { readStoredPages } from "../store/read.ts";
import { buildEml } from "./eml.ts";
import { loadSiteSettings, type SiteSettings } from "../archive/settings.ts";
import { issuesOf, type IssueOf } from "../model/issue.ts";
import { buildNewsletter, type Newsletter, type NewsletterOptions, type PaperRecord } from "./model.ts";
import { renderHtml, renderMarkdown, renderText, type RenderOptions } from "./render.ts";
import { risingInIssue } from "../trends/rising.ts";
import { timelineOf } from "../trends/timeline.ts";

/**
 * The newsletter for one issue, as large as fits: it starts from `maxPapers` and drops the
 * lowest-ranked papers until the HTML is under `maxHtmlBytes` (Gmail clips a message past
 * ~102 KB). Both the export and the site's web version come through here.
 */
export function fitNewsletter(
  issue: IssueOf<PaperRecord>,
  site: SiteSettings,
  taxonomy: Topic[],
  options: Omit<NewsletterOptions, "limit"> & RenderOptions = {},
): { newsletter: Newsletter; html: string } {
  let limit = site.newsletter.maxPapers;
  for (;;) {
    const newsletter = buildNewsletter(issue, site, taxonomy, { ...options, limit });
    const html = renderHtml(newsletter, site.language, options);
    if (Buffer.byteLength(html) <= site.newsletter.maxHtmlBytes || newsletter.shown <= 1) return { newsletter, html };
    limit = Math.min(newsletter.shown - 1, Math.floor(newsletter.shown * 0.85));
  }
}

export interface ExportOptions {
  contentDir: string;
  /** YYYY-MM-DD; default the newest issue. */
  issue?: string;
  topics?: string[];
  /** Default: newsletter-out/<date>/ */
  outDir?: string;
}

export interface ExportResult {
  newsletter: Newsletter;
  files: string[];
}

/** Writes email.html, email.txt, email.md and email.eml for one issue into `outDir`. */
export async function exportNewsletter(options: ExportOptions): Promise<ExportResult> {
  const site = loadSiteSettings(options.contentDir);
  const { topics: taxonomy, fallback } = loadTaxonomy(options.contentDir);
  const papers = [...readStoredPages(join(options.contentDir, "papers")).values()].map((page) => page.data);
  const issues = issuesOf(papers, (paper) => paper);
  const issue = options.issue ? issues.find((i) => i.date === options.issue) : issues[0];
  if (!issue) {
    const range = issues.length ? `; issues run from ${issues.at(-1)!.date} to ${issues[0].date}` : "";
    throw new Error(options.issue ? `no issue dated ${options.issue}${range}` : "no issues yet: run npm run ingest first");
  }
  const unknown = (options.topics ?? []).filter((t) => !taxonomy.some((topic) => topic.slug === t));
  if (unknown.length) throw new Error(`unknown topic ${unknown.join(", ")}; topics are ${taxonomy.map((t) => t.slug).join(", ")}`);

  const rising = risingInIssue(timelineOf(papers), issue.date, fallback.slug);
  const interests = { topics: options.topics ?? [], authors: [], keywords: [] };
  const { newsletter, html } = fitNewsletter(issue, site, taxonomy, { interests, rising });
  const text = renderText(newsletter);
  const outputs: [string, string | Buffer][] = [
    ["email.html", html],
    ["email.txt", text],
    ["email.md", renderMarkdown(newsletter)],
    ["email.eml", await buildEml(newsletter, site.newsletter, html, text, new URL(site.url).hostname)],
  ];
  const outDir = options.outDir ?? join("newsletter-out", issue.date);
  mkdirSync(outDir, { recursive: true });
  for (const [name, data] of outputs) writeFileAtomic.sync(join(outDir, name), data);
  return { newsletter, files: outputs.map(([name]) => join(outDir, name)) };
}
