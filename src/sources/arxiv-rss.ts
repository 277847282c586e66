import { ANNOUNCE_TYPES, type AnnounceType } from "../model/paper.ts";
import { parseArxivRef } from "../model/arxiv.ts";
import { DigestReader, quote, type ParsedDigest } from "./digest-reader.ts";
import { attribute, children, decodeEntities, elementLine, htmlToText, textOf, type XmlElement } from "./xml.ts";
import { collapseWhitespace } from "../text/plain.ts";

/**
 * One day's listing of an arXiv category as RSS 2.0 (rss.arxiv.org/rss/<category>): per `<item>`
 * the paper, how it was announced (`arxiv:announce_type`: new, cross, replace, replace-cross) and
 * its authors (`dc:creator`). https://info.arxiv.org/help/rss_specifications.html
 */
export function parseArxivRss(rss: XmlElement, text: string, file: string, date: string): ParsedDigest {
  const reader = new DigestReader(file, date);
  const channel = children(rss, "channel")[0] ?? {};
  const listing = listingOf(channel);
  for (const item of children(channel, "item")) {
    const line = elementLine(text, item);
    // arXiv writes the abstract as text; a description that holds HTML is read as HTML.
    const rawDescription = textOf(item.description);
    const description = HTML_BLOCK.test(rawDescription) ? htmlToText(rawDescription) : decodeEntities(rawDescription);
    // "arXiv:2503.14476v1 Announce Type: new \nAbstract: We …"
    const parts = /^\s*arXiv:(\S+)\s+Announce Type:\s*(\S+)\s+Abstract:\s*([\s\S]*)$/.exec(description);
    const ref = parseArxivRef(textOf(item.guid)) ?? parseArxivRef(textOf(item.link)) ?? (parts ? parseArxivRef(parts[1]) : undefined);
    const title = collapseWhitespace(decodeEntities(textOf(item.title)));
    const abstract = collapseWhitespace(parts ? parts[3] : description);
    const announced = (textOf(item.announce_type) || parts?.[2] || "new").toLowerCase();
    if (!title || !abstract) {
      reader.warn(line, `item without a ${title ? "description" : "title"}; skipped`);
      continue;
    }
    if (!ref) reader.warn(line, `item ${quote(title)} carries no arXiv id; read without one`);
    const type = (ANNOUNCE_TYPES as readonly string[]).includes(announced) ? (announced as AnnounceType) : "new";
    if (type !== announced) reader.warn(line, `unknown announce type ${quote(announced)}; read as "new"`);
    reader.add(line, title, abstract, ref, {
      authors: creatorNames(textOf(item.creator)),
      // arXiv lists the primary category first.
      categories: [
        ...new Set(
          children(item, "category")
            .map((c) => textOf(c))
            .filter(Boolean),
        ),
      ],
      announcements: listing ? [{ date, type, listing }] : [],
    });
  }
  return reader.result();
}

/** A description that opens or closes a paragraph, or breaks a line, is HTML; `x < y` or `<think>` in an abstract is not. */
const HTML_BLOCK = /^\s*<(?:p|div)\b[^<>]*>|<\/(?:p|div)\s*>|<br\s*\/?>/i;

/** arXiv's archives that are divided into categories (cs.LG, astro-ph.CO): their own listing names no one category. https://arxiv.org/category_taxonomy */
const ARCHIVES_WITH_CATEGORIES = new Set(["astro-ph", "cond-mat", "cs", "econ", "eess", "math", "nlin", "physics", "q-bio", "q-fin", "stat"]);

/** "Title. (arXiv:2301.01234v2 [cs.LG] UPDATED)": the id with its version, the categories, how it was announced. */
const TITLE_SUFFIX = /\s*\(arXiv:([^\s()[\]]+)\s*(?:\[([^\]]*)\])?\s*([^()]*)\)$/;

/**
 * arXiv's RSS before 2024: RSS 1.0 (RDF) from export.arxiv.org/rss/<category>, each `<item>` beside the channel.
 * The title carries what RSS 2.0 gives apart, "Title. (arXiv:2301.01234v2 [cs.LG] UPDATED)": a new paper has no
 * word after the category, a replaced one UPDATED, a cross-listed one CROSS LISTED. The description holds the
 * abstract as escaped HTML, `dc:creator` the authors as escaped links. https://web.resource.org/rss/1.0/spec
 */
