import { authorSlug, byline } from "../model/authors.ts";
import { followsNothing, isFollowed, type FollowablePaper, type Interests } from "../model/follow.ts";
import type { Topic } from "../analysis/topics.ts";
import { arxivAbsUrl } from "../model/arxiv.ts";
import { topicNamer } from "../analysis/topics.ts";
import { readableDate, shortDate } from "../model/dates.ts";
import { paperCount } from "../text/numbers.ts";
import type { IssueOf } from "../model/issue.ts";
import { codeLinks } from "../model/paper.ts";
import type { FrontMatter } from "../store/schema.ts";
import type { SiteSettings } from "../store/settings.ts";
import { absoluteUrl, issueUrl, newsletterUrl, paperUrl, topicUrl, SITE_PAGES } from "../model/urls.ts";
import { riseText, weekLabel, type TopicRise } from "../trends/rising.ts";

/**
 * A paper as the newsletter reads it: the front matter of its page (or an Eleventy item's data), and its abstract where
 * a reader's keywords are looked for in it.
 */
export type PaperRecord = Pick<FrontMatter, "title" | "slug" | "summary" | "topics" | "issues" | "rank" | "links" | "authors" | "arxiv_id" | "note"> & {
  abstract?: string;
};

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
  /** What the reader follows, in words ("" for a reader who follows nothing): why this issue holds these papers. */
  following: string;
  postalAddress: string;
}

export interface NewsletterOptions {
  /** Only the papers a reader follows (src/model/follow.ts: the site's one rule); the whole issue for one who follows nothing. */
  interests?: Interests;
  /** The followed authors as the reader wrote them, for the words that say what they follow (else their slugs). */
  authorNames?: readonly string[];
  /** Show at most this many papers (the export lowers it until the HTML fits). */
  limit?: number;
  /** The web version: its readers are not subscribers, so it has no unsubscribe link. */
  web?: boolean;
  /** The reader's own unsubscribe link, in place of the configured one (`newsletter.unsubscribe`). */
  unsubscribe?: string;
  /** The topics rising in the week to this issue, from the whole archive. */
  rising?: TopicRise;
}

/** A paper as the follow rule reads it, computed once per paper however many readers' issues it is filtered for. */
const followable = new WeakMap<PaperRecord, FollowablePaper>();
function followableOf(paper: PaperRecord): FollowablePaper {
  let found = followable.get(paper);
  if (!found) {
    found = { topics: paper.topics, authorSlugs: (paper.authors ?? []).map(authorSlug), text: [paper.title, paper.summary, paper.abstract ?? ""] };
    followable.set(paper, found);
  }
  return found;
}

/** The first few things a reader follows, for a subject line: topic names, keywords in quotes, author names. */
function followingNames(interests: Interests, topicName: (slug: string) => string, authorNames: readonly string[]): string[] {
  return [...interests.topics.map(topicName), ...interests.keywords.map((k) => `“${k}”`), ...authorNames];
}

/**
 * One issue (src/model/issue.ts: its papers in reading order) as a newsletter, each paper under its
 * first topic (among the chosen ones), groups ordered by their best-placed paper. The same
 * model feeds the HTML, text and Markdown templates, the .eml and the web version.
 */
export function buildNewsletter(issue: IssueOf<PaperRecord>, site: SiteSettings, taxonomy: Topic[], options: NewsletterOptions = {}): Newsletter {
  const issueDate = issue.date;
  const interests = options.interests && !followsNothing(options.interests) ? options.interests : undefined;
  const inIssue = interests ? issue.papers.filter((p) => isFollowed(followableOf(p), interests)) : issue.papers;
  const wanted = interests?.topics.length ? new Set(interests.topics) : undefined;
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

  const authorNames = interests ? (options.authorNames ?? interests.authors) : [];
  const names = interests ? followingNames(interests, topicName, authorNames) : [];
  // A subject stays short: the first three things followed, and how many more.
  const topicNote = names.length ? ` (${names.slice(0, 3).join(", ")}${names.length > 3 ? ` and ${names.length - 3} more` : ""})` : "";
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
      unsubscribe: options.web ? "" : (options.unsubscribe ?? site.newsletter.unsubscribe),
    },
    following: interests ? followingText(interests, topicName, authorNames) : "",
    postalAddress: site.newsletter.postalAddress,
  };
}

/** "You follow the topics A and B, the authors C, and the keywords “d”." */
function followingText(interests: Interests, topicName: (slug: string) => string, authorNames: readonly string[]): string {
  const list = (items: string[]) => (items.length > 1 ? `${items.slice(0, -1).join(", ")} and ${items.at(-1)}` : items[0]);
  const parts = [
    interests.topics.length ? `the ${interests.topics.length > 1 ? "topics" : "topic"} ${list(interests.topics.map(topicName))}` : "",
    authorNames.length ? `the ${authorNames.length > 1 ? "authors" : "author"} ${list([...authorNames])}` : "",
    interests.keywords.length ? `the ${interests.keywords.length > 1 ? "keywords" : "keyword"} ${list(interests.keywords.map((k) => `“${k}”`))}` : "",
  ].filter(Boolean);
  return `You follow ${list(parts)}.`;
}
