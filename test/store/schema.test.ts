import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import { parsePage, stringifyPage } from "../../src/store/front-matter.ts";
import { checkPaperPage, withoutRefusedValues } from "../../src/store/schema.ts";
import { readStoredPages } from "../../src/store/read.ts";
import { buildSite, readSample, tempContent, tempDir } from "../helpers.ts";

const PAGE = "2-olmo-2-furious.md";

describe("the paper page schema", () => {
  let content: string;
  let original: string;
  beforeAll(() => {
    content = tempContent({ "2025-03-17.txt": readSample() });
    ingest({ contentDir: content });
    original = readFileSync(join(content, "papers", PAGE), "utf8");
  });
  const withFrontMatter = (edit: (text: string) => string) => writeFileSync(join(content, "papers", PAGE), edit(original));
  afterEach(() => withFrontMatter((t) => t));

  it("accepts every page the ingest writes", () => {
    // The sample's 63 distinct papers, a page each: a loop over none would pass.
    const pages = [...readStoredPages(join(content, "papers")).values()];
    expect(pages).toHaveLength(63);
    for (const page of pages) expect(checkPaperPage(page.data).problem, page.slug).toBeUndefined();
  });

  it.each([
    ["issues", (t: string) => t.replace(/^issues:\n  - '2025-03-17'$/m, "issues: 5"), "issues: expected array, found 5"],
    ["rank", (t: string) => t.replace(/^rank: \d+$/m, "rank: first"), 'rank: expected number, found "first"'],
    ["date", (t: string) => t.replace(/^date: '2025-03-17'$/m, "date: '2025-02-30'"), 'date: expected a date written YYYY-MM-DD, found "2025-02-30"'],
    ["title", (t: string) => t.replace(/^title: .*\n/m, ""), "title: expected string, but it is missing"],
    ["note", (t: string) => t.replace("---\n", "---\nnote:\n  - a list\n"), 'note: expected string, found ["a list"]'],
  ])(
    "names the file, line and key of a bad %s, in the ingest and in the Eleventy build",
    (key, edit, message) => {
      withFrontMatter(edit);
      const line =
        key === "title"
          ? 1
          : edit(original)
              .split("\n")
              .findIndex((l) => l.startsWith(`${key}:`)) + 1;
      const where = `${join(content, "papers", PAGE).replace(`${process.cwd()}/`, "")}:${line}`;
      expect(() => ingest({ contentDir: content })).toThrow(`${where}: ${message}`);
      let stderr = "";
      try {
        buildSite(content, tempDir("schema-"));
      } catch (error) {
        stderr = String((error as { stderr?: string }).stderr);
      }
      expect(stderr).toContain(`${where}: ${message} (via InputError)`);
      expect(stderr).not.toMatch(/^\s*\[11ty\]\s+at /m); // no stack trace
    },
    60_000,
  );

  it("checks what sources add: the arXiv id, categories, upvotes and announcements", () => {
    const page = parsePage(original).data;
    const check = (extra: Record<string, unknown>) => checkPaperPage({ ...page, ...extra }).problem?.message;
    expect(
      check({
        arxiv_id: "2501.00656",
        categories: ["cs.CL", "q-bio.NC"],
        upvotes: 3,
        announcements: [{ date: "2025-03-19", type: "cross", listing: "cs.LG" }],
      }),
    ).toBeUndefined();
    expect(check({ arxiv_id: "2501.00656v2" })).toBe('arxiv_id: expected an arXiv id such as 2501.00656, without its version, found "2501.00656v2"');
    expect(check({ arxiv_id: "../../x" })).toMatch(/^arxiv_id: expected an arXiv id/);
    expect(check({ categories: ["cs.LG", "<b>"] })).toBe('categories.1: expected an arXiv category such as cs.LG, found "<b>"');
    expect(check({ upvotes: -1 })).toMatch(/^upvotes: /);
    expect(check({ announcements: [{ date: "2025-03-19", type: "moved", listing: "cs.LG" }] })).toMatch(/^announcements\.0\.type: /);
  });

  it("takes out what it refuses where the schema lets it go, and names what it took", () => {
    const page = parsePage(original).data;
    const {
      page: kept,
      refused,
      problem,
    } = withoutRefusedValues(
      {
        ...page,
        categories: ["math.AP", "35", "cs.LG", 'x"y'],
        arxiv_id: "nope",
        links: [
          { url: "javascript:alert(1)", kind: "code" },
          { url: "https://x.org/", kind: "code" },
        ],
      },
      () => true,
    );
    expect(problem).toBeUndefined();
    expect(kept?.categories).toEqual(["math.AP", "cs.LG"]);
    expect(kept?.arxiv_id).toBeUndefined();
    expect(kept?.links).toEqual([{ url: "https://x.org/", kind: "code" }]);
    expect(refused.map((r) => r.key).sort()).toEqual(["arxiv_id", "categories.1", "categories.3", "links.0.url"]);
    expect(refused.find((r) => r.key === "categories.1")?.message).toBe('categories.1: expected an arXiv category such as cs.LG, found "35"');
    // A required key cannot go, and a key the caller keeps is a problem to fix by hand.
    expect(withoutRefusedValues({ ...page, rank: "first" }, () => true).problem?.key).toBe("rank");
    expect(withoutRefusedValues({ ...page, categories: ["35"] }, (key) => key !== "categories").problem?.key).toBe("categories.0");
  });

  it("reads a page an older version wrote with MSC codes among its categories, leaves them out and says so", () => {
    withFrontMatter((t) => t.replace("---\n", "---\ncategories:\n  - math.AP\n  - '35'\n  - 03B70, 68Q99\n"));
    const page = [...readStoredPages(join(content, "papers")).values()].find((p) => p.slug === PAGE.slice(0, -3))!;
    expect(page.data.categories).toEqual(["math.AP"]);
    expect(page.refused).toEqual([
      expect.stringMatching(/2-olmo-2-furious\.md:4: categories\.1: expected an arXiv category such as cs\.LG, found "35"; left out$/),
      expect.stringMatching(/2-olmo-2-furious\.md:5: categories\.2: .*found "03B70, 68Q99"; left out$/),
    ]);
    const result = ingest({ contentDir: content, force: true });
    expect(result.errors).toEqual([]);
    expect(parsePage(readFileSync(join(content, "papers", PAGE), "utf8")).data.categories).toEqual(["math.AP"]);
  });

  it("writes an id of digits alone so that every YAML reader reads it back as text", () => {
    const page = parsePage(original).data;
    const text = stringifyPage("Body.\n", { ...page, id: "0933637324367591" });
    expect(text).toContain("id: '0933637324367591'");
    expect(parsePage(text).data.id).toBe("0933637324367591");
    expect(checkPaperPage(parsePage(text).data).problem).toBeUndefined();
  });

  it("writes a page gray-matter reads back whole, even a body that opens like front matter", () => {
    const data = { title: "A: B", id: "0933637324367591", issues: ["2025-03-17"] };
    for (const body of ["Plain abstract.", "---\ntitle: injected\n---\nAbstract", "--- starts with a rule", ""]) {
      const text = stringifyPage(body, data);
      expect(text.startsWith("---\ntitle: 'A: B'\nid: '0933637324367591'\n")).toBe(true);
      expect(parsePage(text)).toEqual({ data, content: body ? `${body}\n` : "\n" });
    }
  });

  it("reads an unquoted YAML date as the day it names", () => {
    const data = parsePage(original.replace("date: '2025-03-17'", "date: 2025-03-17")).data;
    expect(data.date).toBeInstanceOf(Date);
    expect(checkPaperPage(data).page?.date).toBe("2025-03-17");
  });

  it("leaves pages written by hand (no id) free-form", () => {
    expect(checkPaperPage({ title: "About" }).problem?.key).toBe("slug");
    writeFileSync(join(content, "papers", "about.md"), "---\ntitle: About\nrank: whatever\n---\nHand-made.\n");
    expect(() => readStoredPages(join(content, "papers"))).not.toThrow();
  });
});
