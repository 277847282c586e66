import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { parse as parseBibtex } from "@retorquere/bibtex-parser";
import { Parser } from "htmlparser2";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import { unescapeAll } from "../../src/text/html.ts";
import type { Paper } from "../../src/model/paper.ts";
import { launchChromium } from "../browser.ts";
import { buildSite, sampleWithSources, tempContent, tempDir } from "../helpers.ts";
import { describeWith } from "../system-software.ts";
import { fileForPath, listFiles } from "./site-check.ts";
import { serveSite } from "./serve.ts";

/**
 * The reader's own digest on the built sample site (docs/library.md): saving (from cards, paper pages and search
 * results), tagging, exporting and importing, following, /for-you/'s recommendations and "Not interested", in
 * Chromium at a phone's and a desktop's width, by keyboard; and what reference managers read from the pages
 * (Highwire Press tags, COinS).
 */

vi.setConfig({ testTimeout: 90_000 });

let out: string;
let papers: Paper[];
beforeAll(() => {
  const content = tempContent(sampleWithSources());
  papers = ingest({ contentDir: content }).papers;
  out = tempDir("library-");
  // With its search index: Save on the search page's results.
  buildSite(content, out, { search: true });
}, 180_000);

const read = (path: string) => readFileSync(fileForPath(out, path)!, "utf8");

/** The `<meta name=… content=…>` of a page's head, in order. */
function metaTags(html: string): [string, string][] {
  const tags: [string, string][] = [];
  new Parser({
    onopentag(name, attributes) {
      if (name === "meta" && attributes.name) tags.push([attributes.name, attributes.content]);
    },
  }).end(html);
  return tags;
}

/**
 * The meta tags Zotero's "Embedded Metadata" translator reads: HIGHWIRE_MAPPINGS and the names addHighwireMetadata()
 * reads itself, in zotero/translators, "Embedded Metadata.js" at commit dcd14d6f47d3f3db90943d79abdfde17240cc38c
 * (lastUpdated 2024-06-13).
 */
const ZOTERO_HIGHWIRE = new Set([
  ...["citation_title", "citation_publication_date", "citation_cover_date", "citation_date", "citation_journal_title", "citation_journal_abbrev"],
  ...["citation_inbook_title", "citation_book_title", "citation_volume", "citation_issue", "citation_series_title", "citation_conference_title"],
  ...["citation_conference", "citation_dissertation_institution", "citation_technical_report_institution", "citation_technical_report_number"],
  ...["citation_publisher", "citation_isbn", "citation_abstract", "citation_doi", "citation_public_url", "citation_language"],
  ...["citation_author", "citation_authors", "citation_editor", "citation_editors", "citation_firstpage", "citation_lastpage", "citation_issn"],
  ...["citation_eIssn", "citation_pdf_url", "citation_abstract_html_url", "citation_fulltext_html_url", "citation_pmid", "citation_online_date"],
  ...["citation_year", "citation_keywords"],
]);

