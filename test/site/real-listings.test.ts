import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import { parsePage } from "../../src/store/front-matter.ts";
import { launchChromium } from "../browser.ts";
import { feedparser, jsFeedParser } from "../feeds/feedparser.ts";
import { ROOT, buildSite, tempContent, tempDir } from "../helpers.ts";
import { has, itWith } from "../system-software.ts";
import { NU_CLEAN, fileForPath, listFiles, nuCheck, xmllint } from "./site-check.ts";
import { serveSite } from "./serve.ts";

/** Responses arXiv and Hugging Face really sent, saved by other projects (test/fixtures/real/SOURCES.md). */
const REAL = join(ROOT, "test", "fixtures", "real");
const FILES = readdirSync(REAL)
  .filter((name) => /\.(xml|json)$/.test(name))
  .sort();

/** Each real file as one day's digest, a day apart, in file-name order. */
const digestName = (index: number, file: string) => `${new Date(Date.UTC(2026, 0, 1 + index)).toISOString().slice(0, 10)}.${file.split(".").pop()}`;

/** The arXiv ids a response names, read with nothing of ours: Atom entry ids, RSS guids, Hugging Face paper ids. */
function arxivIdsIn(text: string): string[] {
  if (text.trimStart().startsWith("[")) return (JSON.parse(text) as { paper: { id: string } }[]).map((entry) => entry.paper.id);
  const entries = [...text.matchAll(/<entry>[\s\S]*?<\/entry>/g)].map((m) => /<id>https?:\/\/arxiv\.org\/abs\/(.+?)(?:v\d+)?<\/id>/.exec(m[0])?.[1]);
  const items = [...text.matchAll(/<guid[^>]*>oai:arXiv\.org:(.+?)v\d+<\/guid>/g)].map((m) => m[1]);
  const rdfItems = [...text.matchAll(/<item rdf:about="https?:\/\/arxiv\.org\/abs\/(.+?)">/g)].map((m) => m[1]);
  return [...entries, ...items, ...rdfItems].filter((id): id is string => id !== undefined);
}

