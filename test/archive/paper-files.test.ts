import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import { parsePage } from "../../src/store/front-matter.ts";
import { fileDay, readPageFiles } from "../../src/archive/paper-files.ts";
import { buildSite, readSample, tempContent, tempDir } from "../helpers.ts";

describe("the paper pages the build reads (src/archive/paper-files.ts)", () => {
  let content: string;
  let papers: string;
  beforeAll(() => {
    content = tempContent({ "2025-03-17.txt": readSample() });
    ingest({ contentDir: content });
    papers = join(content, "papers");
  });

  it("reads every Markdown page of papers/, each at the URL its file name gives, its front matter checked", () => {
    const names = readdirSync(papers)
      .filter((n) => n.endsWith(".md"))
      .sort();
    const files = readPageFiles(papers);
    expect(files.map((f) => f.url)).toEqual(names.map((n) => `/papers/${n.slice(0, -3)}/`));
    const olmo = files.find((f) => f.url === "/papers/2-olmo-2-furious/")!;
    const { data, content: body } = parsePage(readFileSync(join(papers, "2-olmo-2-furious.md"), "utf8"));
    expect(olmo.data).toEqual(data);
    expect(olmo.body).toBe(body);
    expect(fileDay(olmo)).toBe("2025-03-17");
  });

  it("reads an unquoted YAML date as the day it names, and leaves a page written by hand as it is", () => {
    const path = join(papers, "2-olmo-2-furious.md");
    const original = readFileSync(path, "utf8");
    try {
      writeFileSync(path, original.replace("date: '2025-03-17'", "date: 2025-03-17"));
      writeFileSync(join(papers, "about.md"), "---\ntitle: About\nrank: whatever\n---\nHand-made.\n");
      const files = readPageFiles(papers);
      expect(files.find((f) => f.url === "/papers/2-olmo-2-furious/")!.data.date).toBe("2025-03-17");
      const about = files.find((f) => f.url === "/papers/about/")!;
      expect(about).toMatchObject({ data: { title: "About", rank: "whatever" }, body: "Hand-made.\n" });
      expect(fileDay(about)).toBe("2000-01-01");
    } finally {
      writeFileSync(path, original);
    }
  });

  it("reads a page's body from its file when asked for, and a file changed since gives its new body", () => {
    const path = join(papers, "2-olmo-2-furious.md");
    const original = readFileSync(path, "utf8");
    const olmo = readPageFiles(papers).find((f) => f.url === "/papers/2-olmo-2-furious/")!;
    try {
      expect(olmo.body).toBe(parsePage(original).content);
      writeFileSync(path, original.replace(/\n---\n[^]*$/, "\n---\nRewritten since.\n"));
      expect(olmo.body).toBe("Rewritten since.\n");
    } finally {
      writeFileSync(path, original);
    }
  });

  it("stops the build on JavaScript front matter, naming the file, and never runs it", () => {
    const marker = join(tempDir("js-front-matter-"), "ran");
    const evil = join(papers, "evil.md");
    writeFileSync(evil, `---js\n{ title: require("node:fs").writeFileSync(${JSON.stringify(marker)}, "yes") }\n---\nbody\n`);
    let stderr = "";
    try {
      buildSite(content, tempDir("js-front-matter-site-"));
    } catch (error) {
      stderr = String((error as { stderr?: string }).stderr);
    } finally {
      rmSync(evil);
    }
    expect(stderr).toMatch(/evil\.md:\d+: JavaScript front matter is not allowed; use YAML/);
    expect(existsSync(marker)).toBe(false);
  }, 60_000);
});