describe("what reference managers read", () => {
  it("gives a paper page the Highwire Press tags Zotero's Embedded Metadata translator reads: title, each author, date, abstract page, PDF", () => {
    const paper = papers.find((p) => p.slug === "debate-helps-weak-to-strong-generalization")!;
    const tags = metaTags(read(`/papers/${paper.slug}/`)).filter(([name]) => name.startsWith("citation_"));
    // citation_arxiv_id is arXiv's own tag (its abstract pages carry it); the translator reads the id from the abstract page's URL.
    expect(tags.map(([name]) => name).filter((name) => !ZOTERO_HIGHWIRE.has(name))).toEqual(["citation_arxiv_id"]);
    expect(tags).toEqual([
      ["citation_title", "Debate Helps Weak-to-Strong Generalization"],
      ["citation_author", "Hao Lang"],
      ["citation_author", "Fei Huang"],
      ["citation_author", "Yongbin Li"],
      ["citation_date", (paper.facts.submitted || paper.issues[0]).replace(/-/g, "/")],
      ["citation_arxiv_id", "2501.13124"],
      ["citation_abstract_html_url", "https://arxiv.org/abs/2501.13124"],
      ["citation_pdf_url", "https://arxiv.org/pdf/2501.13124"],
    ]);
    // A collaboration's tags name the authors its citation names (src/model/authors.ts: linkedAuthors).
    const olmo = metaTags(read("/papers/2-olmo-2-furious/")).filter(([name]) => name === "citation_author");
    expect(olmo).toHaveLength(papers.find((p) => p.slug === "2-olmo-2-furious")!.facts.authors!.length);
  });

  it("gives every card of an issue a COinS span, its values URL-encoded, for the paper on the card; topic and author pages none", () => {
    const html = read("/issues/2025-03-17/");
    const spans: { title: string; card: string }[] = [];
    let card = "";
    new Parser({
      onopentag(name, attributes) {
        if (name === "article" && attributes["data-slug"]) card = attributes["data-slug"];
        if (name === "span" && attributes.class === "Z3988") spans.push({ title: attributes.title, card });
      },
    }).end(html);
    const listed = papers.filter((p) => p.issues.includes("2025-03-17"));
    expect(spans).toHaveLength(listed.length);
    for (const { title, card: slug } of spans) {
      const paper = listed.find((p) => p.slug === slug)!;
      const params = new URLSearchParams(title);
      expect(params.get("ctx_ver")).toBe("Z39.88-2004");
      expect(params.get("rft.atitle")).toBe(paper.title);
      expect(params.getAll("rft.au")).toEqual((paper.facts.authors ?? []).slice(0, 50));
      expect(params.getAll("rft_id")).toContain(`https://digest.example.org/papers/${paper.slug}/`);
      if (paper.facts.arxivId) expect(params.getAll("rft_id")).toContain(`info:arxiv/${paper.facts.arxivId}`);
    }
    // A paper has one issue but many topic and author pages: the issue is the list Zotero offers.
    const topic = papers[0].topics[0];
    const author = listFiles(out).find((f) => /^authors\/[^/]+\/index\.html$/.test(f) && f !== "authors/index.html")!;
    // There a card gives its issue's date, which an issue's own cards leave to the page.
    for (const page of [`/topics/${topic}/`, `/${author.replace(/index\.html$/, "")}`]) {
      expect(read(page)).toContain('class="card"');
      expect(read(page)).not.toContain("Z3988");
      expect(read(page)).toMatch(/<p class="meta"><time datetime="\d{4}-\d{2}-\d{2}">/);
    }
    expect(html).not.toMatch(/<p class="meta"><time/);
  });

  it("emits the window's features and the two scripts under hashed names, the scripts within 30 KB gzipped together", async () => {
    const { gzipSync } = await import("node:zlib");
    const assets = listFiles(out).filter((f) => /^assets\/(window|reader|for-you)\./.test(f));
    expect(assets.map((f) => f.replace(/\.[0-9a-f]{12}\./, ".<hash>.")).sort()).toEqual([
      "assets/for-you.<hash>.js",
      "assets/reader.<hash>.js",
      "assets/window.<hash>.json",
    ]);
    const scripts = assets.filter((f) => f.endsWith(".js")).map((f) => gzipSync(readFileSync(join(out, f))).length);
    expect(scripts.reduce((a, b) => a + b, 0)).toBeLessThan(30 * 1024);
    const window = JSON.parse(
      readFileSync(
        join(
          out,
          assets.find((f) => f.endsWith(".json"))!,
        ),
        "utf8",
      ),
    );
    // The latest 7 issues (content/site.json): all three of the sample's, every paper listed once.
    expect(window.issues).toEqual([...new Set(papers.flatMap((p) => p.issues))].sort().reverse().slice(0, 7));
    expect(window.papers.map((p: { slug: string }) => p.slug).sort()).toEqual(papers.map((p) => p.slug).sort());
  });
});

