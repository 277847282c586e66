import { execFileSync } from "node:child_process";

/** What Python's feedparser (Debian python3-feedparser) makes of a feed file. */
export interface ParsedFeed {
  bozo: number;
  bozoException: string;
  version: string;
  title: string;
  links: { rel: string; href: string }[];
  language: string;
  entries: { id: string; link: string; title: string; published: string; summary: string; content: string; tags: string[] }[];
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
               "tags": [t.get("term", "") for t in e.get("tags", [])]} for e in d.entries],
}))
`;

/** Debian's Python, which sees Debian's feedparser (the `python3` first on PATH may not). */
const PYTHON = "/usr/bin/python3";

export function feedparser(file: string): ParsedFeed {
  return JSON.parse(execFileSync(PYTHON, ["-c", SCRIPT, file], { encoding: "utf8" })) as ParsedFeed;
}
