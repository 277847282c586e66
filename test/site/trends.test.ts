import { mkdirSync, readFileSync, statSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { XMLValidator } from "fast-xml-parser";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTaxonomy } from "../../src/analysis/topics.ts";
import { readableDate } from "../../src/model/dates.ts";
import { ingest } from "../../src/ingest/ingest.ts";
import { exportNewsletter } from "../../src/newsletter/export.ts";
import { readStoredPages } from "../../src/store/read.ts";
import { generatedArchive } from "../archive.ts";
import { launchChromium } from "../browser.ts";
import { ROOT, buildSite, tempContent, tempDir } from "../helpers.ts";
import { describeWith, itWith } from "../system-software.ts";
import { serveSite } from "./serve.ts";
import { feedReaders } from "../feeds/feedparser.ts";
import { has } from "../system-software.ts";
import { NU_CLEAN, fileForPath, nuCheck, xmllint } from "./site-check.ts";

const SCREENSHOTS = join(ROOT, "test-output");

/** 100 weeks of two papers a day, and a topic and phrase nobody wrote about before, on each of the last seven days. */
const archive = generatedArchive({ weeks: 100, perDay: 2, risingPerDay: 1 });

describe("trends on a generated 100-week archive", () => {
  let content: string;
  let out: string;
  const read = (path: string) => readFileSync(fileForPath(out, path)!, "utf8");
  const topics = loadTaxonomy(join(ROOT, "content")).topics;
  /** The claim for speech in the week to the last issue, counted here from the pages themselves. */
  let claim: string;

  beforeAll(() => {
    content = tempContent(archive.digests);
    ingest({ contentDir: content });
    out = tempDir("trends-");
    buildSite(content, out);
    // Papers first listed in the week to 30 November and in the 8 weeks before, and those whose main topic is speech.
    const pages = [...readStoredPages(join(content, "papers")).values()].map((page) => page.data);
    const tally = (from: string, to: string) => {
      const inWindow = pages.filter((p) => p.issues[0] >= from && p.issues[0] <= to);
      return { n: inWindow.filter((p) => p.topics[0] === "speech-audio").length, of: inWindow.length };
    };
    const week = tally("2025-11-24", "2025-11-30");
    const before = tally("2025-09-29", "2025-11-23");
    const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;
    claim = `${pct(week.n, week.of)} of the week's papers (${week.n} of ${week.of}), up from ${pct(before.n, before.of)} over the 8 weeks before (${before.n} of ${before.of})`;
  }, 120_000);

  it("draws one chart per topic with its text alternative, within 300 KB", () => {
    const html = read("/trends/");
    expect(statSync(fileForPath(out, "/trends/")!).size).toBeLessThan(300 * 1024);
    const charts = [...html.matchAll(/<svg class="trend-chart"[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(charts).toHaveLength(topics.length);
    for (const [i, svg] of charts.entries()) {
      expect(XMLValidator.validate(svg), topics[i].slug).toBe(true);
      expect(svg).toContain(`<title id="trend-${topics[i].slug}-title">`);
      expect(svg).toMatch(
        new RegExp(
          `<desc id="trend-${topics[i].slug}-desc">[^<]+: [\\d.]+% of the new papers in the week of 24 November 2025; over 100 weeks from 1 January 2024, between`,
        ),
      );
    }
  });

  it("gives the numbers behind the charts, each week's shares adding up to 100%", () => {
    const table = /<table>[\s\S]*<\/table>/.exec(read("/trends/"))![0];
    const rows = [...table.matchAll(/<tr><th scope="row">(\d{4}-\d{2}-\d{2})<\/th><td>(\d+)<\/td>(.*?)<\/tr>/g)];
    expect(rows).toHaveLength(100);
    expect(rows[0][1]).toBe("2024-01-01");
    expect(rows.at(-1)![1]).toBe("2025-11-24");
    for (const [, week, total, cells] of rows) {
      const shares = [...cells.matchAll(/<td>([\d.]+)%<\/td>/g)].map((m) => Number(m[1]));
      expect(shares, week).toHaveLength(topics.length);
      // Rounded to 0.1 each, so within half a point per topic.
      expect(Math.abs(shares.reduce((a, b) => a + b, 0) - 100), week).toBeLessThan(0.05 * topics.length);
      expect(Number(total)).toBe(week === "2025-11-24" ? 21 : 14);
    }
  });

  it("names the injected topic and phrase as rising, with the counts, and lists the phrase's papers", () => {
    const trends = read("/trends/");
    const rising = /<h2 id="rising">Rising in the week to 30 November 2025<\/h2>\s*<ul class="rising">\s*<li>(.*?)<\/li>/.exec(trends)!;
    expect(claim).toMatch(/^33\.3% of the week's papers \(7 of 21\), up from [01]\.\d% over the 8 weeks before \([01] of 112\)$/);
    expect(rising[1]).toBe(`<a href="/topics/speech-audio/">Speech &amp; audio</a>: ${claim.replace(/'/g, "&#39;")}`);
    const phrase = /<summary><strong>(.*?)<\/strong>(.*?)<\/summary>\s*<ul>([\s\S]*?)<\/ul>/.exec(trends)!;
    // A keyword of the injected papers: the ingest picks each paper's keywords, these words among them.
    expect(["speech", "recognition", "streaming", "speech recognition", "streaming speech"]).toContain(phrase[1]);
    expect(phrase[2]).toMatch(/^ \(with [a-z, ]+\) <span class="count">7 of the week's 21 papers; 0 of 112 before<\/span>$/);
    const listed = [...phrase[3].matchAll(/<a href="\/papers\/[a-z0-9-]+\/">(.*?)<\/a>/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual([...archive.rising.titles].sort());
  });

  it("shows the rising topics on the home page and in the newsletter, in the same words", async () => {
    const line = /<section class="rising-block"[\s\S]*?<li>(.*?)<\/li>/.exec(read("/"))![1];
    const words = line
      .replace(/<[^>]+>/g, "")
      .replace(/&amp;/g, "&")
      .replace(/&#39;/g, "'");
    expect(words).toBe(`Speech & audio: ${claim}`);
    expect(read("/issues/2025-11-30/")).toContain(line);
    expect(read("/newsletter/2025-11-30/")).toContain(claim.replace(/'/g, "&#39;"));
    const dir = tempDir("trends-email-");
    await exportNewsletter({ contentDir: content, outDir: dir });
    const text = readFileSync(join(dir, "email.txt"), "utf8").replace(/\n +/g, " ");
    expect(text).toContain(`== Rising in the week to 30 November 2025 ==\n\n* ${words}\n\nAll trends: https://digest.example.org/trends/\n`);
    expect(readFileSync(join(dir, "email.md"), "utf8")).toContain(
      "- [Speech \\& audio](<https://digest.example.org/topics/speech-audio/>): 33.3% of the week's papers (7 of 21)",
    );
    // Each issue compares its own week: speech rises only once the injected papers come.
    for (const day of ["2025-06-01", "2025-11-23", "2025-11-26"]) {
      const block = /<section class="rising-block"[\s\S]*?<\/section>/.exec(read(`/issues/${day}/`))?.[0] ?? "";
      if (block) expect(block).toContain(`Rising in the week to ${readableDate(day)}</h2>`);
      expect(block.includes("Speech &amp; audio"), day).toBe(day === "2025-11-26");
    }
  });

  it("carries each issue's rising topics in the rising-topics feed, linked to the issue's block, in the same words", async () => {
    expect(read("/trends/")).toContain(
      '<link rel="alternate" type="application/rss+xml" title="Paper Digest: rising topics" href="https://digest.example.org/trends/feed.xml">',
    );
    const feed = fileForPath(out, "/trends/feed.xml")!;
    await expect(xmllint(feed)).resolves.toBe("");
    expect(readFileSync(feed, "utf8")).toContain(
      '<content:encoded><![CDATA[<ul><li><a href="https://digest.example.org/topics/speech-audio/">Speech &amp; audio</a>:',
    );
    for (const [reader, { entries }] of feedReaders(feed, has("feedparser"))) {
      expect(entries.length, reader).toBeGreaterThan(0);
      const newest = entries[0];
      expect(newest.title, reader).toBe("Rising in the week to 30 November 2025: Speech & audio");
      expect(newest.link, reader).toBe("https://digest.example.org/issues/2025-11-30/#rising");
      expect(newest.id, reader).toBe(newest.link);
      // The description is HTML: a strict reader keeps its entities, the JavaScript one decodes them.
      expect(newest.summary.replace(/&amp;/g, "&"), reader).toBe(`Speech & audio: ${claim}`);
      expect(newest.content, reader).toMatch(
        /^<ul><li><a href="https:\/\/digest.example.org\/topics\/speech-audio\/">Speech &(amp;)? audio<\/a>: 33.3% of the week's papers \(7 of 21\)/,
      );
      for (const entry of entries) {
        const [path, fragment] = entry.link.slice("https://digest.example.org".length).split("#");
        expect(read(path), entry.link).toContain(`<h2 id="${fragment}">${entry.title.replace(/:.*/, "")}</h2>`);
      }
    }
  });

  it("draws a sparkline on every topic page and one per topic on /topics/", () => {
    const index = read("/topics/");
    expect([...index.matchAll(/<svg class="sparkline"/g)]).toHaveLength(topics.length);
    const topic = read("/topics/speech-audio/");
    const spark = /<svg class="sparkline"[\s\S]*?<\/svg>/.exec(topic)![0];
    expect(XMLValidator.validate(spark)).toBe(true);
    expect(spark).toMatch(/aria-label="Speech &amp; audio: 33.3% of the new papers in the week of 24 November 2025; [^"]+"/);
  });

  itWith(
    "java",
    "passes the W3C Nu HTML checker: trends, home, topics, a topic, the web newsletter",
    () => {
      const pages = ["/trends/", "/", "/topics/", "/topics/speech-audio/", "/newsletter/2025-11-30/"].map((p) => fileForPath(out, p)!);
      expect(nuCheck(pages)).toEqual({ status: 0, checked: pages, report: NU_CLEAN });
    },
    60_000,
  );

  describeWith("chromium", "in a real browser", () => {
    let browser: Browser;
    let server: Server;
    let base: string;
    beforeAll(async () => {
      ({ url: base, server } = await serveSite(out));
      browser = await launchChromium();
      mkdirSync(SCREENSHOTS, { recursive: true });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      server?.close();
    });

    it("lays /trends/ out at 375px and 1280px, light and dark, without sideways scrolling (screenshots saved)", async () => {
      for (const width of [375, 1280]) {
        for (const colorScheme of ["light", "dark"] as const) {
          const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
          const page = await context.newPage();
          await page.goto(`${base}/trends/`);
          await page.locator("details.numbers summary").click();
          const { scrollWidth, clientWidth } = await page.evaluate(() => ({
            scrollWidth: document.documentElement.scrollWidth,
            clientWidth: document.documentElement.clientWidth,
          }));
          expect(scrollWidth, `${width}px ${colorScheme}`).toBeLessThanOrEqual(clientWidth);
          // The charts follow the theme: their line is the page's accent colour.
          const stroke = await page
            .locator(".trend-chart .line")
            .first()
            .evaluate((el) => getComputedStyle(el).stroke);
          const accent = await page
            .locator("main a")
            .first()
            .evaluate((el) => getComputedStyle(el).color);
          expect(stroke).toBe(accent);
          await page.screenshot({ path: join(SCREENSHOTS, `trends-${width}-${colorScheme}.png`) });
          await context.close();
        }
      }
    }, 60_000);

    it.each(["/trends/", "/", "/topics/", "/topics/speech-audio/"])(
      "has no accessibility violations (axe-core): %s",
      async (path) => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        await page.goto(base + path);
        const { violations } = await new AxeBuilder({ page }).analyze();
        expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
        await context.close();
      },
      60_000,
    );

    it("works with JavaScript off: the charts are already drawn", async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${base}/trends/`);
      await expect(page.locator(".trend-chart").count()).resolves.toBe(topics.length);
      const box = await page.locator(".trend-chart").first().boundingBox();
      expect(box!.height).toBeGreaterThan(40);
      await context.close();
    });
  });
});
