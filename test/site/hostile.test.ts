import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { Parser } from "htmlparser2";
import MarkdownIt from "markdown-it";
import { beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import { exportNewsletter } from "../../src/newsletter/export.ts";
import { parsePage } from "../../src/store/front-matter.ts";
import { feedReaders } from "../feeds/feedparser.ts";
import { buildSite, readSample, tempContent, tempDir } from "../helpers.ts";
import { mailparser } from "../newsletter/mime.ts";
import { has } from "../system-software.ts";
import { fileForPath, listFiles, searchRecords, xmllint } from "./site-check.ts";

/**
 * HAND-WRITTEN hostile listings, one per source format, each carrying markup, script URLs, invisible formatting
 * characters and oversized values in every field its format has, built into every output: pages, feeds, JSON-LD,
 * the search index and the newsletter. None of it may arrive anywhere as markup, and no word may be lost.
 */
const BIDI = "\u202Egnp.exe\u202C";
const ZW = "zero\u200Bwidth";
const TITLE_MARKUP = `<iframe src="javascript:alert(1)"></iframe>`;
const ABSTRACT_MARKUP = `We study <think> tokens. <script>alert(2)</script> <a href="javascript:alert(3)">click</a> <img src=x onerror=alert(4)> R&D.`;
/** A sentence of each format's own, so that no two listings read as one paper (a text listing has no arXiv id to tell them apart). */
const own = (format: string) => `This listing of the ${format} format measures ${format} readers on ${format} benchmarks with ${format} baselines.`;
const LONG_NAME = "Mallory ".repeat(625).trim(); // 5,000 characters
/** A collaboration's list at its longest: 3,000 names of close to the 100 characters a name may have. */
const MANY_AUTHORS = Array.from({ length: 3000 }, (_, i) => `Collaborator Number${i} ${"Longname ".repeat(8).trim()}`);

const xml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const TRENDING = `Mar 17\n\n<think> Tokens in Text Listings ${TITLE_MARKUP} ${BIDI}\n\n${ABSTRACT_MARKUP} ${own("trending")} Listed as text, ${ZW}.\n\n${readSample().split("\n\nMar 17\n\n")[1]}`;

const ATOM = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <title type="html">ArXiv Query: hostile</title>
  <entry>
    <id>http://arxiv.org/abs/2503.00001v1</id>
    <published>2025-03-01T00:00:00Z</published>
    <title>&lt;think&gt; Tokens in Atom ${xml(TITLE_MARKUP)} ${BIDI}</title>
    <summary>${xml(ABSTRACT_MARKUP)} ${own("Atom")} Escaped once in Atom: &amp;lt;script&amp;gt;alert(5)&amp;lt;/script&amp;gt;.</summary>
    <author><name>&lt;img src=x onerror=alert(6)&gt; Ann ${BIDI}</name></author>
    <author><name>${LONG_NAME}</name></author>
    <arxiv:primary_category term="cs.LG"/>
    <category term="cs.LG"/>
    <category term="35"/>
    <category term="03B70, 68Q99"/>
    <category term="F.4.1; F.4.m; K.2"/>
    <category term="cs.&quot;&gt;&lt;script&gt;alert(7)&lt;/script&gt;"/>
  </entry>
  <entry>
    <id>http://arxiv.org/abs/2503.00002v1</id>
    <published>2025-03-01T00:00:00Z</published>
    <title>A Collaboration of Three Thousand Authors Measures a Large Language Model</title>
    <summary>We train a large language model with three thousand collaborators and report its benchmark results.</summary>
${MANY_AUTHORS.map((name) => `    <author><name>${name}</name></author>`).join("\n")}
    <arxiv:primary_category term="cs.CL"/>
  </entry>
</feed>
`;

const RSS2 = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <channel>
    <title>cs.LG updates on arXiv.org</title>
    <link>http://rss.arxiv.org/rss/cs.LG</link>
    <item>
      <title>&lt;think&gt; Tokens in RSS ${xml(TITLE_MARKUP)} ${BIDI}</title>
      <link>https://arxiv.org/abs/2503.00003</link>
      <description>arXiv:2503.00003v1 Announce Type: new
Abstract: ${xml(ABSTRACT_MARKUP)} ${own("RSS")} Sent as RSS 2.0.</description>
      <guid isPermaLink="false">oai:arXiv.org:2503.00003v1</guid>
      <category>cs.LG</category>
      <category>x"&gt;&lt;b&gt;</category>
      <arxiv:announce_type>new</arxiv:announce_type>
      <dc:creator>&lt;b&gt;Bo&lt;/b&gt; Chen, ${ZW} Lee</dc:creator>
    </item>
  </channel>
</rss>
`;

const RDF = `<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://arxiv.org/">
<title>cs.LG updates on arXiv.org</title>
<link>http://arxiv.org/</link>
</channel>
<item rdf:about="http://arxiv.org/abs/2301.00004">
<title>&lt;think&gt; Tokens in RDF ${xml(TITLE_MARKUP)}. (arXiv:2301.00004v1 [cs.LG])</title>
<link>http://arxiv.org/abs/2301.00004</link>
<description rdf:parseType="Literal">&lt;p&gt;${xml(xml(ABSTRACT_MARKUP))} ${own("RDF")} Sent as RSS 1.0.&lt;/p&gt;</description>
<dc:creator>&lt;a href=&quot;javascript:alert(8)&quot;&gt;&amp;lt;script&amp;gt;Fay&lt;/a&gt;</dc:creator>
</item>
</rdf:RDF>
`;

const HF = JSON.stringify([
  {
    paper: {
      id: "2503.00005",
      title: `<think> Tokens in JSON ${TITLE_MARKUP} ${BIDI}`,
      summary: `${ABSTRACT_MARKUP} ${own("JSON")} Sent as JSON, ${ZW}.`,
      authors: [{ name: `<script>alert(9)</script> Cy ${BIDI}` }, { name: LONG_NAME }],
      publishedAt: "2025-03-01T00:00:00.000Z",
      upvotes: 3,
      githubRepo: "https://github.com/a/b><script>alert(10)</script>",
      projectPage: "https://example.org/<script>",
      ai_summary: `A summary with <script>alert(11)</script>.`,
      ai_keywords: ["<b>bold</b>"],
    },
  },
  {
    paper: {
      id: "2503.00006",
      title: "\u202E\u200B\u2066 \u200D",
      summary: "Nothing but formatting characters in the title of this listing, and a sentence of its own to tell it from the others.",
      authors: [{ name: "Dee Dee" }],
    },
  },
]);

/**
 * What a listing could have smuggled into an HTML output, as an HTML parser (htmlparser2) reads it: one of the
 * elements it sent, an event-handler attribute, or a javascript: URL. The site's own scripts (JSON-LD, its search)
 * are not a listing's.
 */
function markupIn(html: string): string[] {
  const found: string[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      const own = name === "script" && (attributes.type === "application/ld+json" || attributes.type === "application/json" || attributes.src?.startsWith("/"));
      if (["iframe", "script", "think", "img", "b"].includes(name) && !own) found.push(`<${name}>`);
      for (const [key, value] of Object.entries(attributes)) {
        if (key.startsWith("on") || /^\s*javascript:/i.test(value)) found.push(`<${name} ${key}="${value}">`);
      }
    },
  });
  parser.end(html);
  return found;
}

