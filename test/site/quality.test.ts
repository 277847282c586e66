import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import { buildSite, readSample, sampleWithSources, tempContent, tempDir } from "../helpers.ts";
import { itWith } from "../system-software.ts";
import { NU_CLEAN, brokenLinks, fileForPath, listFiles, nuCheck } from "./site-check.ts";

describe("quality gates on the built sample site", () => {
  let out: string;
  let html: string[];
  beforeAll(() => {
    const content = tempContent(sampleWithSources());
    ingest({ contentDir: content });
    // A curator's note, so its card, page aside and email row are checked with the rest.
    const page = join(content, "papers", "debate-helps-weak-to-strong-generalization.md");
    writeFileSync(page, readFileSync(page, "utf8").replace("---\n", "---\nnote: 'Start here: the clearest weak-to-strong result of the day.'\n"));
    out = tempDir("quality-");
    buildSite(content, out, { search: true });
    html = listFiles(out).filter((f) => f.endsWith(".html"));
  }, 120_000);

  itWith(
    "java",
    "passes the W3C Nu HTML checker with zero errors on every page",
    () => {
      const pages = html.map((f) => join(out, f));
      expect(nuCheck(pages)).toEqual({ status: 0, checked: pages, report: NU_CLEAN });
      expect(html.length).toBeGreaterThan(100);
    },
    120_000,
  );

  itWith(
    "java",
    "would catch an invalid page (the Nu checker itself)",
    () => {
      const dir = tempDir("nu-");
      const [valid, invalid] = [join(dir, "valid.html"), join(dir, "invalid.html")];
      writeFileSync(valid, '<!doctype html><html lang="en"><title>t</title><p>fine</p>');
      writeFileSync(invalid, '<!doctype html><html lang="en"><title>t</title><p><div>a block in a paragraph</p>');
      const { status, checked, report } = nuCheck([valid, invalid]);
      expect({ status, checked }).toEqual({ status: 1, checked: [valid, invalid] });
      expect(report).toContain("Error: Unclosed element “div”.");
      expect(report).toContain(`in resource file:${invalid}\n`);
      expect(report).not.toContain(valid);
      expect(report).not.toContain(NU_CLEAN);
    },
    60_000,
  );

  it("stays within budget: paper pages under 20 KB, CSS under 15 KB, no web fonts, no script but search's and the reader's where used", () => {
    const paperSizes = html.filter((f) => f.startsWith("papers/")).map((f) => statSync(join(out, f)).size);
    expect(Math.max(...paperSizes)).toBeLessThan(20 * 1024);
    const css = listFiles(out).filter((f) => f.endsWith(".css") && !f.startsWith("pagefind/"));
    expect(css).toEqual(["assets/site.css"]);
    expect(statSync(join(out, "assets/site.css")).size).toBeLessThan(15 * 1024);
    expect(readFileSync(join(out, "assets/site.css"), "utf8")).not.toMatch(/@font-face|@import|url\(/);
    // The reader's script (src/browser/reader.ts) where there is a paper to save or follow; /for-you/ has its own.
    const reader = expect.stringMatching(/^ type="module" src="\/assets\/reader\.[0-9a-f]{12}\.js"$/);
    for (const file of html.filter((f) => !f.startsWith("newsletter/"))) {
      const page = readFileSync(join(out, file), "utf8");
      const scripts = [...page.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
      const code = scripts.filter((attrs) => !attrs.includes('type="application/ld+json"') && attrs !== ' type="application/json" id="paper-record"');
      // The search page: Pagefind's UI, its start, and the reader's script for Save on each result.
      if (file === "search/index.html") expect(code).toEqual([' src="/pagefind/pagefind-ui.js"', ' src="/assets/search.js"', reader]);
      else if (file === "for-you/index.html") expect(code).toEqual([expect.stringMatching(/^ type="module" src="\/assets\/for-you\.[0-9a-f]{12}\.js"$/)]);
      else if (file.startsWith("papers/") || file === "library/index.html" || page.includes('class="card"')) expect(code, file).toEqual([reader]);
      else expect(code, file).toEqual([]);
    }
  });

  it("has no broken internal link or fragment anywhere (linkinator)", async () => {
    await expect(brokenLinks(out)).resolves.toEqual([]);
  });

  it("would catch a broken link or fragment (the checker itself)", async () => {
    const dir = tempDir("links-");
    writeFileSync(
      join(dir, "index.html"),
      '<!doctype html><title>t</title><a href="/gone/">x</a> <a href="/#nowhere">y</a> <p id="here">z</p> <a href="#here">ok</a>',
    );
    const broken = await brokenLinks(dir);
    expect(broken.map((b) => b.url).sort()).toEqual(["/#nowhere", "/gone/"]);
  });

  it("describes pages for sharing: canonical URL, OpenGraph, Twitter card, ScholarlyArticle JSON-LD, robots.txt", () => {
    const paper = readFileSync(fileForPath(out, "/papers/debate-helps-weak-to-strong-generalization/")!, "utf8");
    const url = "https://digest.example.org/papers/debate-helps-weak-to-strong-generalization/";
    expect(paper).toContain(`<link rel="canonical" href="${url}">`);
    expect(paper).toContain('<meta property="og:title" content="Debate Helps Weak-to-Strong Generalization">');
    expect(paper).toContain('<meta property="og:type" content="article">');
    expect(paper).toContain('<meta name="twitter:card" content="summary">');
    const ld = JSON.parse(paper.match(/<script type="application\/ld\+json">(.*?)<\/script>/s)![1]);
    expect(ld).toMatchObject({
      "@context": "https://schema.org",
      "@type": "ScholarlyArticle",
      headline: "Debate Helps Weak-to-Strong Generalization",
      datePublished: "2025-03-17",
      url,
    });
    // Its arXiv listing (test/fixtures/sources/) brought its authors and id.
    expect(ld).toMatchObject({
      author: [{ "@type": "Person", name: "Hao Lang" }, { name: "Fei Huang" }, { name: "Yongbin Li" }],
      sameAs: "https://arxiv.org/abs/2501.13124",
    });
    expect(paper).toMatch(
      /@misc\{lang2025debate,\n  title = \{\{Debate Helps Weak-to-Strong Generalization\}\},\n  author = \{Hao Lang and Fei Huang and Yongbin Li\},\n  year = \{2025\},\n  eprint = \{2501\.13124\},/,
    );
    expect(readFileSync(join(out, "robots.txt"), "utf8")).toContain("Sitemap: https://digest.example.org/sitemap.xml");
  });
});

describe("a site under a sub-path (pathPrefix), as on GitHub Pages", () => {
  it("prefixes every internal link and keeps absolute URLs on the configured host", () => {
    const content = tempContent({ "2025-03-17.txt": readSample() });
    ingest({ contentDir: content });
    const out = tempDir("prefix-");
    buildSite(content, out, { env: { SITE_URL: "https://someone.github.io/paper-digest/", PATH_PREFIX: "/paper-digest/" } });
    const home = readFileSync(join(out, "index.html"), "utf8");
    expect(home).toContain('href="/paper-digest/assets/site.css"');
    expect(home).toContain('href="/paper-digest/papers/yi-open-foundation-models-by-01-ai/"');
    expect(home).toContain('action="/paper-digest/search/"');
    expect(home).not.toMatch(/(?:href|src|action)="\/(?!paper-digest\/)/);
    expect(readFileSync(join(out, "feed.xml"), "utf8")).toContain(
      "<link>https://someone.github.io/paper-digest/papers/yi-open-foundation-models-by-01-ai/</link>",
    );
  });
});
