import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import type { Paper } from "../../src/model/paper.ts";
import { launchChromium } from "../browser.ts";
import { ROOT, buildSite, readSample, sampleWithSources, tempContent, tempDir } from "../helpers.ts";
import { describeWith } from "../system-software.ts";
import { searchRecords } from "./site-check.ts";
import { serveSite } from "./serve.ts";

const SCREENSHOTS = join(ROOT, "test-output");
// A real browser loading real pages: slower than a unit test, and the machines are shared.
vi.setConfig({ testTimeout: 60_000 });

/**
 * A site of these digests, its search index split in parts of 20 pages (merged in the page, as on an archive of
 * more than 20,000 papers), built and served, under `pathPrefix` if given; and a browser.
 */
async function serveBuilt(digests: Record<string, string>, pathPrefix?: string, notes: Record<string, string> = {}) {
  const content = tempContent(digests);
  const settings = JSON.parse(readFileSync(join(content, "site.json"), "utf8"));
  writeFileSync(join(content, "site.json"), JSON.stringify({ ...settings, search: { pagesPerIndex: 20 } }));
  const papers = ingest({ contentDir: content }).papers;
  // Curators' notes, as a curator adds them after the ingest.
  for (const [slug, note] of Object.entries(notes)) {
    const page = join(content, "papers", `${slug}.md`);
    writeFileSync(page, readFileSync(page, "utf8").replace("---\n", `---\nnote: ${JSON.stringify(note)}\n`));
  }
  const out = tempDir("browser-");
  const env: Record<string, string> = pathPrefix ? { SITE_URL: `https://someone.github.io${pathPrefix}`, PATH_PREFIX: pathPrefix } : {};
  buildSite(content, out, { search: true, env });
  const { url, server } = await serveSite(out, pathPrefix);
  return { papers, out, base: url, server, browser: await launchChromium() };
}

