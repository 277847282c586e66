import { byline } from "../model/authors.ts";
import type { Topic } from "../analysis/topics.ts";
import { arxivAbsUrl } from "../model/arxiv.ts";
import { topicNamer } from "../analysis/topics.ts";
import { readableDate, shortDate } from "../model/dates.ts";
import { paperCount } from "../text/numbers.ts";
import type { IssueOf } from "../model/issue.ts";
import { codeLinks } from "../model/paper.ts";
import type { FrontMatter } from "../store/schema.ts";
import type { SiteSettings } from "../archive/settings.ts";
import { absoluteUrl, issueUrl, newsletterUrl, paperUrl, topicUrl, SITE_PAGES } from "../model/urls.ts";
import { riseText, weekLabel, type TopicRise } from "../trends/rising.ts";

/** A paper as the newsletter reads it: the front matter of its page (or an Eleventy item's data). */
export type PaperRecord = Pick<FrontMatter, "title" | "slug" | "summary" | "topics" | "issues" | "rank" | "links" | "authors" | "arxiv_id" | "note">;

export interface NewsletterPaper {
  title: string;
  url: string;
  summary: string;
  topicNames: string[];
  codeLinks: string[];
  /** The first authors ("Ann Lee, Bo Chen, Cy Dee et al."); "" when no source named them. */
  byline: string;
  /** The paper on arXiv; "" when its arXiv id is unknown. */
  arxivUrl: string;
  /** The curator's note; "" for none. */
  note: string;
}

export interface Newsletter {
  date: string;
  readableDate: string;
  subject: string;
  preheader: string;
  /** Every paper of the issue (after the topic filter), shown or not. */
  total: number;
  shown: number;
  groups: { slug: string; name: string; url: string; papers: NewsletterPaper[] }[];
  /** Papers left out to keep the email small, and where to read them. */
  more: { count: number; url: string };
  /** Topics rising in the week to this issue (src/trends/rising.ts), as the site's home page words them; none without history. */
  rising: { week: string; topics: { name: string; url: string; text: string }[]; url: string };
  site: { title: string; url: string; description: string };
  urls: { web: string; feed: string; feeds: string; unsubscribe: string };
  postalAddress: string;
}

export interface NewsletterOptions {
  /** Only papers in any of these topics; empty for all. */
  topics?: string[];
  /** Show at most this many papers (the export lowers it until the HTML fits). */
  limit?: number;
  /** The web version: its readers are not subscribers, so it has no unsubscribe link. */
  web?: boolean;
  /** The topics rising in the week to this issue, from the whole archive. */
  rising?: TopicRise;
}

/**
 * One issue (src/model/issue.ts: its papers in reading order) as a newsletter, each paper under its
 * first topic (among the chosen ones), groups ordered by their best-placed paper. The same
 * model feeds the HTML, text and Markdown templates, the .eml and the web version.
 */
export function buildNewsletter(issue: IssueOf<PaperRecord>, site: SiteSettings, taxonomy: Topic[], options: NewsletterOptions = {}): Newsletter {
  const issueDate = issue.date;
  const wanted = options.topics?.length ? new Set(options.topics) : undefined;
  const inIssue = wanted ? issue.papers.filter((p) => p.topics.some((t) => wanted.has(t))) : issue.papers;
  const limit = Math.min(options.limit ?? site.newsletter.maxPapers, inIssue.length);
  const shown = inIssue.slice(0, limit);

  const topicName = topicNamer(taxonomy);
  const groups = new Map<string, Newsletter["groups"][number]>();
  for (const paper of shown) {
    const topic = paper.topics.find((t) => !wanted || wanted.has(t)) ?? paper.topics[0] ?? "other";
    if (!groups.has(topic)) groups.set(topic, { slug: topic, name: topicName(topic), url: absoluteUrl(topicUrl(topic), site.url), papers: [] });
    groups.get(topic)!.papers.push({
      title: paper.title,
      url: absoluteUrl(paperUrl(paper.slug), site.url),
      summary: paper.summary,
      topicNames: paper.topics.map(topicName),
      codeLinks: codeLinks(paper.links),
      byline: byline(paper.authors),
      arxivUrl: paper.arxiv_id ? arxivAbsUrl(paper.arxiv_id) : "",
      note: paper.note ?? "",
    });
  }

  const topicNote = wanted ? ` (${[...wanted].map(topicName).join(", ")})` : "";
  const count = paperCount(inIssue.length);
  const webUrl = absoluteUrl(newsletterUrl(issueDate), site.url);
  return {
    date: issueDate,
    readableDate: readableDate(issueDate),
    // A header is one line, whatever the config holds.
    subject: `${site.title} — ${shortDate(issueDate)}: ${count}${topicNote}`.replace(/\s+/g, " "),
    preheader: shown
      .slice(0, 3)
      .map((p) => p.title)
      .join(" · "),
    total: inIssue.length,
    shown: shown.length,
    groups: [...groups.values()],
    more: { count: inIssue.length - shown.length, url: absoluteUrl(issueUrl(issueDate), site.url) },
    rising: {
      week: options.rising ? weekLabel(options.rising) : "",
      topics: (options.rising?.topics ?? []).map((t) => ({
        name: topicName(t.slug),
        url: absoluteUrl(topicUrl(t.slug), site.url),
        text: riseText(t, options.rising!),
      })),
      url: absoluteUrl(SITE_PAGES.trends, site.url),
    },
    site: { title: site.title, url: absoluteUrl("/", site.url), description: site.description },
    urls: {
      web: webUrl,
      feed: absoluteUrl("/feed.xml", site.url),
      feeds: absoluteUrl("/feeds/", site.url),
      unsubscribe: options.web ? "" : site.newsletter.unsubscribe,
    },
    postalAddress: site.newsletter.postalAddress,
  };
}
