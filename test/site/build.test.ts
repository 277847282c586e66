import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import { exportNewsletter } from "../../src/newsletter/export.ts";
import { buildSite, readSample, tempContent, tempDir } from "../helpers.ts";
import { feedReaders } from "../feeds/feedparser.ts";
import { has } from "../system-software.ts";
import { brokenLinks, fileForPath, listFiles, xmllint } from "./site-check.ts";

const SITE_URL = "https://digest.example.org";

function buildFrom(digests: Record<string, string>, handMadePages: Record<string, string> = {}) {
  const content = tempContent(digests);
  for (const [name, text] of Object.entries(handMadePages)) writeFileSync(join(content, "papers", name), text);
  const result = ingest({ contentDir: content });
  const out = tempDir("site-");
  buildSite(content, out, { search: true });
  return { content, out, result, read: (path: string) => readFileSync(fileForPath(out, path)!, "utf8") };
}

function feedItems(xml: string): Record<string, unknown>[] {
  const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml);
  const items = parsed.rss.channel.item;
  return Array.isArray(items) ? items : [items];
}

describe("a real build of the sample", () => {
  let site: ReturnType<typeof buildFrom>;
  beforeAll(() => {
    site = buildFrom({ "2025-03-17.txt": readSample() });
  }, 60_000);

  it("says on /trends/ how much history trends need, and draws nothing on one day", () => {
    const trends = site.read("/trends/");
    expect(trends).toContain(
      "Trends need 4 weeks of issues to compare a week with the weeks before it. This archive holds 1 day of history; with a digest every day, it will have enough on 13 April 2025.",
    );
    expect(trends).not.toContain("<svg");
    expect(site.read("/")).not.toContain("rising-block");
    expect(site.read("/topics/")).not.toContain("<svg");
  });

  it("produces every page the site promises", () => {
    const expected = [
      "/",
      "/issues/",
      "/issues/2025-03-17/",
      "/topics/",
      "/feed.xml",
      "/sitemap.xml",
      "/404.html",
      "/assets/site.css",
      "/search/",
      "/robots.txt",
      "/pagefind/pagefind-ui.js",
      "/trends/",
    ];
    for (const paper of site.result.papers) expected.push(`/papers/${paper.slug}/`);
    const topics = new Set(site.result.papers.flatMap((p) => p.topics));
    for (const topic of topics) expected.push(`/topics/${topic}/`);
    for (const path of expected) expect(fileForPath(site.out, path), path).toBeDefined();
    expect(listFiles(site.out).filter((f) => f.startsWith("papers/"))).toHaveLength(63);
  });

  it("has no internal link to a missing page or fragment", async () => {
    await expect(brokenLinks(site.out)).resolves.toEqual([]);
  });

  it("shows the latest issue on the home page, in rank order, with summaries and topics", () => {
    const home = site.read("/");
    const titles = [...home.matchAll(/<h2 class="card-title"><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(titles).toHaveLength(63);
    expect(titles[0]).toBe("Yi: Open Foundation Models by 01.AI");
    expect(titles[62]).toMatch(/^Ensembling Portfolio Strategies/);
    expect(home).toContain("63 papers");
    expect(home).toContain('class="summary"');
    expect(home).toContain('href="/topics/alignment-oversight/"');
  });

  it("links a paper page to its issue, topics, related papers and search", () => {
    const page = site.read("/papers/debate-helps-weak-to-strong-generalization/");
    expect(page).toContain('href="/issues/2025-03-17/"');
    expect(page).toContain('href="/topics/alignment-oversight/"');
    expect(page).toContain('href="/papers/weak-to-strong-generalization-eliciting-strong-capabilities-with-weak/"');
    expect(page).toContain("https://scholar.google.com/scholar?q=Debate%20Helps%20Weak-to-Strong%20Generalization");
  });

  it("lists every topic with its paper count", () => {
    const index = site.read("/topics/");
    const alignment = site.result.papers.filter((p) => p.topics.includes("alignment-oversight")).length;
    expect(index).toMatch(new RegExp(`href="/topics/alignment-oversight/">Alignment &amp; oversight</a> <span class="count">${alignment} papers`));
    // A topic's name is escaped once in its page's title, as everywhere.
    const topic = site.read("/topics/alignment-oversight/");
    expect(topic).toContain("<title>Alignment &amp; oversight · Paper Digest</title>");
    expect(topic).toContain('<meta property="og:title" content="Alignment &amp; oversight">');
  });

  it("writes a well-formed RSS feed with absolute links, stable guids and the issue date", async () => {
    const feed = site.read("/feed.xml");
    await expect(xmllint(fileForPath(site.out, "/feed.xml")!)).resolves.toBe("");
    expect(XMLValidator.validate(feed)).toBe(true);
    const items = feedItems(feed);
    expect(items).toHaveLength(63);
    for (const item of items) {
      expect(String(item.link)).toMatch(new RegExp(`^${SITE_URL}/papers/[a-z0-9-]+/$`));
      expect(fileForPath(site.out, String(item.link).slice(SITE_URL.length))).toBeDefined();
      expect(item.pubDate).toBe("Mon, 17 Mar 2025 00:00:00 GMT");
      expect(String(item["content:encoded"])).toMatch(/^<p>/);
    }
    expect(new Set(items.map((i) => (i.guid as { "#text": string })["#text"])).size).toBe(63);
    expect(feed).toContain("<lastBuildDate>Mon, 17 Mar 2025 00:00:00 GMT</lastBuildDate>");
  });

  it("hosts each issue's newsletter on the web: the email's HTML, less the subscriber's unsubscribe link", async () => {
    const out = tempDir("newsletter-web-");
    await exportNewsletter({ contentDir: site.content, outDir: out });
    const email = readFileSync(join(out, "email.html"), "utf8");
    const web = site.read("/newsletter/2025-03-17/");
    expect(email).toContain(">Unsubscribe</a>");
    expect(web).not.toContain("Unsubscribe");
    expect(web.trim()).toBe(email.replace(/ · <a href="[^"]*"[^>]*>Unsubscribe<\/a>/, "").trim());
  });

  it("lists every page in a well-formed sitemap index and its sitemaps", async () => {
    await expect(xmllint(fileForPath(site.out, "/sitemap.xml")!)).resolves.toBe("");
    const sitemaps = [...site.read("/sitemap.xml").matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(sitemaps).toEqual([`${SITE_URL}/sitemaps/1.xml`]);
    const file = fileForPath(site.out, "/sitemaps/1.xml")!;
    await expect(xmllint(file)).resolves.toBe("");
    const locs = [...readFileSync(file, "utf8").matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(locs).toContain(`${SITE_URL}/papers/yi-open-foundation-models-by-01-ai/`);
    expect(locs).toContain(`${SITE_URL}/issues/2025-03-17/`);
    expect(locs.filter((l) => l.includes("/papers/"))).toHaveLength(63);
    for (const loc of locs) expect(fileForPath(site.out, loc.slice(SITE_URL.length)), loc).toBeDefined();
  });
});

describe("a curator's corrections and note", () => {
  const SLUG = "tool-augmented-reward-modeling";
  const TITLE = "Themis: Reward Models <With> Tools & Search";
  const SUMMARY = "Reward models that call a calculator or a search engine rank answers better & more honestly.";
  const NOTE = "Read this first: <b>tools</b> & search make reward models honest.";
  let site: { content: string; out: string; read: (path: string) => string };
  beforeAll(() => {
    const content = tempContent({ "2025-03-17.txt": readSample() });
    ingest({ contentDir: content });
    const path = join(content, "papers", `${SLUG}.md`);
    writeFileSync(
      path,
      readFileSync(path, "utf8")
        .replace(/^title: .*$/m, `title: '${TITLE}'`)
        .replace(/^summary: [^]*?\nlinks:/m, `summary: '${SUMMARY}'\nlinks:`)
        .replace("  - agents-tools\n", "  - efficient-ml\n")
        .replace("---\n", `---\nnote: '${NOTE}'\n`),
    );
    ingest({ contentDir: content });
    const out = tempDir("site-");
    buildSite(content, out);
    site = { content, out, read: (p: string) => readFileSync(fileForPath(out, p)!, "utf8") };
  }, 60_000);

  it("shows the curator's title, summary and topics on the site, escaped, wherever the paper is listed", () => {
    const escaped = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
    const page = site.read(`/papers/${SLUG}/`);
    expect(page).toContain(`<h1>${escaped(TITLE)}</h1>`);
    expect(page).toContain(escaped(SUMMARY));
    expect(page).toMatch(/<dt>Efficient training &amp; inference<\/dt><dd>the curator&#39;s choice<\/dd>/);
    for (const listing of ["/", "/issues/2025-03-17/", "/topics/efficient-ml/", "/topics/reward-modeling/"]) {
      expect(site.read(listing), listing).toContain(`<a href="/papers/${SLUG}/">${escaped(TITLE)}</a>`);
    }
    expect(site.read("/topics/agents-tools/")).not.toContain(`/papers/${SLUG}/`);
  });

  it("shows the curator's note with the paper on its page and in every listing", () => {
    const note = `<strong>Curator's note:</strong> Read this first: &lt;b&gt;tools&lt;/b&gt; &amp; search make reward models honest.`;
    expect(site.read(`/papers/${SLUG}/`)).toContain(note);
    for (const listing of ["/", "/issues/2025-03-17/", "/topics/reward-modeling/"]) {
      const card = site
        .read(listing)
        .split('<article class="card">')
        .find((c) => c.includes(`/papers/${SLUG}/`))!;
      expect(card, listing).toContain(`<p class="note">${note}</p>`);
    }
    // Only that paper's card carries a note.
    expect(site.read("/issues/2025-03-17/").match(/class="note"/g)).toHaveLength(1);
  });

  it("says the same in the feed and the newsletter", async () => {
    const item = feedItems(site.read("/feed.xml")).find((i) => String(i.link).endsWith(`/papers/${SLUG}/`))!;
    expect(item.title).toBe(TITLE);
    // RSS's description is HTML: the summary's text, escaped.
    expect(item.description).toBe(SUMMARY.replace("&", "&amp;"));
    expect(String(item["content:encoded"])).toContain(
      "<p><strong>Curator's note:</strong> Read this first: &lt;b&gt;tools&lt;/b&gt; &amp; search make reward models honest.</p>",
    );
    const out = tempDir("newsletter-");
    await exportNewsletter({ contentDir: site.content, outDir: out });
    // The plain-text email wraps its lines.
    const text = readFileSync(join(out, "email.txt"), "utf8").replace(/\s+/g, " ");
    expect(text).toContain(`${TITLE} `);
    expect(text).toContain(SUMMARY);
    expect(text).toContain(`Curator's note: ${NOTE}`);
    const html = readFileSync(join(out, "email.html"), "utf8");
    expect(html).toContain("Themis: Reward Models &lt;With&gt; Tools &amp; Search");
    expect(html).toContain("better &amp; more honestly.");
    expect(html).toMatch(
      /<td class="note" style="[^"]+"><strong>Curator's note:<\/strong> Read this first: &lt;b&gt;tools&lt;\/b&gt; &amp; search make reward models honest.<\/td>/,
    );
    expect(readFileSync(join(out, "email.md"), "utf8")).toContain(
      "**Curator's note:** Read this first: \\<b\\>tools\\</b\\> \\& search make reward models honest.",
    );
  });
});

describe("a build from hostile input", () => {
  const ABSTRACT = "We propose a method and show that it works on many benchmarks in practice.";
  const hostile = [
    "Mar 17",
    "<script>alert(1)</script> & Friends",
    `${ABSTRACT} Formulas like {{ x }} and {% raw %} and <img src=x onerror=alert(2)> stay text ]]> here.`,
    'Bell\u0007 and \u0001control chars: "quoted" # not a comment',
    `${ABSTRACT} Second.\u000B`,
    "A Bound With Real TeX",
    `${ABSTRACT} The regret is $\\mathcal{O}(\\sqrt{T})$ and costs $5 or $10.`,
  ].join("\n\n");

  let site: ReturnType<typeof buildFrom>;
  beforeAll(() => {
    site = buildFrom({ "2025-03-17.txt": hostile }, { "curators-page.md": "---\ntitle: A page the curator wrote\n---\nNot a paper.\n" });
  }, 60_000);

  it("builds a page the curator added by hand to papers/, and keeps it out of listings", () => {
    expect(site.read("/papers/curators-page/")).toContain("Not a paper.");
    expect(site.read("/")).not.toContain("A page the curator wrote");
  });

  it("escapes titles and abstracts in every page", () => {
    for (const file of listFiles(site.out).filter((f) => f.endsWith(".html"))) {
      const html = readFileSync(join(site.out, file), "utf8");
      expect(html, file).not.toMatch(/<img/i);
      // The only scripts: structured data, a paper page's record for the reader's script, Pagefind's on the search
      // page, and the reader's own (src/browser/).
      for (const [tag] of html.matchAll(/<script[^>]*>/gi)) {
        expect(tag, file).toMatch(
          /^<script (type="application\/ld\+json"|type="application\/json" id="paper-record"|src="\/(pagefind\/pagefind-ui|assets\/search)\.js"|type="module" src="\/assets\/(reader|for-you)\.[0-9a-f]{12}\.js")>$/,
        );
      }
    }
    const page = site.read(`/papers/${site.result.papers[0].slug}/`);
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Friends");
    expect(page).toContain("{{ x }} and {% raw %} and &lt;img src=x onerror=alert(2)&gt; stay text ]]&gt; here.");
  });

  it("renders TeX math as MathML on the site and as Unicode in the feed", () => {
    const page = site.read("/papers/a-bound-with-real-tex/");
    expect(page).toMatch(/The regret is <span class="katex"><math xmlns="http:\/\/www.w3.org\/1998\/Math\/MathML">/);
    expect(page).toContain("and costs $5 or $10.");
    const item = feedItems(site.read("/feed.xml")).find((i) => i.title === "A Bound With Real TeX")!;
    expect(String(item["content:encoded"])).toContain("The regret is 𝒪(√T) and costs $5 or $10.");
    expect(String(item["content:encoded"])).not.toContain("<math");
  });

  it("still writes a well-formed feed that carries the text as written", async () => {
    await expect(xmllint(fileForPath(site.out, "/feed.xml")!)).resolves.toBe("");
    for (const [reader, parsed] of feedReaders(fileForPath(site.out, "/feed.xml")!, has("feedparser"))) {
      expect(parsed.entries[0].title, reader).toBe("<script>alert(1)</script> & Friends");
    }
    const items = feedItems(site.read("/feed.xml"));
    expect(items.map((i) => i.title)).toEqual([
      "<script>alert(1)</script> & Friends",
      'Bell and control chars: "quoted" # not a comment',
      "A Bound With Real TeX",
    ]);
    expect(String(items[0]["content:encoded"])).toContain("&lt;img src=x onerror=alert(2)&gt; stay text ]]&gt; here.");
  });
});
