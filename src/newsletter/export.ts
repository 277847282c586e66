import { mkdirSync } from "node:fs";
import { join } from "node:path";
import writeFileAtomic from "write-file-atomic";
import { loadTaxonomy, type Topic } from "../analysis/topics.ts";
import { readStoredPages } from "../store/read.ts";
import { buildEml } from "./eml.ts";
import { loadSiteSettings, type SiteSettings } from "../store/settings.ts";
import { issuesOf, type IssueOf } from "../model/issue.ts";
import { buildNewsletter, type Newsletter, type NewsletterOptions, type PaperRecord } from "./model.ts";
import { renderHtml, renderMarkdown, renderText, type RenderOptions } from "./render.ts";
import { risingInIssue, type TopicRise } from "../trends/rising.ts";
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

/** One issue as the newsletter needs it: the site's settings, the taxonomy, the issue's papers and the week's rising topics. */
export interface LoadedIssue {
  site: SiteSettings;
  taxonomy: Topic[];
  issue: IssueOf<PaperRecord>;
  rising: TopicRise;
}

/**
 * Reads the pages and picks the issue dated `date` (default the newest). Each paper carries its abstract (as scraped
 * where kept, else the page's body) for the keywords a reader follows.
 */
export function loadIssue(contentDir: string, date?: string): LoadedIssue {
  const site = loadSiteSettings(contentDir);
  const { topics: taxonomy, fallback } = loadTaxonomy(contentDir);
  const papers: PaperRecord[] = [...readStoredPages(join(contentDir, "papers")).values()].map((page) => ({
    ...page.data,
    abstract: page.data.abstract_raw ?? page.content,
  }));
  const issues = issuesOf(papers, (paper) => paper);
  const issue = date ? issues.find((i) => i.date === date) : issues[0];
  if (!issue) {
    const range = issues.length ? `; issues run from ${issues.at(-1)!.date} to ${issues[0].date}` : "";
    throw new Error(date ? `no issue dated ${date}${range}` : "no issues yet: run npm run ingest first");
  }
  return { site, taxonomy, issue, rising: risingInIssue(timelineOf(papers), issue.date, fallback.slug) };
}

/** Writes email.html, email.txt, email.md and email.eml for one issue into `outDir`. */
export async function exportNewsletter(options: ExportOptions): Promise<ExportResult> {
  const { site, taxonomy, issue, rising } = loadIssue(options.contentDir, options.issue);
  const unknown = (options.topics ?? []).filter((t) => !taxonomy.some((topic) => topic.slug === t));
  if (unknown.length) throw new Error(`unknown topic ${unknown.join(", ")}; topics are ${taxonomy.map((t) => t.slug).join(", ")}`);

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
