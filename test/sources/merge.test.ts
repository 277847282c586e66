import { copyFileSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import { parsePage } from "../../src/store/front-matter.ts";
import type { FrontMatter } from "../../src/store/schema.ts";
import { FIXTURES, readSample, tempContent } from "../helpers.ts";

const ATOM = "arxiv-api-2025-03-18.xml";
const RSS = "arxiv-rss-cs.LG-2025-03-19.xml";
const HF = "hf-daily-2025-03-19.json";

function addDigests(contentDir: string, ...names: string[]) {
  for (const name of names) copyFileSync(join(FIXTURES, name), join(contentDir, "digests", basename(name)));
}

function run(contentDir: string) {
  const lines: string[] = [];
  const result = ingest({ contentDir, log: (l) => lines.push(l) });
  return { ...result, output: lines.join("\n") };
}

/** Every paper page's front matter, by slug. */
function pages(contentDir: string): Record<string, FrontMatter> {
  const dir = join(contentDir, "papers");
  return Object.fromEntries(
    readdirSync(dir)
      .filter((n) => n.endsWith(".md"))
      .map((n) => [n.slice(0, -3), parsePage(readFileSync(join(dir, n), "utf8")).data as FrontMatter]),
  );
}

describe("ingesting arXiv and Hugging Face listings", () => {
  it("reads each source alone into pages with its facts", () => {
    for (const [name, count] of [
      [ATOM, 3],
      [RSS, 5],
      [HF, 3],
    ] as const) {
      const dir = tempContent();
      addDigests(dir, name);
      const result = run(dir);
      expect(result.errors).toEqual([]);
      expect(Object.keys(pages(dir)), name).toHaveLength(count);
      for (const page of Object.values(pages(dir))) {
        expect(page.arxiv_id, `${name}: ${page.title}`).toMatch(/^\d{4}\.\d{5}$/);
        expect(page.authors?.length).toBeGreaterThan(0);
      }
    }
  });

  it("merges every source and the text sample into one page per paper, by arXiv id or by text", () => {
    const dir = tempContent({ "2025-03-17.txt": readSample() });
    addDigests(dir, ATOM, RSS, HF);
    const result = run(dir);
    expect(result.errors).toEqual([]);
    // 63 + 3 + 5 + 3 listings: the Atom, RSS and HF listings of four sample papers join their
    // pages, DPO is in the API result and the RSS, DAPO in the RSS and on Hugging Face.
    expect(result.papersRead).toBe(74);
    const all = pages(dir);
    expect(Object.keys(all)).toHaveLength(68);

    // A text paper that Hugging Face lists: one page, now with its arXiv id, authors, upvotes and code.
    const olmo = all["2-olmo-2-furious"];
    expect(olmo).toMatchObject({ arxiv_id: "2501.00656", upvotes: 55, issues: ["2025-03-17", "2025-03-19"], date: "2025-03-17" });
    expect(olmo.authors).toHaveLength(40);
    expect(olmo.links).toContainEqual({ url: "https://github.com/allenai/OLMo", kind: "code" });

    // Listed by the API on the 18th and replaced (v4) in the RSS on the 19th: one page, labelled.
    const dpo = all["direct-preference-optimization-your-language-model-is-secretly-a-reward-model"];
    expect(dpo).toMatchObject({
      arxiv_id: "2305.18290",
      arxiv_version: 4,
      issues: ["2025-03-18", "2025-03-19"],
      categories: ["cs.LG", "cs.AI", "cs.CL"],
      submitted: "2023-05-29",
    });
    expect(dpo.announcements).toEqual([{ date: "2025-03-19", type: "replace", listing: "cs.LG" }]);
    expect(dpo.sources).toHaveLength(2);

    // New on arXiv and on Hugging Face the same day: RSS categories and announcement, HF upvotes, links and summary.
    const dapo = all["dapo-an-open-source-llm-reinforcement-learning-system-at-scale"];
    expect(dapo).toMatchObject({ arxiv_id: "2503.14476", upvotes: 120, categories: ["cs.LG", "cs.CL"], issues: ["2025-03-19"] });
    expect(dapo.authors).toHaveLength(35);
    expect(dapo.links.map((l: { kind: string }) => l.kind)).toEqual(["code", "project"]);
    expect(dapo.summary).toMatch(/^DAPO, an open-source reinforcement learning system/);
    expect(dapo.announcements?.[0].type).toBe("new");

    // A sample paper cross-listed again in cs.LG: its page, labelled, with the primary category first.
    const tcm = all["threshold-consistent-margin-loss-for-open-world-deep-metric-learning"];
    expect(tcm).toMatchObject({ arxiv_id: "2307.04047", categories: ["cs.CV", "cs.LG"], issues: ["2025-03-17", "2025-03-19"] });
    expect(tcm.announcements).toEqual([{ date: "2025-03-19", type: "replace-cross", listing: "cs.LG" }]);

    // The primary category places a paper: SigLIP 2 is a vision paper, and says why.
    const siglip2 = all["siglip-2-multilingual-vision-language-encoders-with-improved-semantic"];
    expect(siglip2.topics).toContain("vision-multimodal");
    expect(siglip2.topic_terms["vision-multimodal"]).toContain("arXiv cs.CV");

    // Run again: nothing changes.
    expect(run(dir).written).toEqual([]);
  });

  it("keeps every sample page's slug and id when the sources arrive later", () => {
    const dir = tempContent({ "2025-03-17.txt": readSample() });
    run(dir);
    const before = pages(dir);
    addDigests(dir, ATOM, RSS, HF);
    const result = run(dir);
    const after = pages(dir);
    for (const [slug, page] of Object.entries(before)) {
      expect(after[slug], slug).toBeDefined();
      expect(after[slug].id).toBe(page.id);
    }
    // Only the four sample papers a source lists, and the new papers, are written; related lists may shift too.
    expect(result.written).toEqual(expect.arrayContaining(["2-olmo-2-furious", "debate-helps-weak-to-strong-generalization"]));
    expect(after["weak-to-strong-generalization-eliciting-strong-capabilities-with-weak"].arxiv_id).toBe("2312.09390");
    expect(Object.keys(after)).toHaveLength(68);
  });

  it("keeps what a source said after its digest is gone", () => {
    const dir = tempContent({ "2025-03-17.txt": readSample() });
    addDigests(dir, HF);
    run(dir);
    const withHf = pages(dir)["2-olmo-2-furious"];
    // The Hugging Face file moves away: the page keeps its issue, id, authors and upvotes.
    writeFileSync(join(dir, "digests", HF), "[]\n");
    run(dir);
    const olmo = pages(dir)["2-olmo-2-furious"];
    expect(olmo).toMatchObject({ arxiv_id: "2501.00656", upvotes: 55, authors: withHf.authors });
    // Its digest was read and no longer lists it: it leaves that issue only.
    expect(olmo.issues).toEqual(["2025-03-17"]);
  });

  it("writes nothing for a malformed file, says where it breaks, and reads the rest", () => {
    const dir = tempContent({ "2025-03-17.txt": readSample() });
    addDigests(dir, ATOM, HF);
    writeFileSync(join(dir, "digests", HF), readFileSync(join(FIXTURES, HF), "utf8").replace('"upvotes": 120,', '"upvotes": 120'));
    writeFileSync(join(dir, "digests", "2025-03-20.xml"), "<rss><channel><item><title>Broken</item></channel></rss>");
    const result = run(dir);
    expect(result.errors).toHaveLength(2);
    expect(result.errors[0]).toMatch(/digests\/2025-03-20\.xml:1: malformed XML: Expected closing tag 'title'/);
    expect(result.errors[1]).toMatch(new RegExp(`digests/${HF.replace(/\./g, "\\.")}:\\d+: malformed JSON: `));
    const all = pages(dir);
    expect(Object.keys(all)).toHaveLength(65); // the sample and the API result's two new papers
    expect(all["2-olmo-2-furious"].arxiv_id).toBeUndefined();
  });

  it("shows a replaced arXiv version's text on the paper's one page", () => {
    const dir = tempContent();
    addDigests(dir, ATOM);
    run(dir);
    const slug = "direct-preference-optimization-your-language-model-is-secretly-a-reward-model";
    const v3 = readFileSync(join(dir, "papers", `${slug}.md`), "utf8");
    expect(v3).toContain("DPO can fine-tune LMs to align with human preferences");
    // The RSS listing announces v4 with an edited last sentence.
    const rss = readFileSync(join(FIXTURES, RSS), "utf8").replace(
      "Our experiments show that DPO can fine-tune LMs",
      "Our experiments show that DPO fine-tunes LMs",
    );
    writeFileSync(join(dir, "digests", RSS), rss);
    run(dir);
    const all = pages(dir);
    expect(Object.keys(all).filter((s) => s.startsWith("direct-preference"))).toEqual([slug]);
    const v4 = readFileSync(join(dir, "papers", `${slug}.md`), "utf8");
    expect(v4).toContain("DPO fine-tunes LMs to align with human preferences");
    expect(all[slug]).toMatchObject({ arxiv_version: 4, id: parsePage(v3).data.id, date: "2025-03-18" });
  });

  it("keeps two papers apart when their arXiv ids differ, however alike their text", () => {
    const entry = (id: string) => ({ paper: { id, title: "A Twin Paper", summary: "We study twins. We find twins are alike in every way that matters." } });
    const dir = tempContent({ "2025-03-19.json": JSON.stringify([entry("2503.00001"), entry("2503.00002")]) });
    run(dir);
    expect(
      Object.values(pages(dir))
        .map((p) => p.arxiv_id)
        .sort(),
    ).toEqual(["2503.00001", "2503.00002"]);
  });
});
