import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import { parsePage } from "../../src/store/front-matter.ts";
import { buildSite, readSample, tempContent, tempDir } from "../helpers.ts";
import { jsFeedParser } from "../feeds/feedparser.ts";

/** The sample with the Yi paper (rank 1) as given; the rest unchanged. */
const SAMPLE = readSample();
const YI_PAGE = "yi-open-foundation-models-by-01-ai.md";
const NEW_PAPER = "A Genuinely New Paper\n\nWe propose an entirely new method for a problem nobody has studied and show that it works on three benchmarks.\n\n";

function run(content: string) {
  const lines: string[] = [];
  const result = ingest({ contentDir: content, log: (l) => lines.push(l) });
  return { ...result, output: lines.join("\n") };
}

const pageFiles = (content: string) =>
  readdirSync(join(content, "papers"))
    .filter((n) => n.endsWith(".md"))
    .sort();
const page = (content: string, name: string) => parsePage(readFileSync(join(content, "papers", name), "utf8"));
const rewriteDigest = (content: string, edit: (text: string) => string) =>
  writeFileSync(join(content, "digests", "2025-03-17.txt"), edit(readFileSync(join(content, "digests", "2025-03-17.txt"), "utf8")));

/** The sample ingested once, with a curator's note added to Yi's page. */
function publishedSample(): string {
  const content = tempContent({ "2025-03-17.txt": SAMPLE });
  run(content);
  const path = join(content, "papers", YI_PAGE);
  writeFileSync(path, readFileSync(path, "utf8").replace("---\n", "---\nnote: Read this first.\n"));
  return content;
}

describe("a corrected paper keeps its one page", () => {
  it("updates the page in place when a typo in the abstract is fixed (the issue's repro)", () => {
    const content = publishedSample();
    const before = pageFiles(content);
    const { id } = page(content, YI_PAGE).data;
    rewriteDigest(content, (t) => t.replace("We introduce the Yi model family", "We present the Yi model family"));
    const result = run(content);
    expect(pageFiles(content)).toEqual(before);
    expect(result.papers).toHaveLength(63);
    const yi = page(content, YI_PAGE);
    expect(yi.data).toMatchObject({ id, slug: "yi-open-foundation-models-by-01-ai", issues: ["2025-03-17"], rank: 1, note: "Read this first." });
    expect(yi.content).toMatch(/^We present the Yi model family/);
    expect(result.written).toContain("yi-open-foundation-models-by-01-ai"); // (and any page whose related list the new wording moved)
    expect(run(content).written).toEqual([]); // and stable from then on
  });

  it.each([
    ["its case, spacing and punctuation", "Yi:  open foundation models by 01.AI."],
    ["a word", "Yi: Open Foundation Models from 01.AI"],
  ])("updates the page in place when the title changes in %s", (_, title) => {
    const content = publishedSample();
    rewriteDigest(content, (t) => t.replace("Yi: Open Foundation Models by 01.AI", title));
    run(content);
    expect(pageFiles(content)).toHaveLength(63);
    expect(page(content, YI_PAGE).data).toMatchObject({ title: title.replace(/\s+/g, " "), note: "Read this first." });
  });

  it("keeps the page when title and abstract are both corrected in place, and gives a new paper that day its own page", () => {
    const content = publishedSample();
    rewriteDigest(content, (t) =>
      t
        .replace("Yi: Open Foundation Models by 01.AI", "Yi: Open Foundation Models from 01.AI")
        .replace("We introduce the Yi model family", "We present the Yi model family")
        .replace("Mar 17\n\n", `Mar 17\n\n${NEW_PAPER}`),
    );
    const result = run(content);
    expect(pageFiles(content)).toHaveLength(64);
    expect(page(content, YI_PAGE).data).toMatchObject({ title: "Yi: Open Foundation Models from 01.AI", rank: 2, note: "Read this first." });
    expect(page(content, "a-genuinely-new-paper.md").data).toMatchObject({ issues: ["2025-03-17"], rank: 1 });
    expect(result.papers.filter((p) => p.issues.includes("2025-03-17"))).toHaveLength(64);
  });

  it("keeps the feed's guid and the issue's count when a paper is corrected (a real build)", () => {
    const content = publishedSample();
    const first = tempDir("correct-before-");
    buildSite(content, first);
    rewriteDigest(content, (t) => t.replace("We introduce the Yi model family", "We present the Yi model family"));
    run(content);
    const second = tempDir("correct-after-");
    buildSite(content, second);
    const guids = (out: string) =>
      jsFeedParser(join(out, "feed.xml"))
        .entries.map((e) => e.id)
        .sort();
    expect(guids(second)).toEqual(guids(first));
    expect(guids(second)).toHaveLength(63);
    expect(readFileSync(join(second, "issues/2025-03-17/index.html"), "utf8")).toContain("63 papers");
  });

  it("merges a paper re-sent on a later day with an edited abstract into one page listed in both issues", () => {
    const debate = SAMPLE.split("\n").slice(14, 17).join("\n");
    const edited = debate.replace(/\.\s*$/, ". We release our code.");
    expect(edited).not.toBe(debate);
    const content = tempContent({ "2025-03-17.txt": SAMPLE, "2025-03-18.txt": `Mar 18\n\n${edited}\n` });
    const result = run(content);
    expect(result.papers).toHaveLength(63);
    expect(page(content, "debate-helps-weak-to-strong-generalization.md").data).toMatchObject({ issues: ["2025-03-17", "2025-03-18"], rank: 2 });
  });
});

describe("a paper taken out of its digest", () => {
  it("leaves that issue, is named by the ingest, and keeps its page and URL", () => {
    const content = publishedSample();
    rewriteDigest(content, (t) => t.replace(/Yi: Open Foundation Models by 01\.AI\n\n[^\n]+\n/, ""));
    const result = run(content);
    expect(result.papers).toHaveLength(62);
    expect(pageFiles(content)).toHaveLength(63);
    const yi = page(content, YI_PAGE);
    expect(yi.data).toMatchObject({ issues: [], note: "Read this first." });
    expect(yi.content).toMatch(/^We introduce the Yi model family/);
    expect(result.unlisted.map((u) => u.slug)).toEqual(["yi-open-foundation-models-by-01-ai"]);
    expect(result.output).toMatch(/no longer in its digest: \S+yi-open-foundation-models-by-01-ai\.md taken out of 2025-03-17; now in no issue/);
    const out = tempDir("unlisted-");
    buildSite(content, out);
    expect(readFileSync(join(out, "issues/2025-03-17/index.html"), "utf8")).toContain("62 papers");
    const yiPage = readFileSync(join(out, "papers/yi-open-foundation-models-by-01-ai/index.html"), "utf8");
    expect(yiPage).toContain("Yi: Open Foundation Models by 01.AI");
    expect(yiPage).toContain("No digest lists this paper any more.");
    expect(run(content).unlisted).toEqual([]); // said once
  });

  it("stays in the issues whose digests still list it", () => {
    const debate = SAMPLE.split("\n").slice(14, 17).join("\n");
    const content = tempContent({ "2025-03-17.txt": SAMPLE, "2025-03-18.txt": `Mar 18\n\n${debate}\n` });
    run(content);
    writeFileSync(join(content, "digests", "2025-03-18.txt"), `Mar 18\n\n${NEW_PAPER}`);
    const result = run(content);
    expect(result.unlisted).toEqual([]);
    expect(page(content, "debate-helps-weak-to-strong-generalization.md").data.issues).toEqual(["2025-03-17"]);
  });
});