describe("hostile listings in every source format, built into every output", () => {
  let content: string;
  let out: string;
  let warnings: string[];
  beforeAll(async () => {
    content = tempContent({ "2025-03-17.txt": TRENDING, "2025-03-18.xml": ATOM, "2025-03-19.xml": RSS2, "2025-03-20.xml": RDF, "2025-03-21.json": HF });
    const result = ingest({ contentDir: content });
    expect(result.errors).toEqual([]);
    warnings = result.warnings.map((w) => `${w.file}:${w.line}: ${w.message}`);
    out = tempDir("hostile-site-");
    buildSite(content, out, { search: true });
    await exportNewsletter({ contentDir: content, outDir: join(out, "newsletter-out"), issue: "2025-03-21" });
  }, 240_000);

  const page = (slug: string) => parsePage(readFileSync(join(content, "papers", `${slug}.md`), "utf8")).data;
  const slugs = () => readdirSync(join(content, "papers")).map((name) => name.slice(0, -3));
  const thinkPages = () => slugs().filter((slug) => slug.startsWith("think-tokens-in-"));
  const pageOf = (format: string) => thinkPages().find((slug) => slug.startsWith(`think-tokens-in-${format}-`))!;

  it("gives every paper a page, with its words, its text cleaned and its classification codes apart", () => {
    expect(
      thinkPages()
        .map((slug) => /^think-tokens-in-(atom|json|rdf|rss|text-listings)-/.exec(slug)?.[1])
        .sort(),
    ).toEqual(["atom", "json", "rdf", "rss", "text-listings"]);
    for (const slug of thinkPages()) {
      const data = page(slug);
      expect(String(data.title), slug).toMatch(/^<think> Tokens in /);
      expect(String(data.title), slug).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069]/);
      expect(JSON.stringify(data.authors ?? []), slug).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069]/);
    }
    const atom = page(pageOf("atom"));
    expect(atom.categories).toEqual(["cs.LG"]);
    expect(atom.msc).toEqual(["35", "03B70", "68Q99"]);
    expect(atom.acm).toEqual(["F.4.1", "F.4.m", "K.2"]);
    expect((atom.authors as string[])[1].length).toBeLessThanOrEqual(100);
    expect(warnings.some((w) => /2025-03-18\.xml:\d+: .*no arXiv category, MSC or ACM code; left out/.test(w))).toBe(true);
    expect(warnings.some((w) => /2025-03-18\.xml:\d+: an author's name of \d+ characters cut to 100/.test(w))).toBe(true);
    const json = page(pageOf("json"));
    // Links keep only what a browser would request: `<`, `>` and `"` percent-encoded.
    expect(json.links).toEqual([
      { url: "https://github.com/a/b%3E%3Cscript%3Ealert(10)%3C/script%3E", kind: "code" },
      { url: "https://example.org/%3Cscript%3E", kind: "project" },
    ]);
    // A title of invisible characters alone: the paper keeps its page, named by its abstract's opening words.
    expect(page(slugs().find((slug) => slug.startsWith("nothing-but-formatting"))!).title).toMatch(
      /^Nothing but formatting characters in the title of this listing, and a.*…$/,
    );
  });

  it("lets no listing reach a built page as markup, and every page's words read as text", () => {
    const html = listFiles(out).filter((file) => file.endsWith(".html"));
    for (const file of html) expect(markupIn(readFileSync(join(out, file), "utf8")), file).toEqual([]);
    for (const slug of thinkPages()) {
      const text = readFileSync(fileForPath(out, `/papers/${slug}/`)!, "utf8");
      expect(text, slug).toContain("&lt;think&gt; Tokens in");
      expect(text, slug).toContain("We study &lt;think&gt; tokens.");
    }
  });

  it("writes JSON-LD that parses back to the text and cannot close its script", () => {
    for (const slug of thinkPages()) {
      const text = readFileSync(fileForPath(out, `/papers/${slug}/`)!, "utf8");
      const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(text)![1];
      expect(json, slug).not.toContain("<");
      expect(JSON.parse(json).headline, slug).toMatch(/^<think> Tokens in /);
    }
  });

  it("writes feeds whose descriptions and content are escaped HTML of the text, valid for every feed reader", async () => {
    const feeds = listFiles(out).filter((file) => file.endsWith(".xml") && !file.startsWith("sitemap"));
    expect(feeds.length).toBeGreaterThan(3);
    const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "item" });
    let thinkItems = 0;
    for (const file of feeds) {
      const path = join(out, file);
      await expect(xmllint(path), file).resolves.toBe("");
      for (const item of parser.parse(readFileSync(path, "utf8")).rss?.channel?.item ?? []) {
        for (const field of ["description", "content:encoded"]) expect(markupIn(String(item[field] ?? "")), `${file} ${field}`).toEqual([]);
        if (String(item.title).startsWith("<think>")) {
          thinkItems++;
          expect(String(item["content:encoded"]), file).toContain("We study &lt;think&gt; tokens.");
        }
      }
      // The JavaScript reader decodes the HTML it is given once more, so only the strict reader's view of it is checked.
      for (const [reader, feed] of feedReaders(path, has("feedparser"))) {
        for (const entry of feed.entries.filter((e) => e.title.includes("think"))) {
          expect(entry.title, `${reader} ${file}`).toMatch(/^(<|&lt;)think(>|&gt;) Tokens in /);
          if (reader === "feedparser") expect(markupIn(`${entry.summary} ${entry.content}`), `${reader} ${file}`).toEqual([]);
        }
      }
    }
    expect(thinkItems).toBeGreaterThanOrEqual(5);
  });

  it("indexes text for search, words kept", () => {
    const records = searchRecords(out).filter((record) => record.url.startsWith("/papers/think-tokens-in-"));
    expect(records).toHaveLength(5);
    for (const record of records) expect(record.content, record.url).toContain("We study <think> tokens.");
  });

  it("writes the newsletter's HTML, text, Markdown and message without markup from a listing", async () => {
    const dir = join(out, "newsletter-out");
    const html = readFileSync(join(dir, "email.html"), "utf8");
    expect(markupIn(html)).toEqual([]);
    expect(html).toContain("&lt;think&gt; Tokens in JSON");
    expect(readFileSync(join(dir, "email.txt"), "utf8")).toContain("<think> Tokens in JSON");
    // The Markdown is for others to render, raw HTML allowed, as most renderers do.
    const markdown = new MarkdownIt({ html: true }).render(readFileSync(join(dir, "email.md"), "utf8"));
    expect(markupIn(markdown)).toEqual([]);
    expect(markdown).toContain("&lt;think&gt; Tokens in JSON");
    const message = await mailparser(join(dir, "email.eml"));
    expect(markupIn(message.html)).toEqual([]);
    expect(message.text).toContain("<think> Tokens in JSON");
    expect(message.headers.Subject).not.toMatch(/[<>\r\n]/);
  });

  it("gives a 3,000-author paper a compact byline, a page under 250 KB and links for its first ten names alone", () => {
    const slug = slugs().find((s) => s.startsWith("a-collaboration-of-three-thousand-authors"))!;
    const file = fileForPath(out, `/papers/${slug}/`)!;
    const text = readFileSync(file, "utf8");
    expect(Buffer.byteLength(text)).toBeLessThan(250_000);
    expect(text).toContain("<summary>All 3,000 authors</summary>");
    expect(text).toMatch(/Collaborator Number\d+ Longname[ a-zA-Z]* and 2,\d{3} more<\/p>/);
    // Its first ten names link (to a search: each has this one paper, so no page of their own); the rest are text.
    expect(text.match(/<a href="\/search\/\?q=Collaborator%20Number\d+[^"]*"/g)).toHaveLength(10 + 3);
    expect(listFiles(join(out, "authors")).filter((f) => f.startsWith("collaborator-number"))).toEqual([]);
    expect(readFileSync(fileForPath(out, "/issues/2025-03-18/")!, "utf8")).toMatch(
      /<p class="byline">Collaborator Number0 [ a-zA-Z]+, Collaborator Number1 [ a-zA-Z]+, Collaborator Number2 [ a-zA-Z]+ et al\.<\/p>/,
    );
    // Citations and feeds name its first ten.
    expect(text).toContain("Collaborator Number9 Longname");
    expect(text).toMatch(/ and others\},/);
    for (const name of listFiles(join(out, "authors"))) expect(Buffer.byteLength(name.split("/")[0]), name).toBeLessThanOrEqual(100);
  });
});
