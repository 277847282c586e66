import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import RSS from "rss";
import { beforeAll, describe, expect, it } from "vitest";
import { buildRss, type FeedChannel, type FeedPaper } from "../../src/feeds/rss.ts";
import { ingest } from "../../src/ingest/ingest.ts";
import { escapeHtml } from "../../src/text/html.ts";
import { stripIllegalXmlChars } from "../../src/text/plain.ts";
import { buildSite, readSample, tempContent, tempDir } from "../helpers.ts";
import { fileForPath, listFiles, xmllint } from "../site/site-check.ts";
import { has, itWith } from "../system-software.ts";
import { feedparser, feedReaders, jsFeedParser } from "./feedparser.ts";

const SITE_URL = "https://digest.example.org";

describe("the feeds of the sample site", () => {
  let out: string;
  let second: string;
  let papers: ReturnType<typeof ingest>["papers"];
  let feeds: string[];
  const taxonomy = JSON.parse(readFileSync(join(import.meta.dirname, "../../content/_data/taxonomy.json"), "utf8")) as { slug: string }[];
  // The site feed, the rising-topics feed and one feed per topic, checked as they are used: a loop over none would pass.
  const allFeeds = () => {
    expect(feeds).toHaveLength(taxonomy.length + 2);
    return feeds;
  };
  const topicFeeds = () => {
    const topic = feeds.filter((f) => f.startsWith("topics/"));
    expect(topic).toHaveLength(taxonomy.length);
    return topic;
  };

  beforeAll(() => {
    const content = tempContent({ "2025-03-17.txt": readSample() });
    papers = ingest({ contentDir: content }).papers;
    out = tempDir("feeds-");
    buildSite(content, out);
    second = tempDir("feeds-again-");
    buildSite(content, second);
    feeds = listFiles(out)
      .filter((f) => f.endsWith("feed.xml"))
      .sort();
  }, 60_000);

  it("has the site feed, one feed per topic and the rising-topics feed", () => {
    expect(taxonomy.length).toBeGreaterThan(10);
    expect(feeds).toEqual(["feed.xml", "trends/feed.xml", ...taxonomy.map((t) => `topics/${t.slug}/feed.xml`)].sort());
  });

  it("writes every feed well-formed (libxml2) and readable as RSS 2.0 by a JavaScript feed reader", async () => {
    for (const feed of allFeeds()) {
      await expect(xmllint(join(out, feed)), feed).resolves.toBe("");
      const parsed = jsFeedParser(join(out, feed));
      expect(parsed.language).toBe("en");
      expect(parsed.selfUrl).toBe(`${SITE_URL}/${feed}`);
    }
  });

  it("would catch a malformed feed (the checkers themselves)", async () => {
    const bad = join(tempDir("bad-feed-"), "feed.xml");
    writeFileSync(bad, '<rss version="2.0"><channel><title>a & b</title></channel>');
    await expect(xmllint(bad)).resolves.toMatch(/xmlParseEntityRef|EntityRef|parser error/);
  });

  itWith("feedparser", "passes Python's feedparser without complaint (bozo 0) for every feed", () => {
    for (const feed of allFeeds()) {
      const parsed = feedparser(join(out, feed));
      expect(parsed.bozo, `${feed}: ${parsed.bozoException}`).toBe(0);
      expect(parsed.version).toBe("rss20");
      expect(parsed.language).toBe("en");
      expect(parsed.links).toContainEqual({ rel: "self", href: `${SITE_URL}/${feed}` });
    }
  });

  it("gives each topic feed as many items as its topic page lists, up to 50", () => {
    const counts = topicFeeds().map((feed) => {
      const slug = feed.split("/")[1];
      const count = papers.filter((p) => p.topics.includes(slug)).length;
      for (const [reader, parsed] of feedReaders(join(out, feed), has("feedparser")))
        expect(parsed.entries.length, `${reader}: ${feed}`).toBe(Math.min(count, 50));
      const page = readFileSync(fileForPath(out, `/topics/${slug}/`)!, "utf8");
      // The whole count as the page's lede writes it, so that 3 does not match "13 papers".
      expect(page, slug).toMatch(new RegExp(`<p class="count">${count} papers? ·`));
      return count;
    });
    // Papers placed in no topic would pass the loop too, every feed empty and every page saying "0 papers".
    expect(new Set(counts).size).toBeGreaterThan(3);
  });

  it("writes items with absolute links to real pages, permalink guids, the issue date, summary, abstract and topics", () => {
    for (const [reader, { entries }] of feedReaders(join(out, "feed.xml"), has("feedparser"))) {
      expect(entries, reader).toHaveLength(63);
      for (const entry of entries) {
        expect(entry.link.startsWith(`${SITE_URL}/papers/`), reader).toBe(true);
        expect(fileForPath(out, entry.link.slice(SITE_URL.length)), entry.link).toBeDefined();
        expect(entry.id).toBe(entry.link);
        expect(entry.published).toBe("Mon, 17 Mar 2025 00:00:00 GMT");
        expect(entry.tags.length).toBeGreaterThan(0);
      }
      const yi = entries.find((e) => e.title === "Yi: Open Foundation Models by 01.AI")!;
      expect(yi.summary).toBe(papers.find((p) => p.title === yi.title)!.summary);
      expect(yi.content).toMatch(/^<p>We introduce the Yi model family/);
      expect(yi.tags).toContain("Foundation models & pretraining");
      // The code links the cards and the email give, for every paper that has one.
      const withCode = papers.filter((p) => p.links.some((l) => l.kind === "code"));
      expect(withCode.length).toBeGreaterThan(5);
      for (const paper of withCode) {
        const content = entries.find((e) => e.title === paper.title)!.content;
        for (const link of paper.links.filter((l) => l.kind === "code")) expect(content, paper.title).toContain(`<a href="${link.url}">Code</a>`);
      }
      expect(entries.find((e) => e.title.startsWith("GLM-130B"))!.content).toMatch(
        /^<p><a href="https:\/\/github.com\/THUDM\/GLM-130B">Code<\/a><\/p>\n<p>We introduce GLM-130B/,
      );
      expect(new Set(entries.map((e) => e.id)).size).toBe(63);
      for (const [, href] of entries.flatMap((e) => [...e.content.matchAll(/href="([^"]*)"/g)])) expect(href).toMatch(/^https?:\/\//);
    }
  });

  it("writes byte-identical feeds, so guids and dates never move, when the same content is built twice", () => {
    for (const feed of [...allFeeds(), "feeds.opml"]) {
      expect(readFileSync(join(second, feed), "utf8"), feed).toBe(readFileSync(join(out, feed), "utf8"));
    }
  });

  it("lists every feed in a valid OPML file", async () => {
    const opml = join(out, "feeds.opml");
    await expect(xmllint(opml)).resolves.toBe("");
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(readFileSync(opml, "utf8"));
    expect(parsed.opml.version).toBe("2.0");
    const outlines = (parsed.opml.body.outline as { xmlUrl: string; type: string; outline?: { xmlUrl: string; type: string }[] }[]).flatMap(
      (o) => o.outline ?? [o],
    );
    expect(outlines.map((o) => o.xmlUrl).sort()).toEqual(
      allFeeds()
        .map((f) => `${SITE_URL}/${f}`)
        .sort(),
    );
    expect(outlines.every((o) => o.type === "rss")).toBe(true);
  });

  it("offers the feeds on a feeds page and by autodiscovery on every page", () => {
    const feedsPage = readFileSync(fileForPath(out, "/feeds/")!, "utf8");
    for (const feed of allFeeds()) expect(feedsPage).toContain(`${SITE_URL}/${feed}`);
    for (const page of listFiles(out).filter((f) => f.endsWith(".html"))) {
      expect(readFileSync(join(out, page), "utf8"), page).toContain(
        `<link rel="alternate" type="application/rss+xml" title="Paper Digest" href="${SITE_URL}/feed.xml">`,
      );
    }
    const topicPage = readFileSync(fileForPath(out, "/topics/causal-inference/")!, "utf8");
    expect(topicPage).toContain(`href="${SITE_URL}/topics/causal-inference/feed.xml"`);
    const debate = papers.find((p) => p.title.startsWith("Debate Helps"))!;
    const paperPage = readFileSync(fileForPath(out, `/papers/${debate.slug}/`)!, "utf8");
    expect(paperPage).toContain(
      `rel="alternate" type="application/rss+xml" title="Paper Digest: Alignment &amp; oversight" href="${SITE_URL}/topics/${debate.topics[0]}/feed.xml"`,
    );
  });
});

describe("a feed of text written by hand", () => {
  it("drops characters XML 1.0 forbids, which a curator's note or rewritten abstract may hold, and stays well-formed", async () => {
    const xml = buildRss({ title: "Digest", description: "d", siteUrl: SITE_URL, feedPath: "/feed.xml", language: "en", ttl: 60 }, [
      {
        title: "A\u000Btitle",
        url: "/papers/a/",
        date: "2025-03-17",
        summary: "Bell\u0007 rings",
        html: "<p><strong>Curator's note:</strong> read\u0008 this</p>",
        categories: [],
        authors: ["Ann\u0001 Lee"],
      },
    ]);
    const file = join(tempDir("hand-feed-"), "feed.xml");
    writeFileSync(file, xml);
    await expect(xmllint(file)).resolves.toBe("");
    expect(xml).toContain("<title><![CDATA[Atitle]]></title>");
    expect(xml).toContain("Bell rings");
    expect(xml).toContain("read this");
    expect(jsFeedParser(file).entries[0]).toMatchObject({ title: "Atitle", authors: ["Ann Lee"] });
  });
});

describe("a feed put together from items written once (src/feeds/rss.ts)", () => {
  const channel: FeedChannel = {
    title: "Digest: Zoë O'Neil\u0001",
    description: "Papers <by> Zoë",
    siteUrl: SITE_URL,
    feedPath: "/authors/zoe/feed.xml",
    language: "en",
    ttl: 60,
  };
  const papers: FeedPaper[] = [
    {
      title: "One <think>",
      url: "/papers/one/",
      date: "2025-03-18",
      summary: "S & t",
      html: "<p>x ]]> y</p>",
      categories: ["NLP", "RL"],
      authors: ["Zoë", "B"],
    },
    {
      title: "Two\u000B",
      url: "/papers/two/",
      date: "2025-03-19",
      summary: "",
      html: "<p><lastBuildDate>1</lastBuildDate> \uD800 \u{1F600}</p>",
      categories: [],
      authors: [],
    },
    { title: "", url: "/papers/three/", date: "2025-03-17", summary: "t", html: "", categories: ["A"], authors: ["C\u0007"] },
  ];

  /** The feed as the rss package writes it whole, with the newest date as its lastBuildDate and forbidden characters dropped. */
  function whole(items: FeedPaper[]): string {
    const newest = items.reduce((max, p) => (p.date > max ? p.date : max), "1970-01-01");
    const date = (day: string) => new Date(`${day}T00:00:00Z`).toUTCString();
    const feed = new RSS({
      title: channel.title,
      description: channel.description,
      site_url: `${SITE_URL}/`,
      feed_url: `${SITE_URL}${channel.feedPath}`,
      language: "en",
      ttl: 60,
      pubDate: date(newest),
      generator: "paper-digest",
      docs: "https://www.rssboard.org/rss-specification",
      custom_namespaces: { content: "http://purl.org/rss/1.0/modules/content/", dc: "http://purl.org/dc/elements/1.1/" },
    });
    for (const p of items)
      feed.item({
        title: p.title,
        description: escapeHtml(p.summary),
        url: `${SITE_URL}${p.url}`,
        date: date(p.date),
        categories: p.categories,
        custom_elements: [...p.authors.map((name) => ({ "dc:creator": name })), { "content:encoded": { _cdata: p.html } }],
      });
    const xml = feed.xml({ indent: true }).replace(/<lastBuildDate>[^<]*<\/lastBuildDate>/, `<lastBuildDate>${date(newest)}</lastBuildDate>`);
    return stripIllegalXmlChars(xml);
  }

  it("is byte for byte the feed the rss package writes whole, with none, one or several items", () => {
    for (const items of [[], papers.slice(0, 1), papers]) expect(buildRss(channel, items)).toBe(whole(items));
    expect(buildRss(channel, papers)).toContain("<lastBuildDate>Wed, 19 Mar 2025 00:00:00 GMT</lastBuildDate>");
  });
});
