import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseFeed } from "@rowanmanning/feed-parser";

/** What a feed reader makes of a feed file: the fields the tests compare. */
export interface ParsedFeed {
  title: string;
  language: string;
  entries: { id: string; link: string; title: string; published: string; summary: string; content: string; tags: string[]; authors: string[] }[];
}

/** A JavaScript feed reader's view (@rowanmanning/feed-parser), on every machine. */
export function jsFeedParser(file: string): ParsedFeed & { selfUrl: string } {
  const feed = parseFeed(readFileSync(file, "utf8"));
  return {
    title: feed.title ?? "",
    language: feed.language ?? "",
    selfUrl: feed.self ?? "",
    entries: feed.items.map((item) => ({
      id: item.id ?? "",
      link: item.url ?? "",
      title: item.title ?? "",
      published: item.published?.toUTCString() ?? "",
      summary: item.description ?? "",
      content: item.content ?? "",
      tags: item.categories.map((c) => c.label ?? c.term),
      authors: item.authors.map((a) => a.name ?? ""),
    })),
  };
}

const SCRIPT = `
import json, sys, feedparser
d = feedparser.parse(sys.argv[1])
print(json.dumps({
  "bozo": int(d.bozo), "bozoException": str(d.get("bozo_exception", "")), "version": d.version,
  "title": d.feed.get("title", ""), "language": d.feed.get("language", ""),
  "links": [{"rel": l.get("rel", ""), "href": l.get("href", "")} for l in d.feed.get("links", [])],
  "entries": [{"id": e.get("id", ""), "link": e.get("link", ""), "title": e.get("title", ""),
               "published": e.get("published", ""), "summary": e.get("summary", ""),
               "content": e.get("content", [{}])[0].get("value", ""),
               "tags": [t.get("term", "") for t in e.get("tags", [])],
               "authors": [a.get("name", "") for a in e.get("authors", [])]} for e in d.entries],
}))
`;

/**
 * Python's feedparser (Debian python3-feedparser), the strictest common reader: `bozo` is
 * set for anything it had to forgive. Run only where it is installed (test/system-software.ts).
 */
export function feedparser(file: string): ParsedFeed & { bozo: number; bozoException: string; version: string; links: { rel: string; href: string }[] } {
  // Debian's Python, which sees Debian's feedparser (the `python3` first on PATH may not).
  return JSON.parse(execFileSync("/usr/bin/python3", ["-c", SCRIPT, file], { encoding: "utf8" }));
}

/** Every feed reader this machine has, by name: the JavaScript one always, Python's where installed. */
export function feedReaders(file: string, withPython: boolean): [string, ParsedFeed][] {
  return [["@rowanmanning/feed-parser", jsFeedParser(file)], ...(withPython ? [["feedparser", feedparser(file)] as [string, ParsedFeed]] : [])];
}
