import { ANNOUNCE_TYPES, type AnnounceType } from "../paper.ts";
import { parseArxivRef } from "./arxiv-id.ts";
import { DigestReader, oneLine, type ParsedDigest } from "./digest-reader.ts";
import { children, elementLine, textOf, type XmlElement } from "./xml.ts";

/**
 * One day's listing of an arXiv category as RSS 2.0 (rss.arxiv.org/rss/<category>): per `<item>`
 * the paper, how it was announced (`arxiv:announce_type`: new, cross, replace, replace-cross) and
 * its authors (`dc:creator`). https://info.arxiv.org/help/rss_specifications.html
 */
export function parseArxivRss(rss: XmlElement, text: string, file: string, date: string): ParsedDigest {
  const reader = new DigestReader(file, date);
  const channel = children(rss, "channel")[0] ?? {};
  // "cs.LG updates on arXiv.org", else the last part of the channel's link.
  const channelTitle = textOf(channel.title);
  const listing = /^(\S+) updates on arXiv/.exec(channelTitle)?.[1] ?? textOf(channel.link).split("/").filter(Boolean).pop() ?? "";
  for (const item of children(channel, "item")) {
    const line = elementLine(text, item);
    const description = textOf(item.description);
    // "arXiv:2503.14476v1 Announce Type: new \nAbstract: We …"
    const parts = /^\s*arXiv:(\S+)\s+Announce Type:\s*(\S+)\s+Abstract:\s*([\s\S]*)$/.exec(description);
    const ref = parseArxivRef(textOf(item.guid)) ?? parseArxivRef(textOf(item.link)) ?? (parts ? parseArxivRef(parts[1]) : undefined);
    const title = oneLine(textOf(item.title));
    const abstract = oneLine(parts ? parts[3] : description);
    const announced = (textOf(item.announce_type) || parts?.[2] || "new").toLowerCase();
    if (!title || !abstract) {
      reader.warn(line, `item without a ${title ? "description" : "title"}; skipped`);
      continue;
    }
    if (!ref) reader.warn(line, `item "${title}" carries no arXiv id; read without one`);
    const type = (ANNOUNCE_TYPES as readonly string[]).includes(announced) ? (announced as AnnounceType) : "new";
    if (type !== announced) reader.warn(line, `unknown announce type "${announced}"; read as "new"`);
    reader.add(line, title, abstract, ref, {
      authors: splitCreators(textOf(item.creator)),
      // arXiv lists the primary category first.
      categories: [...new Set(children(item, "category").map((c) => textOf(c)).filter(Boolean))],
      announcements: listing ? [{ date, type, listing }] : [],
    });
  }
  return reader.result();
}

/** `dc:creator` holds every author in one string: "Ann Lee, Bo Chen, and Cy Dee". */
export function splitCreators(creators: string): string[] {
  return oneLine(creators)
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+/)
    .map((name) => name.trim())
    .filter(Boolean);
}
