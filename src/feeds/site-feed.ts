import { byline, linkedAuthors } from "../model/authors.ts";
import { isoDay } from "../model/dates.ts";
import { arxivAbsUrl, arxivPdfUrl } from "../model/arxiv.ts";
import { paperUrl } from "../model/urls.ts";
import { topicName } from "../archive/content-dir.ts";
import type { PaperItem } from "../archive/paper-files.ts";
import { plainMathMarkdownLibrary } from "../render/markdown.ts";
import type { SiteSettings } from "../store/settings.ts";
import { assembleRss, rssItem } from "./rss.ts";
import { codeLinks } from "../model/paper.ts";
import { escapeHtml } from "../text/html.ts";

const markdown = plainMathMarkdownLibrary();

/** Each paper's feed HTML, for the build that read the paper: a new paper is in the site's feed and in each of its topics' feeds. */
const rendered = new WeakMap<PaperItem, string>();

/**
 * A paper page's abstract as HTML for feed readers: the page's own Markdown, math as Unicode,
 * under what the page and the email show too — first authors, the arXiv page and the PDF, the code,
 * and the curator's note.
 */
export function abstractHtml(item: PaperItem): string {
  let html = rendered.get(item);
  if (html === undefined) rendered.set(item, (html = renderAbstractHtml(item)));
  return html;
}

function renderAbstractHtml(item: PaperItem): string {
  const { authors = [], arxiv_id: arxivId, links } = item.data;
  const facts = [
    ...(authors.length ? [escapeHtml(byline(authors))] : []),
    ...(arxivId ? [`<a href="${arxivAbsUrl(arxivId)}">arXiv:${escapeHtml(arxivId)}</a>`, `<a href="${arxivPdfUrl(arxivId)}">PDF</a>`] : []),
    // The code links the listing cards and the email give.
    ...codeLinks(links).map((url) => `<a href="${escapeHtml(url)}">Code</a>`),
  ];
  const note = item.data.note ? `<p><strong>Curator's note:</strong> ${escapeHtml(item.data.note)}</p>\n` : "";
  return `${facts.length ? `<p>${facts.join(" · ")}</p>\n` : ""}${note}${markdown.render(item.body)}`;
}

/** Each paper's feed item for the build that read the paper, and the site address it was written for. */
const items = new WeakMap<PaperItem, { siteUrl: string; date: string; xml: string }>();

/** A paper as an item of every feed of the site at `siteUrl` (src/feeds/rss.ts), written once a build. */
function feedItem(item: PaperItem, siteUrl: string): { date: string; xml: string } {
  let kept = items.get(item);
  if (kept?.siteUrl !== siteUrl) {
    const paper = {
      title: item.data.title,
      url: paperUrl(item.data.slug),
      date: isoDay(item.data.issues[0]),
      summary: item.data.summary,
      html: abstractHtml(item),
      categories: item.data.topics.map(topicName),
      authors: [...linkedAuthors(item.data.authors)],
    };
    items.set(item, (kept = { siteUrl, date: paper.date, xml: rssItem(paper, siteUrl) }));
  }
  return kept;
}

/**
 * Nunjucks filter: `{{ collections.latestPapers | rssFeed(site, "/feed.xml") | safe }}`, or with a
 * channel title and description for a topic's feed. Takes the newest `site.feed.items` papers.
 */
export function rssFeed(papers: PaperItem[], site: SiteSettings, feedPath: string, title = site.title, description = site.description): string {
  const written = papers.slice(0, site.feed.items).map((item) => feedItem(item, site.url));
  return assembleRss(
    { title, description, siteUrl: site.url, feedPath, language: site.language, ttl: site.feed.ttl },
    written.map((item) => item.date),
    written.map((item) => item.xml),
  );
}
