import { appendFileSync, readFileSync, readdirSync } from "node:fs";
import { XMLParser } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import { linkedAuthorCounts } from "../../src/model/authors.ts";
import type { Paper } from "../../src/model/paper.ts";
import { authorPagesPath, readAuthorPages } from "../../src/store/author-pages.ts";
import { feedReaders } from "../feeds/feedparser.ts";
import { buildSite, sampleWithSources, tempContent, tempDir } from "../helpers.ts";
import { has } from "../system-software.ts";
import { brokenLinks, fileForPath, xmllint } from "./site-check.ts";

/**
 * Author pages at scale (docs/site.md#author-pages): a page for each author with two or more papers, and for each in
 * content/author-pages.txt; every other name links to a search for it. The sample with its arXiv and Hugging Face
 * listings has 129 linked authors, three of them with two papers.
 */
describe("author pages in a real build of the sample with its sources", () => {
  let out: string;
  let papers: Paper[];
  let listed: string[];
  const read = (path: string) => readFileSync(fileForPath(out, path)!, "utf8");
  const authorDirs = () =>
    readdirSync(`${out}/authors`, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);

  beforeAll(() => {
    const content = tempContent(sampleWithSources());
    papers = ingest({ contentDir: content }).papers;
    listed = readAuthorPages(content)!;
    // A curator keeps a page for an author of one paper, and for one whose papers left the archive (as a published page would be).
    appendFileSync(authorPagesPath(content), "hao-lang\nsomeone-gone\n");
    out = tempDir("authors-site-");
    buildSite(content, out, { search: true });
  }, 120_000);

  it("lists in content/author-pages.txt the authors with two or more papers, after the ingest", () => {
    const counts = linkedAuthorCounts(papers.map((p) => p.facts.authors));
    expect(counts.size).toBe(129);
    const frequent = [...counts].filter(([, n]) => n >= 2).map(([slug]) => slug);
    expect(listed).toEqual(frequent.sort());
    expect(listed).toEqual(["basil-mustafa", "lucas-beyer", "xiaohua-zhai"]);
  });

  it("gives a page to those authors and to the listed ones, and none to anyone else", () => {
    expect(authorDirs().sort()).toEqual(["basil-mustafa", "hao-lang", "lucas-beyer", "someone-gone", "xiaohua-zhai"]);
    expect(fileForPath(out, "/authors/pete-walsh/")).toBeUndefined();
    const beyer = read("/authors/lucas-beyer/");
    expect(beyer).toContain("<h1>Lucas Beyer</h1>");
    expect(beyer).toContain("2 papers in the digest");
    // An author of one paper whose page was published keeps it, listing that paper.
    const lang = read("/authors/hao-lang/");
    expect(lang).toContain("<h1>Hao Lang</h1>");
    expect([...lang.matchAll(/<h2 class="card-title"><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1])).toEqual(["Debate Helps Weak-to-Strong Generalization"]);
    // One with no paper in the archive any more keeps the URL too, on a page that says so.
    expect(read("/authors/someone-gone/")).toContain("No papers by this author are in the archive now");
    expect(read("/sitemaps/1.xml")).toContain("<loc>https://digest.example.org/authors/hao-lang/</loc>");
  });

  it("links a name to the author's page if they have one, else to a search for the name", () => {
    const olmo = read("/papers/2-olmo-2-furious/");
    expect(olmo).toContain(
      '<p><a href="/search/?q=Team%20OLMo" data-author="team-olmo">Team OLMo</a>, <a href="/search/?q=Pete%20Walsh" data-author="pete-walsh">Pete Walsh</a>, ' +
        '<a href="/search/?q=Luca%20Soldaini" data-author="luca-soldaini">Luca Soldaini</a> <span class="et-al">et al.</span></p>',
    );
    // The "All 40 authors" list: every one of them to a search.
    expect(olmo.match(/<li><a href="\/search\/\?q=[^"]+">/g)).toHaveLength(40);
    expect(olmo).toContain('<li><a href="/search/?q=Hannaneh%20Hajishirzi">Hannaneh Hajishirzi</a></li>');
    expect(olmo).not.toMatch(/href="\/authors\/[^"]/);
    const siglip2 = read("/papers/siglip-2-multilingual-vision-language-encoders-with-improved-semantic/");
    expect(siglip2).toContain('<li><a href="/authors/lucas-beyer/">Lucas Beyer</a></li>');
    expect(siglip2).toContain('<li><a href="/search/?q=Michael%20Tschannen">Michael Tschannen</a></li>');
    expect(read("/papers/debate-helps-weak-to-strong-generalization/")).toContain('<a href="/authors/hao-lang/" data-author="hao-lang">Hao Lang</a>');
    // The authors index: the most prolific, each to their page or a search.
    const index = read("/authors/");
    expect(index).toContain('<a href="/authors/lucas-beyer/">Lucas Beyer</a> <span class="count">2 papers</span>');
    expect(index).toContain('<a href="/search/?q=Pete%20Walsh">Pete Walsh</a> <span class="count">1 paper</span>');
  });

  it("gives each author page a feed of their newest papers, linked from the page, that every reader parses", async () => {
    const page = read("/authors/lucas-beyer/");
    expect(page).toContain(
      '<link rel="alternate" type="application/rss+xml" title="Paper Digest: Lucas Beyer" href="https://digest.example.org/authors/lucas-beyer/feed.xml">',
    );
    expect(page).toContain('<a href="/authors/lucas-beyer/feed.xml">RSS feed for this author</a>');
    const feeds = authorDirs().map((slug) => fileForPath(out, `/authors/${slug}/feed.xml`));
    expect(feeds.every(Boolean)).toBe(true);
    for (const file of feeds) await expect(xmllint(file!)).resolves.toBe("");
    const file = fileForPath(out, "/authors/lucas-beyer/feed.xml")!;
    const channel = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "item" }).parse(readFileSync(file, "utf8")).rss.channel;
    expect(channel.title).toBe("Paper Digest: Lucas Beyer");
    expect(channel.item.map((item: { link: string }) => item.link)).toEqual([
      "https://digest.example.org/papers/siglip-2-multilingual-vision-language-encoders-with-improved-semantic/",
      "https://digest.example.org/papers/sigmoid-loss-for-language-image-pre-training/",
    ]);
    for (const [reader, parsed] of feedReaders(file, has("feedparser"))) {
      expect(
        parsed.entries.map((e) => e.title),
        reader,
      ).toHaveLength(2);
      expect(parsed.entries[0].authors, reader).toContain("Lucas Beyer");
    }
    // The page of an author with no paper now has an empty feed, which parses too.
    expect(read("/authors/someone-gone/feed.xml")).not.toContain("<item>");
  });

  it("has no internal link to a missing page or fragment", async () => {
    await expect(brokenLinks(out)).resolves.toEqual([]);
  });
});
