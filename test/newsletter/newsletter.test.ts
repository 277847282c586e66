import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { AxeBuilder } from "@axe-core/playwright";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { ingest } from "../../src/ingest/ingest.ts";
import { exportNewsletter, fitNewsletter } from "../../src/newsletter/export.ts";
import { loadTaxonomy } from "../../src/analysis/topics.ts";
import { loadSiteSettings } from "../../src/store/settings.ts";
import { issuesOf } from "../../src/model/issue.ts";
import { readStoredPages } from "../../src/store/read.ts";
import { launchChromium } from "../browser.ts";
import { ROOT, readSample, tempContent, tempDir } from "../helpers.ts";
import { describeWith, has, itWith } from "../system-software.ts";
import { mimeReaders, pythonEmail } from "./mime.ts";

const SITE_URL = "https://digest.example.org";
const read = (dir: string, name: string) => readFileSync(join(dir, name), "utf8");
const htmlEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
const flat = (s: string) => s.replace(/\s+/g, " ");

function hrefs(html: string): string[] {
  return [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]);
}

describe("the newsletter export of the sample issue", () => {
  let content: string;
  let out: string;
  let titles: string[];

  beforeAll(async () => {
    content = tempContent({ "2025-03-17.txt": readSample() });
    titles = ingest({ contentDir: content }).papers.map((p) => p.title);
    out = tempDir("newsletter-");
    await exportNewsletter({ contentDir: content, outDir: out });
  });

  it("writes a MIME message real parsers read as text and HTML alternatives, matching the files", async () => {
    for (const [reader, message] of await mimeReaders(join(out, "email.eml"), has("feedparser"))) {
      expect(message.contentType, reader).toBe("multipart/alternative");
      expect(message.text.replace(/\r\n/g, "\n").trimEnd(), reader).toBe(read(out, "email.txt").trimEnd());
      expect(message.html.replace(/\r\n/g, "\n").trimEnd(), reader).toBe(read(out, "email.html").trimEnd());
      expect(message.headers, reader).toMatchObject({
        From: "Paper Digest <digest@digest.example.org>",
        To: "Paper Digest readers <readers@digest.example.org>",
        Subject: "Paper Digest — 17 Mar 2025: 63 papers",
        Date: "Mon, 17 Mar 2025 07:00:00 +0000",
        "MIME-Version": "1.0",
      });
      expect(message.headers["Message-ID"], reader).toMatch(/^<digest-2025-03-17-[0-9a-f]{16}@digest\.example\.org>$/);
      expect(message.headers["List-Unsubscribe"], reader).toBeUndefined(); // none configured
    }
  });

  itWith("feedparser", "writes a MIME message without defects, text part first (Python's email package)", () => {
    const message = pythonEmail(join(out, "email.eml"));
    expect(message.defects).toEqual([]);
    expect(message.parts.map((p) => p.contentType)).toEqual(["text/plain", "text/html"]);
    expect(message.parts.every((p) => p.charset === "utf-8")).toBe(true);
  });

  it("keeps the HTML email-safe: small, no scripts or stylesheets, absolute links, at most 600px", () => {
    const html = read(out, "email.html");
    expect(Buffer.byteLength(html)).toBeLessThan(90_000);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link[^>]+stylesheet/i);
    for (const href of hrefs(html)) expect(href === "{{unsubscribe_url}}" || /^https?:\/\//.test(href), href).toBe(true);
    expect(html).toContain(`href="${SITE_URL}/newsletter/2025-03-17/"`); // view in browser
    expect(html).toMatch(/<table[^>]*class="container"[^>]*width="600"[^>]*style="width: 600px; max-width: 100%;/); // inlined by juice
    expect(html).toContain("@media (prefers-color-scheme: dark)");
  });

  it("puts every paper of the issue in all four outputs", async () => {
    const html = read(out, "email.html");
    const text = flat(read(out, "email.txt"));
    const markdown = read(out, "email.md");
    const [[, message]] = await mimeReaders(join(out, "email.eml"), false);
    const textPart = flat(message.text);
    expect(titles).toHaveLength(63);
    for (const title of titles) {
      expect(html, title).toContain(htmlEscape(title));
      expect(text, title).toContain(flat(title));
      expect(markdown.replace(/\\(.)/g, "$1"), title).toContain(title);
      expect(textPart, title).toContain(flat(title));
    }
  });

  it("wraps the text version under 78 columns, except lines that are a bare link", () => {
    for (const line of read(out, "email.txt").split("\n")) {
      if (line.length > 78) expect(line.trim(), line).toMatch(/^(?:\S+: )?https?:\/\/\S+$/);
    }
  });

  it("exports byte-identical files twice", async () => {
    const again = tempDir("newsletter-again-");
    await exportNewsletter({ contentDir: content, outDir: again });
    for (const name of ["email.html", "email.txt", "email.md", "email.eml"]) expect(read(again, name), name).toBe(read(out, name));
  });

  it("exports only the chosen topics, and rejects unknown ones", async () => {
    const dir = tempDir("newsletter-topics-");
    const { newsletter } = await exportNewsletter({ contentDir: content, outDir: dir, topics: ["causal-inference"] });
    expect(newsletter.total).toBe(3);
    expect(newsletter.subject).toBe("Paper Digest — 17 Mar 2025: 3 papers (Causal inference)");
    await expect(exportNewsletter({ contentDir: content, outDir: dir, topics: ["nope"] })).rejects.toThrow(/unknown topic nope/);
    await expect(exportNewsletter({ contentDir: content, outDir: dir, issue: "2024-01-01" })).rejects.toThrow(/no issue dated 2024-01-01/);
  });
});

describe("a large, hostile issue", () => {
  const ABSTRACT = "We propose a method and show that it works on many benchmarks across several quite different settings.";
  let out: string;
  let titles: string[];

  beforeAll(async () => {
    const lines = ["Mar 17"];
    for (let i = 1; i <= 300; i++) lines.push(`Paper ${i}: <b>Bold</b> & "Quoted" — Résumé ${i}`, `${ABSTRACT} Variant ${i}.`);
    const content = tempContent({ "2025-03-17.txt": lines.join("\n\n") });
    const site = JSON.parse(read(content, "site.json"));
    site.title = "Digest «Ünïcode» \r\nBcc: victim@example.org";
    site.newsletter.listUnsubscribe = "https://digest.example.org/unsubscribe?list=ml";
    writeFileSync(join(content, "site.json"), JSON.stringify(site));
    titles = ingest({ contentDir: content }).papers.map((p) => p.title);
    out = tempDir("newsletter-large-");
    await exportNewsletter({ contentDir: content, outDir: out });
  });

  it("stays under the clipping size and says how many more papers are on the site", () => {
    const html = read(out, "email.html");
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(90_000);
    const shown = titles.filter((t) => html.includes(htmlEscape(t)));
    expect(shown.length).toBeLessThan(300);
    expect(html).toContain(`${300 - shown.length} more papers in this issue on the site`);
    expect(read(out, "email.txt")).toContain(`${300 - shown.length} more papers in this issue on the site`);
  });

  it("escapes hostile titles in HTML and encodes hostile header text", async () => {
    const html = read(out, "email.html");
    expect(html).not.toContain("<b>Bold</b>");
    expect(html).toContain("&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;Quoted&quot; — Résumé 1<");
    const headers = read(out, "email.eml").split("\r\n\r\n")[0];
    expect(headers).not.toMatch(/^Bcc:/im);
    expect(headers).toMatch(/^[\x20-\x7e\r\n\t]*$/); // headers are 7-bit
    for (const [reader, message] of await mimeReaders(join(out, "email.eml"), has("feedparser"))) {
      expect(message.headers.Bcc, reader).toBeUndefined();
      expect(message.headers.Subject, reader).toBe("Digest «Ünïcode» Bcc: victim@example.org — 17 Mar 2025: 300 papers");
      expect(message.headers["List-Unsubscribe"], reader).toBe("<https://digest.example.org/unsubscribe?list=ml>");
      expect(message.headers["List-Unsubscribe-Post"], reader).toBe("List-Unsubscribe=One-Click");
    }
  });
});

describeWith("chromium", "the HTML email in a real browser", () => {
  let browser: Browser;
  let out: string;
  let content: string;
  beforeAll(async () => {
    content = tempContent({ "2025-03-17.txt": readSample() });
    ingest({ contentDir: content });
    out = tempDir("newsletter-browser-");
    await exportNewsletter({ contentDir: content, outDir: out });
    browser = await launchChromium();
  }, 60_000);

  it("serves a web version (/newsletter/<date>/) with no accessibility violations (axe-core), as the site's other pages", async () => {
    // What the site's page renders (src/site/newsletter-filter.ts): the issue's email without the unsubscribe link.
    const site = loadSiteSettings(content);
    const papers = [...readStoredPages(join(content, "papers")).values()].map((page) => page.data);
    const [issue] = issuesOf(papers, (paper) => paper);
    const { html } = fitNewsletter(issue, site, loadTaxonomy(content).topics, { web: true });
    expect(html).not.toContain("Unsubscribe");
    const file = join(out, "web.html");
    writeFileSync(file, html);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`file://${file}`);
    await expect(page.locator("main").count()).resolves.toBe(1);
    await expect(page.locator("h1").textContent()).resolves.toBe("Paper Digest");
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    await context.close();
  });
  afterAll(() => browser?.close());

  it.each([600, 375])("renders at %ipx wide with nothing cut off or scrolling sideways (screenshot saved)", async (width) => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(`file://${join(out, "email.html")}`);
    const layout = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      overflowing: [...document.querySelectorAll("a, td")].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).length,
      titles: document.querySelectorAll("td.title a").length,
    }));
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
    expect(layout.overflowing).toBe(0);
    expect(layout.titles).toBe(63);
    mkdirSync(join(ROOT, "test-output"), { recursive: true });
    await page.screenshot({ path: join(ROOT, "test-output", `email-${width}.png`), fullPage: false });
    await page.close();
  });

  it("switches to its dark palette for readers in dark mode", async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 900 }, colorScheme: "dark" });
    await page.goto(`file://${join(out, "email.html")}`);
    const colors = await page.evaluate(() => ({
      container: getComputedStyle(document.querySelector(".container")!).backgroundColor,
      summary: getComputedStyle(document.querySelector("td.summary")!).color,
    }));
    expect(colors).toEqual({ container: "rgb(29, 29, 33)", summary: "rgb(232, 232, 234)" });
    await page.screenshot({ path: join(ROOT, "test-output", "email-375-dark.png") });
    await page.close();
  });
});