export function parseArxivRdf(rdf: XmlElement, text: string, file: string, date: string): ParsedDigest {
  const reader = new DigestReader(file, date);
  const listing = listingOf(children(rdf, "channel")[0] ?? {});
  for (const item of children(rdf, "item")) {
    const line = elementLine(text, item);
    const fullTitle = collapseWhitespace(decodeEntities(textOf(item.title)));
    const suffix = TITLE_SUFFIX.exec(fullTitle);
    // arXiv puts a period between the title and its suffix.
    const title = suffix ? fullTitle.slice(0, suffix.index).replace(/\.$/, "") : fullTitle;
    const abstract = collapseWhitespace(htmlToText(textOf(item.description)));
    if (!title || !abstract) {
      reader.warn(line, `item without a ${title ? "description" : "title"}; skipped`);
      continue;
    }
    const ref = (suffix && parseArxivRef(suffix[1])) || parseArxivRef(attribute(item, "about")) || parseArxivRef(textOf(item.link));
    if (!ref) reader.warn(line, `item ${quote(title)} carries no arXiv id; read without one`);
    const [primary, ...others] = (suffix?.[2] ?? "").split(/[\s,;]+/).filter(Boolean);
    const flags = suffix?.[3].trim() ?? "";
    const unknown = flags.replace(/\bUPDATED\b|\bCROSS LISTED\b/g, "").trim();
    if (unknown) reader.warn(line, `unknown announcement ${quote(unknown)} in the title of ${quote(title)}; read without it`);
    const crossListed = /\bCROSS LISTED\b/.test(flags);
    // A replaced paper is not marked as cross-listed: its primary category outside the listing says so.
    const outside = primary !== undefined && listing !== "" && primary !== listing && !primary.startsWith(`${listing}.`);
    const type: AnnounceType = /\bUPDATED\b/.test(flags) ? (crossListed || outside ? "replace-cross" : "replace") : crossListed ? "cross" : "new";
    // A paper cross-listed into a category's listing has that category too; the listing of a whole archive (cs) is none.
    const listed = type.endsWith("cross") && listing !== "" && !ARCHIVES_WITH_CATEGORIES.has(listing) ? [listing] : [];
    reader.add(line, title, abstract, ref, {
      authors: creatorNames(textOf(item.creator)),
      categories: [...new Set([primary, ...others, ...listed, ...children(item, "category").map((c) => textOf(c))].filter(Boolean))],
      announcements: listing ? [{ date, type, listing }] : [],
    });
  }
  return reader.result();
}

/** The listing a channel is: "cs.LG updates on arXiv.org", else the last part of its link's path (rss.arxiv.org/rss/cs.LG). */
function listingOf(channel: XmlElement): string {
  const named = /^(\S+) updates on arXiv/.exec(collapseWhitespace(textOf(channel.title)))?.[1];
  if (named) return named;
  const link = [textOf(channel.link), attribute(channel, "about")].find((url) => URL.canParse(url));
  return link ? (new URL(link).pathname.split("/").filter(Boolean).pop() ?? "") : "";
}

const LINK = /<a\b(?:[^<>"']|"[^"]*"|'[^']*')*>([\s\S]*?)<\/a\s*>/gi;

/**
 * The authors in `dc:creator`. RSS 2.0 gives their names as text; RSS 1.0 gave escaped links to arXiv's author
 * search, `<a href="…/au:+Lee_A/…">Ann Lee</a> (1), <a …>Bo Chen</a> ((1) a university)`: the link texts are the
 * names, without the affiliations around them.
 */
export function creatorNames(creators: string): string[] {
  const links = [...creators.matchAll(LINK)];
  if (links.length === 0) return splitCreators(decodeEntities(creators));
  return links.map((link) => collapseWhitespace(htmlToText(link[1]))).filter(Boolean);
}

/** `dc:creator` holds every author in one string: "Ann Lee, Bo Chen, and Cy Dee". */
export function splitCreators(creators: string): string[] {
  return collapseWhitespace(creators)
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+/)
    .map((name) => name.trim())
    .filter(Boolean);
}