describeWith("chromium", "the reader's own digest in a real browser", () => {
  let browser: Browser;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    ({ url: base, server } = await serveSite(out));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  const debate = "debate-helps-weak-to-strong-generalization";
  const titleOf = (slug: string) => papers.find((p) => p.slug === slug)!.title;

  /** Presses a button the way a keyboard does: focus, then Enter. */
  async function press(page: Page, name: string | RegExp): Promise<void> {
    const button = page.getByRole("button", { name }).first();
    await button.focus();
    await page.keyboard.press("Enter");
  }

  async function expectPressed(page: Page, name: string, pressed: boolean): Promise<void> {
    await expect.poll(() => page.getByRole("button", { name }).first().getAttribute("aria-pressed")).toBe(String(pressed));
  }

  async function axe(page: Page): Promise<string[]> {
    const { violations } = await new AxeBuilder({ page }).analyze();
    return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }

  it.each([375, 1280])("at %ipx: save from three pages, tag, export BibTeX and JSON, import, be recommended, dismiss, follow", async (width) => {
    const viewport = { width, height: 900 };
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));

    // Three papers from three pages: an issue's card, a topic's card, a paper page.
    const fromIssue = papers.find((p) => p.issues.includes("2025-03-17") && p.topics.includes("llm-reasoning"))!.slug;
    await page.goto(`${base}/issues/2025-03-17/`);
    await press(page, `Save: ${titleOf(fromIssue)}`);
    await expectPressed(page, `Save: ${titleOf(fromIssue)}`, true);
    await page.goto(`${base}/topics/alignment-oversight/`);
    const fromTopic = papers.find((p) => p.topics.includes("alignment-oversight") && p.slug !== debate && p.slug !== fromIssue)!.slug;
    await press(page, `Save: ${titleOf(fromTopic)}`);
    await page.goto(`${base}/papers/${debate}/`);
    await press(page, `Save: ${titleOf(debate)}`);
    const saved = [fromIssue, fromTopic, debate];

    // Kept across a reload, and shown pressed wherever the paper is.
    await page.reload();
    await expectPressed(page, `Save: ${titleOf(debate)}`, true);
    await page.goto(`${base}/library/`);
    const titles = page.locator(".saved-paper h3 a");
    await expect.poll(() => titles.allTextContents().then((t) => t.sort())).toEqual(saved.map(titleOf).sort());
    await expect(page.getByText("kept in this browser alone").count()).resolves.toBe(1);

    // A tag: the paper moves under it.
    const tags = page.getByLabel(`Tags for ${titleOf(fromTopic)} (comma-separated)`);
    await tags.fill("weak to strong");
    await tags.press("Tab");
    const group = page.locator(".tag-group", { has: page.getByRole("heading", { name: /^Tag: weak to strong/ }) });
    await expect.poll(() => group.locator("h3 a").allTextContents()).toEqual([titleOf(fromTopic)]);

    // BibTeX: parses, one entry per paper, each the very entry its page's "Cite" gives.
    const [bibtexDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export BibTeX" }).click()]);
    const bibtex = readFileSync((await bibtexDownload.path())!, "utf8");
    const parsed = parseBibtex(bibtex);
    expect(parsed.errors).toEqual([]);
    expect(parsed.entries).toHaveLength(3);
    for (const slug of saved) {
      const cite = /<details class="cite">\s*<summary>Cite \(BibTeX\)<\/summary>\s*<pre><code>([^<]*)<\/code>/.exec(read(`/papers/${slug}/`))![1];
      expect(bibtex).toContain(unescapeAll(cite));
    }
    const [jsonDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export JSON" }).click()]);
    // Saved aside: a download goes when its browser context closes.
    const exported = join(tempDir("export-"), "paper-digest-library.json");
    await jsonDownload.saveAs(exported);

    // Following an author marks their paper in a listing, and the filter shows only such papers.
    await page.goto(`${base}/papers/${debate}/`);
    await press(page, "Follow: Hao Lang");
    await expectPressed(page, "Follow: Hao Lang", true);
    await page.goto(`${base}/issues/2025-03-17/`);
    const card = page.locator(`article.card[data-slug="${debate}"]`);
    await expect(card.locator(".followed").textContent()).resolves.toBe("You follow: Hao Lang");
    await press(page, "Only papers you follow");
    await expect(page.locator(".cards > li:visible").count()).resolves.toBe(
      papers.filter((p) => p.issues.includes("2025-03-17") && p.facts.authors?.includes("Hao Lang")).length,
    );
    // Hao Lang has one paper, so no page: the library links the name to a search for it, as the paper's byline does.
    await page.goto(`${base}/library/`);
    await expect.poll(() => page.locator(".follow-items a", { hasText: "Hao Lang" }).getAttribute("href")).toBe("/search/?q=Hao%20Lang");
    await context.close();

    // Another browser: the JSON export brings the library, its tag and follow with it.
    const other = await browser.newContext({ viewport });
    const fresh = await other.newPage();
    fresh.on("pageerror", (error) => errors.push(error.message));
    await fresh.goto(`${base}/library/`);
    await expect(fresh.getByText("Nothing saved yet").count()).resolves.toBe(1);
    await fresh.getByLabel("Import a JSON export").setInputFiles(exported);
    await expect
      .poll(() =>
        fresh
          .locator(".saved-paper h3 a")
          .allTextContents()
          .then((t) => [...new Set(t)].sort()),
      )
      .toEqual(saved.map(titleOf).sort());
    await expect(fresh.getByRole("heading", { name: /^Tag: weak to strong/ }).count()).resolves.toBe(1);
    expect(await axe(fresh), "/library/ with papers in it").toEqual([]);

    // Recommendations with their reasons.
    await fresh.goto(`${base}/for-you/`);
    const items = fresh.locator(".recommendations > li");
    await items.first().waitFor({ timeout: 15_000 });
    const first = await items.first().getAttribute("data-slug");
    expect(saved).not.toContain(first);
    const why = await items.first().locator(".why").textContent();
    expect(saved.map(titleOf).some((t) => why!.startsWith(`Like ${t} you saved: `))).toBe(true);
    expect(await axe(fresh), "/for-you/ with recommendations").toEqual([]);

    // "Not interested": gone at once, and after a reload.
    await press(fresh, `Not interested: ${titleOf(first!)}`);
    await expect.poll(() => fresh.locator(`.recommendations > li[data-slug="${first}"]`).count()).toBe(0);
    await expect(fresh.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? "")).resolves.toMatch(/^Not interested: /);
    await fresh.reload();
    await items.first().waitFor({ timeout: 15_000 });
    await expect(fresh.locator(`.recommendations > li[data-slug="${first}"]`).count()).resolves.toBe(0);

    // Nothing overflows sideways.
    for (const path of ["/library/", "/for-you/", `/papers/${debate}/`]) {
      await fresh.goto(base + path);
      await fresh.waitForTimeout(200);
      const { scrollWidth, clientWidth } = await fresh.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth, `${path} at ${width}px`).toBeLessThanOrEqual(clientWidth);
    }
    await other.close();
    expect(errors).toEqual([]);
  });

  it("works by keyboard alone: Tab to Save, then to a tag in the library", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    /** Tabs until the focused element matches, and says what it reached. */
    const tabTo = async (matches: (label: string) => boolean) => {
      for (let i = 0; i < 300; i++) {
        await page.keyboard.press("Tab");
        const label = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          return el?.getAttribute("aria-label") ?? el?.id ?? "";
        });
        if (matches(label)) return label;
      }
      throw new Error("never reached by Tab");
    };
    await page.goto(`${base}/issues/2025-03-17/`);
    const label = await tabTo((l) => l.startsWith("Save: "));
    await page.keyboard.press("Space");
    await expectPressed(page, label, true);
    await page.goto(`${base}/library/`);
    await page.locator(".saved-paper").first().waitFor();
    await tabTo((id) => id.endsWith("-tags"));
    await page.keyboard.type("by keyboard");
    await page.keyboard.press("Tab");
    await expect.poll(() => page.getByRole("heading", { name: /^Tag: by keyboard/ }).count()).toBe(1);
    // An author's page offers to follow them; the library lists whom the reader follows, linked to their page.
    await page.goto(`${base}/authors/lucas-beyer/`);
    const follow = await tabTo((l) => l.startsWith("Follow: "));
    expect(follow).toBe("Follow: Lucas Beyer");
    await page.keyboard.press("Enter");
    await expectPressed(page, follow, true);
    await page.goto(`${base}/library/`);
    await expect.poll(() => page.locator(".follow-items li").allTextContents()).toEqual([expect.stringMatching(/^Lucas Beyer \(author\)/)]);
    await page.waitForLoadState("networkidle"); // the library has asked whether the page is there
    await expect(page.locator(".follow-items a", { hasText: "Lucas Beyer" }).getAttribute("href")).resolves.toBe("/authors/lucas-beyer/");
    await context.close();
  });

  it("saves from a search result: pressed there, in /library/ with its page's record, and pressed on a new search", async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const title = titleOf(debate);
    const saveIt = page.getByRole("button", { name: `Save: ${title}` });
    await page.goto(`${base}/search/?q=debate`);
    await saveIt.waitFor({ timeout: 15_000 });
    await expect(saveIt.getAttribute("aria-pressed")).resolves.toBe("false");
    await saveIt.focus();
    await page.keyboard.press("Enter");
    await expectPressed(page, `Save: ${title}`, true);
    // Saved as from a card: the paper page's record follows, its BibTeX the page's "Cite".
    const stored = () => page.evaluate((slug) => JSON.parse(localStorage.getItem("paper-digest:library:/") ?? "{}").papers?.[slug]?.bibtex ?? "", debate);
    await expect.poll(stored).toMatch(/^@/);

    await page.goto(`${base}/library/`);
    await page.reload();
    await expect.poll(() => page.locator(".saved-paper h3 a").allTextContents()).toEqual([title]);

    // A new search, typed: the result shows pressed, with one Save toggle; so does every paper of a longer list.
    await page.goto(`${base}/search/`);
    const input = page.locator("#search .pagefind-ui__search-input");
    await input.fill("weak-to-strong debate");
    await expectPressed(page, `Save: ${title}`, true);
    await input.fill("model");
    await page.locator(".pagefind-ui__result-link").first().waitFor({ timeout: 15_000 });
    await page.getByRole("button", { name: "Load more results" }).click();
    const perResult = () => page.locator(".pagefind-ui__result").evaluateAll((items) => items.map((li) => li.querySelectorAll("button.save").length));
    await expect.poll(perResult).toEqual(Array(10).fill(1));
    await input.fill("debate");
    await expectPressed(page, `Save: ${title}`, true);
    await expect.poll(() => saveIt.count()).toBe(1);
    await expect.poll(async () => [...new Set(await perResult())]).toEqual([1]);

    // Unsaved from the result: gone from the library.
    await saveIt.click();
    await page.goto(`${base}/library/`);
    await expect.poll(() => page.getByText("Nothing saved yet").count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("starts a reader with nothing saved from pasted arXiv ids and titles", async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${base}/for-you/`);
    await expect.poll(() => page.getByRole("status").textContent()).toMatch(/^Nothing saved yet/);
    const byId = papers.find((p) => p.slug === debate)!;
    const byTitle = papers.find((p) => p.topics.includes("llm-reasoning") && p.slug !== debate)!;
    await page
      .getByLabel("Paste arXiv ids or titles of papers you like, one a line")
      .fill(`arXiv:${byId.facts.arxivId}v1\n${byTitle.title.toUpperCase()}\nNo such paper at all`);
    await page.getByRole("button", { name: "Start from these papers" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toMatch(/^Saved 2 papers from the latest issues\. Not in the latest issues: 1 line/);
    await page.locator(".recommendations > li").first().waitFor();
    await page.goto(`${base}/library/`);
    await expect
      .poll(() =>
        page
          .locator(".saved-paper h3 a")
          .allTextContents()
          .then((t) => t.sort()),
      )
      .toEqual([byId.title, byTitle.title].sort());
    await context.close();
  });

  it("without JavaScript shows no button of its own, and /for-you/ says what it needs and links the latest issue", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    for (const path of ["/", `/papers/${debate}/`, "/search/", "/library/", "/for-you/"]) {
      await page.goto(base + path);
      // The header's search form's button is the only one.
      await expect(page.getByRole("button").allTextContents(), path).resolves.toEqual(["Search"]);
    }
    const text = await page.locator("main").textContent();
    expect(text).toMatch(/This page needs JavaScript, since your browser does the ranking, and a few papers you saved/);
    const latest = [...new Set(papers.flatMap((p) => p.issues))].sort().at(-1);
    await expect(page.getByRole("link", { name: "latest issue" }).getAttribute("href")).resolves.toBe(`/issues/${latest}/`);
    await context.close();
  });
});
