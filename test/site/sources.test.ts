import { copyFileSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { authorSlug } from "../../src/model/authors.ts";
import { ingest } from "../../src/ingest/ingest.ts";
import { exportNewsletter } from "../../src/newsletter/export.ts";
import { feedReaders } from "../feeds/feedparser.ts";
import { FIXTURES, buildSite, readSample, sampleWithSources, tempContent, tempDir } from "../helpers.ts";
import { has } from "../system-software.ts";
import { brokenLinks, fileForPath, searchRecords, xmllint } from "./site-check.ts";

function build(content: string) {
  const out = tempDir("sources-site-");
  buildSite(content, out, { search: true });
  return { out, read: (path: string) => readFileSync(fileForPath(out, path)!, "utf8") };
}

describe("a real build with arXiv and Hugging Face sources", () => {
  let site: ReturnType<typeof build>;
  let content: string;
  beforeAll(() => {
    content = tempContent(sampleWithSources());
    ingest({ contentDir: content });
    site = build(content);
  }, 120_000);

  it("shows a paper's authors, arXiv links, categories, upvotes and code", () => {
    const page = site.read("/papers/2-olmo-2-furious/");
    // Authors of one paper have no page: their names link to a search for them (test/site/authors.test.ts).
    expect(page).toContain(
      '<p><a href="/search/?q=Team%20OLMo" data-author="team-olmo">Team OLMo</a>, <a href="/search/?q=Pete%20Walsh" data-author="pete-walsh">Pete Walsh</a>, <a href="/search/?q=Luca%20Soldaini" data-author="luca-soldaini">Luca Soldaini</a> <span class="et-al">et al.</span></p>',
    );
    expect(page).toContain("<summary>All 40 authors</summary>");
    expect(page.match(/<li><a href="\/search\/\?q=[^"]+">/g)).toHaveLength(40);
    expect(page).toContain('<a href="https://arxiv.org/abs/2501.00656">arXiv:2501.00656</a> · <a href="https://arxiv.org/pdf/2501.00656">PDF</a>');
    expect(page).toContain('<a href="https://huggingface.co/papers/2501.00656">55 upvotes on Hugging Face</a>');
    expect(page).toContain('<a href="https://github.com/allenai/OLMo">https://github.com/allenai/OLMo</a>');
    expect(page).toMatch(/"author":\[\{"@type":"Person","name":"Team OLMo"\}/);
    expect(page).toContain("eprint = {2501.00656}");
  });

  it("labels arXiv's updates and cross-lists on the one page of the paper", () => {
    const dpo = site.read("/papers/direct-preference-optimization-your-language-model-is-secretly-a-reward-model/");
    expect(dpo).toContain('<span class="badge">updated</span> Updated on arXiv (v4), in cs.LG on 19 March 2025');
    const siglip2 = site.read("/papers/siglip-2-multilingual-vision-language-encoders-with-improved-semantic/");
    expect(siglip2).toContain('<span class="badge">cross-listed</span> Cross-listed to cs.LG from cs.CV on 19 March 2025');
    const tcm = site.read("/papers/threshold-consistent-margin-loss-for-open-world-deep-metric-learning/");
    expect(tcm).toContain("Updated on arXiv (v2), cross-listed to cs.LG from cs.CV on 19 March 2025");
    expect(tcm).toContain('<span class="category" title="primary category">cs.CV</span>');
  });

  it("gives each author of two papers a page listing them, linked from every paper page", async () => {
    const beyer = site.read("/authors/lucas-beyer/");
    expect(beyer).toContain("<h1>Lucas Beyer</h1>");
    const titles = [...beyer.matchAll(/<h2 class="card-title"><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(titles).toEqual([
      "SigLIP 2: Multilingual Vision-Language Encoders with Improved Semantic Understanding, Localization, and Dense Features",
      "Sigmoid Loss for Language Image Pre-Training",
    ]);
    expect(site.read("/papers/siglip-2-multilingual-vision-language-encoders-with-improved-semantic/")).toContain(
      '<li><a href="/authors/lucas-beyer/">Lucas Beyer</a></li>',
    );
    expect(site.read("/authors/")).toContain('<a href="/authors/lucas-beyer/">Lucas Beyer</a> <span class="count">2 papers</span>');
    expect(site.read("/sitemaps/1.xml")).toContain("<loc>https://digest.example.org/authors/lucas-beyer/</loc>");
    await expect(brokenLinks(site.out)).resolves.toEqual([]);
  });

  it("shows the first authors and the arXiv link in listings", () => {
    const issue = site.read("/issues/2025-03-19/");
    expect(issue).toContain('<p class="byline">Qiying Yu, Zheng Zhang, Ruofei Zhu et al.</p>');
    expect(issue).toContain('<a class="arxiv-link" href="https://arxiv.org/abs/2503.14476">arXiv</a>');
  });

  it("puts every author in the feed as dc:creator, and the arXiv and code links in the item", async () => {
    const file = fileForPath(site.out, "/feed.xml")!;
    await expect(xmllint(file)).resolves.toBe("");
    const items = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "item" || name === "dc:creator" }).parse(readFileSync(file, "utf8")).rss
      .channel.item;
    const dapo = items.find((item: { title: string }) => item.title.startsWith("DAPO"));
    expect(dapo["dc:creator"]).toHaveLength(35);
    expect(dapo["dc:creator"][0]).toBe("Qiying Yu");
    expect(dapo["content:encoded"]).toContain(
      '<p>Qiying Yu, Zheng Zhang, Ruofei Zhu et al. · <a href="https://arxiv.org/abs/2503.14476">arXiv:2503.14476</a> · <a href="https://arxiv.org/pdf/2503.14476">PDF</a> · <a href="https://github.com/BytedTsinghua-SIA/DAPO">Code</a></p>',
    );
    for (const [reader, feed] of feedReaders(file, has("feedparser"))) {
      const entry = feed.entries.find((e) => e.title.startsWith("DAPO"))!;
      expect(entry.authors.length, reader).toBeGreaterThan(0);
      expect(entry.authors[0], reader).toMatch(/^Qiying Yu/);
      expect(entry.content, reader).toContain("https://arxiv.org/abs/2503.14476");
    }
  });

  it("shows the first authors and the arXiv link in the email, as text and Markdown too", async () => {
    const out = tempDir("sources-newsletter-");
    await exportNewsletter({ contentDir: content, outDir: out, issue: "2025-03-19" });
    const html = readFileSync(join(out, "email.html"), "utf8");
    const text = readFileSync(join(out, "email.txt"), "utf8");
    const markdown = readFileSync(join(out, "email.md"), "utf8");
    expect(html).toMatch(/<td class="byline"[^>]*>Qiying Yu, Zheng Zhang, Ruofei Zhu et al\.<\/td>/);
    expect(html).toContain('<a href="https://arxiv.org/abs/2503.14476"');
    expect(text).toContain("  Qiying Yu, Zheng Zhang, Ruofei Zhu et al.\n");
    expect(text).toContain("  arXiv: https://arxiv.org/abs/2503.14476\n");
    expect(markdown).toContain("[arXiv](<https://arxiv.org/abs/2503.14476>)");
    // The web version is the same email.
    expect(site.read("/newsletter/2025-03-19/")).toContain("Qiying Yu, Zheng Zhang, Ruofei Zhu et al.");
  });

  it("indexes authors for search, and keeps the page's metadata line out of what excerpts come from", () => {
    const records = searchRecords(site.out);
    const olmo = records.find((r) => r.url === "/papers/2-olmo-2-furious/")!;
    expect(olmo.content).toContain("Hannaneh Hajishirzi");
    expect(olmo.content).toContain("We present OLMo 2");
    expect(olmo.content).not.toContain("Keywords: olmo");
    for (const record of records.filter((r) => r.url.startsWith("/papers/"))) {
      expect(record.content, record.url).not.toMatch(/In the issue of|upvotes on Hugging Face|Cite \(BibTeX\)|Related papers|Why these topics/);
    }
  });
});

describe("sources arriving after a paper was published as text", () => {
  it("keep every published URL and feed guid", () => {
    const content = tempContent({ "2025-03-17.txt": readSample() });
    ingest({ contentDir: content });
    const guids = (out: string) =>
      [...readFileSync(fileForPath(out, "/feed.xml")!, "utf8").matchAll(/<guid isPermaLink="true">([^<]+)<\/guid>/g)].map((m) => m[1]);
    const before = build(content);
    const beforeGuids = guids(before.out);
    expect(beforeGuids).toHaveLength(63);
    for (const name of readdirSync(FIXTURES)) {
      const target = join(content, "digests", name);
      copyFileSync(join(FIXTURES, name), target);
    }
    ingest({ contentDir: content });
    const after = build(content);
    const afterGuids = new Set(guids(after.out));
    // The feed holds the newest 100 items: every sample paper is still in it, with the same guid.
    for (const guid of beforeGuids) expect(afterGuids.has(guid), guid).toBe(true);
    expect(afterGuids.size).toBe(68);
    expect(after.read("/papers/2-olmo-2-furious/")).toContain("arXiv:2501.00656");
  }, 120_000);
});

describe("authors from the web", () => {
  it("are escaped everywhere, and an author's papers page 1 at a time when pageSize is 1", async () => {
    const hostile = `Ann <img src=x onerror=alert(1)> Lee & "Co" ]]>`;
    const entry = (n: number) => ({
      paper: {
        id: `2503.0000${n}`,
        title: `Paper ${n} <script>alert(${n})</script>`,
        summary: `We study case ${n} of a problem. We show that it works.`,
        authors: [{ name: hostile }, { name: "Bo Chen" }],
        upvotes: n,
      },
    });
    const content = tempContent({ "2025-03-19-hf.json": JSON.stringify([entry(1), entry(2), entry(3)], null, 2) });
    const settings = JSON.parse(readFileSync(join(content, "site.json"), "utf8"));
    writeFileSync(join(content, "site.json"), JSON.stringify({ ...settings, pageSize: 1 }));
    ingest({ contentDir: content });
    const { out, read } = build(content);
    const slug = authorSlug(hostile);
    expect(slug).toMatch(/^[a-z0-9-]+$/);
    const first = read(`/authors/${slug}/`);
    expect(first).toContain("<h1>Ann &lt;img src=x onerror=alert(1)&gt; Lee &amp; &quot;Co&quot; ]]&gt;</h1>");
    expect(first).toContain("<title>Ann &lt;img src=x onerror=alert(1)&gt; Lee &amp; &quot;Co&quot; ]]&gt; · Paper Digest</title>");
    // Three papers, one a page: the front page has the newest, and pages 1 to 3 count from the oldest.
    expect(first).toContain(`<a rel="next" href="/authors/${slug}/page/2/">Older</a>`);
    expect(read(`/authors/${slug}/page/3/`)).toContain(`<a rel="prev" href="/authors/${slug}/">Newer</a>`);
    expect(read(`/authors/${slug}/page/1/`)).toContain(`Page 1: papers 1–1, counted from the author's oldest`);
    expect(read(`/authors/${slug}/page/1/`)).toContain(`<a rel="prev" href="/authors/${slug}/page/2/">Newer</a>`);
    for (const path of ["/", "/papers/paper-1-script-alert-1-script/", `/authors/${slug}/`]) {
      expect(read(path), path).not.toMatch(/<img src=x|<script>alert/);
    }
    const feed = fileForPath(out, "/feed.xml")!;
    await expect(xmllint(feed)).resolves.toBe("");
    for (const [reader, parsed] of feedReaders(feed, has("feedparser"))) {
      expect(parsed.entries[0].authors[0], reader).toBe(hostile);
    }
    await expect(brokenLinks(out)).resolves.toEqual([]);
  }, 60_000);
});