describeWith("chromium", "the sample site in a real browser", () => {
  let browser: Browser;
  let server: Server;
  let base: string;
  let papers: Paper[];
  let out: string;

  beforeAll(async () => {
    // A curator's note on the paper whose page, issue and topic are checked below, so its card and aside are too.
    const notes = { "debate-helps-weak-to-strong-generalization": "Start here: the clearest weak-to-strong result of the day." };
    ({ papers, out, base, server, browser } = await serveBuilt(sampleWithSources(), undefined, notes));
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  async function open(path: string, width = 1280): Promise<Page> {
    // A context of its own per page: axe-core requires one, and nothing leaks between tests.
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto(base + path);
    return page;
  }

  it("follows a topic to a paper and on to a related paper", async () => {
    const page = await open("/");
    const topic = page.locator(".card").first().locator("a.topic").first();
    const topicName = await topic.textContent();
    await topic.click();
    await expect(page.locator("h1").textContent()).resolves.toBe(topicName);
    const firstPaper = page.locator(".card-title a").first();
    const title = await firstPaper.textContent();
    await firstPaper.click();
    await expect(page.locator("h1").textContent()).resolves.toBe(title);
    const related = page.locator("ol.related a").first();
    const relatedTitle = await related.textContent();
    await related.click();
    await expect(page.locator("h1").textContent()).resolves.toBe(relatedTitle);
    expect(page.url()).toMatch(/\/papers\/[a-z0-9-]+\/$/);
    await page.context().close();
  });

  it("finds, from the header's search box, the one paper whose abstract holds a rare word", async () => {
    const word = "Bangladesh";
    const holders = papers.filter((p) => p.abstract.includes(word) || p.title.includes(word));
    expect(holders).toHaveLength(1);
    const page = await open("/");
    await page.fill("#site-search", word);
    await page.press("#site-search", "Enter");
    await page.waitForURL(/\/search\/\?q=Bangladesh/);
    const results = page.locator(".pagefind-ui__result-link");
    await results.first().waitFor({ timeout: 15_000 });
    await expect(results.allTextContents()).resolves.toEqual([holders[0].title]);
    await page.context().close();
  });

  it("finds a paper by an author's name, its excerpt from the paper's text rather than its metadata", async () => {
    const page = await open("/search/?q=Hajishirzi");
    const results = page.locator(".pagefind-ui__result-link");
    await results.first().waitFor({ timeout: 15_000 });
    await expect(results.allTextContents()).resolves.toEqual(["2 OLMo 2 Furious"]);
    const byWord = await open("/search/?q=superhuman");
    await byWord.locator(".pagefind-ui__result").first().waitFor({ timeout: 15_000 });
    const excerpts = await byWord.locator(".pagefind-ui__result-excerpt").allTextContents();
    expect(excerpts.length).toBeGreaterThan(1);
    for (const excerpt of excerpts) {
      expect(excerpt).toMatch(/superhuman/i);
      expect(excerpt).not.toMatch(/In the issue of|Keywords:|arXiv:\d/);
    }
    await page.context().close();
    await byWord.context().close();
  });

  it("shows every author of a long list without JavaScript, each linked to their page or a search for them", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(base + "/papers/siglip-2-multilingual-vision-language-encoders-with-improved-semantic/");
    const all = page.locator(".all-authors li a");
    await expect(all.first().isVisible()).resolves.toBe(false);
    await page.click(".all-authors summary");
    await expect(all.count()).resolves.toBe(14);
    // Lucas Beyer has two papers, so a page; the first author, one, so a search.
    await expect(all.first().getAttribute("href")).resolves.toBe("/search/?q=Michael%20Tschannen");
    const beyer = page.locator(".all-authors li a", { hasText: "Lucas Beyer" });
    await expect(beyer.isVisible()).resolves.toBe(true);
    await beyer.click();
    await expect(page.locator("h1").textContent()).resolves.toBe("Lucas Beyer");
    await expect(page.locator(".card-title a").count()).resolves.toBe(2);
    await context.close();
  });

  it("follows the name of an author of one paper to a search that lists that paper first", async () => {
    const page = await open("/papers/2-olmo-2-furious/");
    await expect(page.locator(".authors > p").textContent()).resolves.toBe("Team OLMo, Pete Walsh, Luca Soldaini et al.");
    await page.locator(".authors > p a", { hasText: "Luca Soldaini" }).click();
    await page.waitForURL(/\/search\/\?q=Luca%20Soldaini$/);
    await expect(page.locator("#search input").inputValue()).resolves.toBe("Luca Soldaini");
    const results = page.locator(".pagefind-ui__result-link");
    await results.first().waitFor({ timeout: 15_000 });
    await expect(results.first().textContent()).resolves.toBe("2 OLMo 2 Furious");
    await page.context().close();
  });

  it("finds a paper in every part of an index split in parts", async () => {
    const bundles = ["pagefind", ...JSON.parse(readFileSync(join(out, "pagefind", "parts.json"), "utf8")).map((part: string) => `pagefind/${part}`)];
    expect(bundles.length).toBeGreaterThanOrEqual(3);
    for (const bundle of bundles) {
      const url = searchRecords(out, bundle)[0].url;
      const { title } = papers.find((p) => `/papers/${p.slug}/` === url)!;
      const page = await open(`/search/?q=${encodeURIComponent(title)}`);
      const results = page.locator(".pagefind-ui__result-link");
      await results.first().waitFor({ timeout: 15_000 });
      expect(await results.allTextContents(), bundle).toContain(title);
      await page.context().close();
    }
  });

  it("draws the topic filter without the browser's default fieldset frame", async () => {
    const page = await open("/search/?q=reward");
    await page.locator(".pagefind-ui__result").first().waitFor({ timeout: 15_000 });
    const border = await page.locator("fieldset.pagefind-ui__filter-panel").evaluate((el) => getComputedStyle(el).borderLeftWidth);
    expect(border).toBe("0px");
    await page.context().close();
  });

  it("narrows search results by topic", async () => {
    const page = await open("/search/?q=model");
    await page.locator(".pagefind-ui__result").first().waitFor({ timeout: 15_000 });
    await page.locator(".pagefind-ui__filter-name", { hasText: "topic" }).click();
    await page.locator('label:has-text("Causal inference")').click();
    const causal = papers.filter((p) => p.topics.includes("causal-inference")).map((p) => p.title);
    const shown = () => page.locator(".pagefind-ui__result-link").allTextContents();
    // Results re-render after the click (briefly empty): wait for a non-empty list of causal papers only.
    await expect
      .poll(
        async () => {
          const titles = await shown();
          return titles.length > 0 && titles.every((t) => causal.includes(t));
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    await page.context().close();
  });

  it("narrows an issue to one topic with the topic filter, and back", async () => {
    const page = await open("/issues/2025-03-17/");
    const visible = () => page.locator(".cards > li:visible").count();
    await expect(visible()).resolves.toBe(63);
    await page.click('label[for="filter-causal-inference"]');
    const causal = papers.filter((p) => p.topics.includes("causal-inference")).length;
    await expect(visible()).resolves.toBe(causal);
    for (const topics of await page.locator(".cards > li:visible").evaluateAll((lis) => lis.map((li) => li.getAttribute("data-topics")))) {
      expect(topics).toContain("causal-inference");
    }
    await page.click('label[for="filter-all"]');
    await expect(visible()).resolves.toBe(63);
    await page.context().close();
  });

  const pages = {
    home: "/",
    issue: "/issues/2025-03-17/",
    topic: "/topics/alignment-oversight/",
    paper: "/papers/debate-helps-weak-to-strong-generalization/",
    authors: "/papers/2-olmo-2-furious/",
    author: "/authors/lucas-beyer/",
    feeds: "/feeds/",
    search: "/search/?q=reward",
  };

  it.each([375, 1280])("lays every page out at %ipx without sideways scrolling (screenshots saved)", async (width) => {
    for (const [name, path] of Object.entries(pages)) {
      const page = await open(path, width);
      if (name === "search") await page.locator(".pagefind-ui__result").first().waitFor({ timeout: 15_000 });
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth, `${name} at ${width}px`).toBeLessThanOrEqual(clientWidth);
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`) });
      await page.context().close();
    }
  });

  it.each(Object.entries(pages))("has no accessibility violations (axe-core): %s", async (name, path) => {
    const page = await open(path);
    if (name === "search") await page.locator(".pagefind-ui__result").first().waitFor({ timeout: 15_000 });
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    await page.context().close();
  });

  it("follows the reader's dark-mode setting", async () => {
    const background = async (colorScheme: "light" | "dark") => {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await page.goto(base + pages.paper);
      const color = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await page.screenshot({ path: join(SCREENSHOTS, `paper-${colorScheme}.png`) });
      await context.close();
      return color.match(/\d+/g)!.slice(0, 3).map(Number);
    };
    const luminance = ([r, g, b]: number[]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
    expect(luminance(await background("light"))).toBeGreaterThan(200);
    expect(luminance(await background("dark"))).toBeLessThan(50);
  });

  it("keeps reading working without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(base + "/issues/2025-03-17/");
    await page.click('label[for="filter-alignment-oversight"]');
    await expect(page.locator(".cards > li:visible").count()).resolves.toBe(
      papers.filter((p) => p.issues.includes("2025-03-17") && p.topics.includes("alignment-oversight")).length,
    );
    await page.goto(base + pages.paper);
    await expect(page.locator(".abstract p").first().textContent()).resolves.toMatch(/^Common methods for aligning/);
    await context.close();
  });
});

describeWith("chromium", "search on a site under a sub-path, as on GitHub Pages", () => {
  let browser: Browser;
  let server: Server;
  let base: string;
  let papers: Paper[];
  let out: string;

  beforeAll(async () => {
    ({ papers, out, base, server, browser } = await serveBuilt({ "2025-03-17.txt": readSample() }, "/paper-digest/"));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it("finds a paper of the last part from the header's search box and opens its page under the sub-path", async () => {
    const lastPart = JSON.parse(readFileSync(join(out, "pagefind", "parts.json"), "utf8")).at(-1);
    const url = searchRecords(out, `pagefind/${lastPart}`)[0].url;
    const newest = papers.find((p) => `/papers/${p.slug}/` === url)!;
    const page = await browser.newPage();
    await page.goto(`${base}/paper-digest/`);
    await page.fill("#site-search", newest.title);
    await page.press("#site-search", "Enter");
    const result = page.locator(".pagefind-ui__result-link", { hasText: newest.title }).first();
    await result.waitFor({ timeout: 15_000 });
    await expect(result.getAttribute("href")).resolves.toBe(`/paper-digest/papers/${newest.slug}/`);
    await result.click();
    await expect(page.locator("h1").textContent()).resolves.toBe(newest.title);
    await page.close();
  });
});
