import { describe, expect, it } from "vitest";
import type { PaperItem } from "../../src/archive/paper-files.ts";
import { rssFeed } from "../../src/feeds/site-feed.ts";
import { authorSlug, cachedAuthorSlug } from "../../src/model/authors.ts";
import { siteContent } from "../../src/archive/content-dir.ts";

/** A paper page as the build reads it (src/archive/paper-files.ts), with what a feed item shows. */
function paper(slug: string, title: string): PaperItem {
  return {
    url: `/papers/${slug}/`,
    inputPath: `content/papers/${slug}.md`,
    textHash: slug,
    body: `An abstract of ${title}.`,
    data: {
      slug,
      title,
      summary: `What ${title} does.`,
      issues: [new Date("2025-03-17T00:00:00Z")],
      topics: ["alignment-oversight"],
      links: [],
      authors: ["Zoë Müller", "A. Lee"],
    },
  } as unknown as PaperItem;
}

const items = (xml: string) => xml.match(/\n {8}<item>[\s\S]*?<\/item>/g) ?? [];

describe("feed items written once a build (src/feeds/site-feed.ts)", () => {
  const site = siteContent().site;

  it("gives a paper the same item in every feed of the site, and feeds of their own channel", () => {
    const [a, b] = [paper("a", "Alpha"), paper("b", "Beta")];
    const authorFeed = rssFeed([a, b], site, "/authors/zoe-muller/feed.xml", `${site.title}: Zoë Müller`, "Papers by Zoë Müller.");
    const topicFeed = rssFeed([b], site, "/topics/alignment-oversight/feed.xml");
    expect(items(authorFeed)).toHaveLength(2);
    expect(items(topicFeed)).toEqual([items(authorFeed)[1]]);
    expect(authorFeed).toContain("<title><![CDATA[Paper Digest: Zoë Müller]]></title>");
    expect(topicFeed).toContain(`${site.url.replace(/\/$/, "")}/topics/alignment-oversight/feed.xml`);
  });

  it("writes the item again for another site address or another page read (the next build's)", () => {
    const a = paper("a", "Alpha");
    const here = items(rssFeed([a], site, "/feed.xml"))[0];
    const elsewhere = items(rssFeed([a], { ...site, url: "https://elsewhere.example.org" }, "/feed.xml"))[0];
    expect(elsewhere).toContain("https://elsewhere.example.org/papers/a/");
    expect(elsewhere).not.toBe(here);
    const edited = paper("a", "Alpha, edited");
    expect(items(rssFeed([edited], site, "/feed.xml"))[0]).toContain("Alpha, edited");
    expect(items(rssFeed([a], site, "/feed.xml"))[0]).toBe(here);
  });
});

describe("cachedAuthorSlug", () => {
  it("is authorSlug, asked again or not", () => {
    for (const name of ["Zoë Müller", "A. Lee", "李华", "Zoë Müller", "O'Neil-Smith"]) expect(cachedAuthorSlug(name)).toBe(authorSlug(name));
  });
});
