import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import { issuesOf } from "../../src/model/issue.ts";
import { exportNewsletter } from "../../src/newsletter/export.ts";
import { buildSite, readSample, tempContent, tempDir } from "../helpers.ts";
import { jsFeedParser } from "../feeds/feedparser.ts";

describe("an issue's papers and their order", () => {
  it("lists the papers first seen that day by rank, then the repeats by their own rank, newest issue first", () => {
    const member = (slug: string, issues: string[], rank: number) => ({ slug, issues, rank });
    const papers = [
      member("old-2", ["2025-03-17", "2025-03-18"], 2),
      member("new-2", ["2025-03-18"], 2),
      member("old-1", ["2025-03-17", "2025-03-18"], 1),
      member("new-1", ["2025-03-18"], 1),
    ];
    const issues = issuesOf(papers, (p) => p);
    expect(issues.map((i) => [i.date, i.papers.map((p) => p.slug)])).toEqual([
      ["2025-03-18", ["new-1", "new-2", "old-1", "old-2"]],
      ["2025-03-17", ["old-1", "old-2"]],
    ]);
  });

  it("is the same on the issue page, in the newsletter and its web version (a real two-day archive)", async () => {
    const sample = readSample();
    const repeats = sample.split("\n").slice(14, 17).join("\n"); // Debate Helps…, rank 2 on the 17th
    const later = `Mar 18\n\nA New Paper About Tokenizers\n\nWe propose a tokenizer that adapts to the domain and show that it shortens sequences on code and math.\n\n${repeats}\n`;
    const content = tempContent({ "2025-03-17.txt": sample, "2025-03-18.txt": later });
    ingest({ contentDir: content });
    const out = tempDir("issue-order-");
    buildSite(content, out);
    const issuePage = readFileSync(join(out, "issues/2025-03-18/index.html"), "utf8");
    const onSite = [...issuePage.matchAll(/<h2 class="card-title"><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(onSite).toEqual(["A New Paper About Tokenizers", "Debate Helps Weak-to-Strong Generalization"]);

    const mail = tempDir("issue-order-mail-");
    const { newsletter } = await exportNewsletter({ contentDir: content, outDir: mail, issue: "2025-03-18" });
    expect(newsletter.groups.flatMap((g) => g.papers.map((p) => p.title)).sort()).toEqual([...onSite].sort());
    expect(newsletter.total).toBe(2);
    const web = readFileSync(join(out, "newsletter/2025-03-18/index.html"), "utf8");
    expect(web.trim()).toBe(
      readFileSync(join(mail, "email.html"), "utf8")
        .replace(/ · <a href="[^"]*"[^>]*>Unsubscribe<\/a>/, "")
        .trim(),
    );

    // The feed carries each paper once, dated by its first issue.
    const entries = jsFeedParser(join(out, "feed.xml")).entries;
    expect(entries).toHaveLength(64);
    expect(entries.filter((e) => e.title === "Debate Helps Weak-to-Strong Generalization").map((e) => e.published)).toEqual(["Mon, 17 Mar 2025 00:00:00 GMT"]);
  });
});