/** What a reader sees of a page: its text outside tags, math (MathML), code and scripts, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<(math|code|script|style|pre)\b[\s\S]*?<\/\1>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** TeX a reader should never see: a command, an escaped special or accent, a `$` opening math, TeX's quotes, a brace group. */
const TEX_RESIDUE = /\\[A-Za-z]+|\\[{}$%&_#'"`^~=.]|\$(?!\d)\S|``|''|\{\\|[_^]\{/;
const ARXIV_CATEGORY =
  /^(?:cs|math|stat|physics|astro-ph|cond-mat|gr-qc|hep-ex|hep-lat|hep-ph|hep-th|math-ph|nlin|nucl-ex|nucl-th|quant-ph|q-bio|q-fin|econ|eess)(?:\.[A-Za-z-]+)?$/;

describe("every real listing at once: ingested and built", () => {
  let content: string;
  let out: string;
  let errors: string[];
  let pages: Record<string, unknown>[];
  beforeAll(() => {
    content = tempContent(Object.fromEntries(FILES.map((file, i) => [digestName(i, file), readFileSync(join(REAL, file), "utf8")])));
    errors = ingest({ contentDir: content }).errors;
    pages = readdirSync(join(content, "papers"))
      .filter((name) => name.endsWith(".md"))
      .map((name) => parsePage(readFileSync(join(content, "papers", name), "utf8")).data);
    out = tempDir("real-site-");
    buildSite(content, out, { search: true }); // throws if the build exits non-zero
  }, 600_000);

  it("holds the formats the issue names: old and new API Atom with an error and an empty answer, RSS 2.0, Hugging Face over two years", () => {
    expect(FILES.filter((f) => f.startsWith("arxiv-api-old-")).length).toBeGreaterThan(3);
    expect(FILES.filter((f) => f.startsWith("arxiv-api-new-")).length).toBeGreaterThan(3);
    expect(FILES.some((f) => /error/.test(f) && f.startsWith("arxiv-api-"))).toBe(true);
    expect(FILES.some((f) => /empty/.test(f))).toBe(true);
    expect(FILES.some((f) => f.startsWith("arxiv-rss2-"))).toBe(true);
    expect(FILES.some((f) => f.startsWith("arxiv-rss1-"))).toBe(true);
    expect(new Set(FILES.filter((f) => f.startsWith("hf-daily-")).map((f) => /20\d\d/.exec(f)?.[0])).size).toBeGreaterThanOrEqual(3);
  });

  it("reports the services' error answers as errors naming the file, and reads everything else", () => {
    const errorFiles = FILES.map((file, i) => [file, digestName(i, file)]).filter(([file]) => /error/.test(file));
    expect(errors).toHaveLength(errorFiles.length);
    for (const [, digest] of errorFiles)
      expect(
        errors.some((e) => e.includes(digest) && /answered with an error/.test(e)),
        digest,
      ).toBe(true);
  });

  it("gives every arXiv id in them a page", () => {
    const ids = new Set(FILES.filter((f) => !/error/.test(f)).flatMap((file) => arxivIdsIn(readFileSync(join(REAL, file), "utf8"))));
    expect(ids.size).toBeGreaterThan(300);
    const withPages = new Set(pages.map((page) => page.arxiv_id));
    expect([...ids].filter((id) => !withPages.has(id))).toEqual([]);
  });

  it("keeps only arXiv's categories in categories, and other schemes apart", () => {
    for (const page of pages) for (const category of (page.categories as string[]) ?? []) expect(category, String(page.slug)).toMatch(ARXIV_CATEGORY);
    expect(pages.some((page) => (page.msc as string[] | undefined)?.includes("53C"))).toBe(true);
  });

  it("leaves no TeX in what readers see of any paper page", () => {
    const residue = pages
      .map((page) => ({ slug: String(page.slug), text: visibleText(readFileSync(fileForPath(out, `/papers/${page.slug}/`)!, "utf8")) }))
      .flatMap(({ slug, text }) => (TEX_RESIDUE.test(text) ? [`${slug}: ${text.slice(Math.max(0, TEX_RESIDUE.exec(text)!.index - 40)).slice(0, 100)}`] : []));
    expect(residue).toEqual([]);
  });

  // Every feed through every reader (Python's feedparser a process each): past the default timeout on a loaded machine.
  it("writes feeds every reader takes", async () => {
    const all = listFiles(out).filter((file) => file.endsWith(".xml") && !file.startsWith("sitemap"));
    // Every feed but the authors', and the five authors' feeds first in name order: the authors with two or more papers
    // have a feed each (hundreds), all made as the topic feeds are.
    const authorFeeds = all.filter((file) => file.startsWith("authors/")).sort();
    expect(authorFeeds.length).toBeGreaterThan(5);
    const feeds = [...all.filter((file) => !file.startsWith("authors/")), ...authorFeeds.slice(0, 5)];
    for (const file of feeds) {
      const path = join(out, file);
      await expect(xmllint(path), file).resolves.toBe("");
      expect(() => jsFeedParser(path), file).not.toThrow();
      if (has("feedparser")) expect(feedparser(path).bozo, file).toBe(0);
    }
  }, 120_000);

  /** A sample of the pages: the first paper of each day, every issue, the topics index and a topic. */
  const sample = () => [
    ...pages.filter((page) => page.rank === 1).map((page) => `/papers/${page.slug}/`),
    ...listFiles(join(out, "issues"))
      .filter((f) => /^\d{4}-\d{2}-\d{2}\/index\.html$/.test(f))
      .map((f) => `/issues/${f.slice(0, 10)}/`),
    "/topics/",
    "/",
  ];

  itWith(
    "java",
    "passes the W3C Nu HTML checker on a sample of the pages",
    () => {
      const pages = sample().map((path) => fileForPath(out, path)!);
      expect(pages.length).toBeGreaterThan(30);
      expect(nuCheck(pages)).toEqual({ status: 0, checked: pages, report: NU_CLEAN });
    },
    120_000,
  );

  describe.runIf(has("chromium"))("in a real browser", () => {
    let browser: Browser;
    let close: () => void;
    let base: string;
    beforeAll(async () => {
      const served = await serveSite(out);
      base = served.url;
      close = () => served.server.close();
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      close?.();
    });

    it("has no accessibility violations (axe-core) on a sample of the pages", async () => {
      const violations: string[] = [];
      for (const path of sample().slice(0, 12)) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(base + path);
        const result = await new AxeBuilder({ page }).analyze();
        violations.push(...result.violations.map((v) => `${path} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`));
        await context.close();
      }
      expect(violations).toEqual([]);
    }, 180_000);
  });
});
