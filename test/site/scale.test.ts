import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import { readDigest } from "../../src/sources/index.ts";
import { feedReaders } from "../feeds/feedparser.ts";
import { SAMPLE, buildSite, tempContent, tempDir } from "../helpers.ts";
import { has } from "../system-software.ts";
import { brokenLinks, fileForPath, listFiles } from "./site-check.ts";

/** One day of 600 papers: the sample's 63, each in ten variants, as a 600-paper listing would arrive. */
function bigDay(): string {
  const sample = readDigest(SAMPLE).papers;
  const papers = Array.from({ length: 600 }, (_, i) => {
    const p = sample[i % sample.length];
    return [`${p.titleRaw} (part ${i + 1})`, `${p.abstractRaw} This is variant ${i + 1}.`];
  });
  return ["Mar 18", ...papers.flat()].join("\n\n") + "\n";
}

describe("a 600-paper day", () => {
  let out: string;
  beforeAll(() => {
    const content = tempContent({ "2025-03-18.txt": bigDay() });
    expect(ingest({ contentDir: content }).papers).toHaveLength(600);
    out = tempDir("scale-");
    buildSite(content, out);
  }, 120_000);

  it("keeps every HTML page under 250 KB", () => {
    const sizes = listFiles(out)
      .filter((f) => f.endsWith(".html"))
      .map((f) => [f, statSync(join(out, f)).size] as const);
    const [largest, size] = sizes.sort((a, b) => b[1] - a[1])[0];
    expect(size, largest).toBeLessThan(250 * 1024);
  });

  // Checks every link of a 600-paper site: past the default timeout on a loaded 2-core machine.
  it("splits the issue (and the home page) into pages of 100, linked without script", async () => {
    const read = (path: string) => readFileSync(fileForPath(out, path)!, "utf8");
    const cards = (html: string) => html.match(/<article class="card"[ >]/g)?.length ?? 0;
    expect(cards(read("/"))).toBe(100);
    expect(read("/")).toContain('<a class="next-page" href="/issues/2025-03-18/page/2/">Next page (2 of 6) →</a>');
    for (let page = 1; page <= 6; page++) {
      const html = read(page === 1 ? "/issues/2025-03-18/" : `/issues/2025-03-18/page/${page}/`);
      expect(cards(html), `page ${page}`).toBe(100);
      expect(html).toContain("600 papers · page " + page + " of 6");
    }
    expect(read("/issues/2025-03-18/page/6/")).toContain('<a href="/issues/2025-03-18/page/5/">← Previous page</a>');
    expect(read("/issues/2025-03-18/page/6/")).not.toContain("Next page");
    await expect(brokenLinks(out)).resolves.toEqual([]);
  }, 120_000);

  it("caps the site feed at the newest 100 papers and each topic feed at 50", () => {
    for (const [reader, feed] of feedReaders(join(out, "feed.xml"), has("feedparser"))) {
      expect(feed.entries, reader).toHaveLength(100);
      expect(feed.entries[0].title, reader).toBe("Yi: Open Foundation Models by 01.AI (part 1)");
    }
    const topicFeeds = listFiles(out).filter((f) => /^topics\/[a-z0-9-]+\/feed\.xml$/.test(f));
    const counts = topicFeeds.map((f) => feedReaders(join(out, f), false)[0][1].entries.length);
    expect(Math.max(...counts)).toBe(50);
  });
});
