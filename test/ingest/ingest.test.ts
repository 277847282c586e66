import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, utimesSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import { parsePage, stringifyPage } from "../../src/store/front-matter.ts";
import { readDerived } from "../../src/store/derived.ts";
import { PageParseCache } from "../../src/store/parse-cache.ts";
import { pageTextHash, readStoredPages } from "../../src/store/read.ts";
import { startWritingPages, type WriteReport } from "../../src/store/write.ts";
import { generatedArchive } from "../archive.ts";
import { ingestedFiles, readSample, ROOT, sampleWithSources, tempContent, tempDir } from "../helpers.ts";

const ABSTRACT = "We propose a careful method for a hard problem and show that it works on many benchmarks.";

function run(contentDir: string) {
  const lines: string[] = [];
  const result = ingest({ contentDir, log: (l) => lines.push(l) });
  return { ...result, output: lines.join("\n") };
}

function pages(contentDir: string): Record<string, string> {
  const dir = join(contentDir, "papers");
  return Object.fromEntries(
    readdirSync(dir)
      .filter((n) => n.endsWith(".md"))
      .map((n) => [n, readFileSync(join(dir, n), "utf8")]),
  );
}

const HOSTILE = [
  "Mar 17",
  "<script>alert('x')</script> Attention Is Not All You Need",
  `${ABSTRACT} It <b>bolds</b> & breaks {{ liquid }} {% tags %} ]]> too.`,
  `Colons: "quotes" # hashes --- and dashes`,
  `${ABSTRACT} The YAML test.`,
  "../../x",
  `${ABSTRACT} The path test.`,
  "Same Title",
  `${ABSTRACT} First of two.`,
  "Same Title",
  `${ABSTRACT} Second of two.`,
  "A Title Without Abstract",
].join("\n\n");

describe("ingest", () => {
  it("writes one page per paper of the sample, and says so", () => {
    const dir = tempContent({ "2025-03-17.txt": readSample() });
    const result = run(dir);
    expect(result.papersRead).toBe(63);
    expect(result.papers).toHaveLength(63);
    expect(Object.keys(pages(dir))).toHaveLength(63);
    expect(result.output).toContain("63 papers read from 1 digests; 63 distinct (0 duplicates merged) → 63 pages: 63 written, 0 unchanged");
    const yi = parsePage(pages(dir)["yi-open-foundation-models-by-01-ai.md"]);
    expect(yi.data).toMatchObject({
      title: "Yi: Open Foundation Models by 01.AI",
      slug: "yi-open-foundation-models-by-01-ai",
      date: "2025-03-17",
      issues: ["2025-03-17"],
      rank: 1,
    });
    expect(yi.content.trim()).toMatch(/^We introduce the Yi model family/);
    expect(yi.data.topics).toEqual(["foundation-models"]);
    // Related papers and keywords, which shift as the archive grows, live in the generated index, not the page.
    expect(yi.data).not.toHaveProperty("related");
    expect(yi.data).not.toHaveProperty("keywords");
    const derived = readDerived(dir)!["yi-open-foundation-models-by-01-ai"];
    expect(derived.related).toHaveLength(5);
    expect(derived.related[0]).toMatchObject({ slug: expect.stringMatching(/^[a-z0-9-]+$/), title: expect.any(String) });
    expect(derived.keywords).toHaveLength(5);
  });

  it("a second run on unchanged input changes no byte and no mtime", () => {
    const dir = tempContent({ "2025-03-17.txt": readSample() });
    run(dir);
    const before = pages(dir);
    const old = new Date("2020-01-01T00:00:00Z");
    for (const name of Object.keys(before)) utimesSync(join(dir, "papers", name), old, old);
    // Nothing it reads changed: the run is skipped, and says so with the last run's report.
    const second = run(dir);
    expect(second.skipped).toBe(true);
    expect(second.output).toMatch(/^nothing changed since the last ingest \(1 digests\)/);
    expect(second.output).toContain("  63 papers read from 1 digests");
    // Run in full anyway, it writes nothing.
    const forced = ingest({ contentDir: dir, force: true });
    expect(forced.skipped).toBe(false);
    expect(forced.written).toEqual([]);
    expect(forced.unchanged).toBe(63);
    expect(pages(dir)).toEqual(before);
    for (const name of Object.keys(before)) expect(statSync(join(dir, "papers", name)).mtime).toEqual(old);
  });

  it("leaves alone a page whose front matter was only reformatted, and rewrites one whose values changed", () => {
    const dir = tempContent({ "2025-03-17.txt": readSample() });
    run(dir);
    const path = join(dir, "papers", "yi-open-foundation-models-by-01-ai.md");
    // The same values, written differently: double quotes, and a flow list.
    const reformatted = readFileSync(path, "utf8")
      .replace("date: '2025-03-17'", 'date: "2025-03-17"')
      .replace("issues:\n  - '2025-03-17'\n", "issues: ['2025-03-17']\n");
    writeFileSync(path, reformatted);
    expect(ingest({ contentDir: dir, force: true }).written).toEqual([]);
    expect(readFileSync(path, "utf8")).toBe(reformatted);
    writeFileSync(path, reformatted.replace("rank: 1\n", "rank: 7\n"));
    expect(ingest({ contentDir: dir, force: true }).written).toEqual(["yi-open-foundation-models-by-01-ai"]);
    expect(parsePage(readFileSync(path, "utf8")).data.rank).toBe(1);
  });

  it("runs again when a digest, a page, the taxonomy or its profiles change, and after a run with errors", () => {
    const dir = tempContent({ "2025-03-17.txt": readSample() });
    run(dir);
    expect(run(dir).skipped).toBe(true);
    const page = join(dir, "papers", "tool-augmented-reward-modeling.md");
    writeFileSync(page, readFileSync(page, "utf8").replace("---\n", "---\nnote: A curator's note.\n"));
    expect(run(dir).skipped).toBe(false);
    expect(run(dir).skipped).toBe(true);
    const taxonomy = join(dir, "_data", "taxonomy.json");
    writeFileSync(taxonomy, readFileSync(taxonomy, "utf8").replace('"alignment^1.5"', '"alignment^1.6"'));
    expect(run(dir).skipped).toBe(false);
    const profiles = join(dir, "topic-profiles.json");
    writeFileSync(profiles, readFileSync(profiles, "utf8").replace('"note": "', '"note": "Relearned. '));
    expect(run(dir).skipped).toBe(false);
    writeFileSync(join(dir, "digests", "2025-03-18.txt"), "Mar 19\n\nA Title\n\nAn abstract that is long enough to be one. It says a lot.\n");
    expect(run(dir).errors).toHaveLength(1);
    expect(run(dir).skipped).toBe(false);
    // A new day (told without reading the pages: the digests' own fingerprint differs), then nothing new.
    writeFileSync(join(dir, "digests", "2025-03-18.txt"), "Mar 18\n\nA Title\n\nAn abstract that is long enough to be one. It says a lot.\n");
    expect(run(dir).skipped).toBe(false);
    expect(run(dir).skipped).toBe(true);
    // A paper its digest no longer lists: its page is rewritten out of the issue, and the run after it has nothing new.
    const digest = join(dir, "digests", "2025-03-17.txt");
    writeFileSync(digest, readFileSync(digest, "utf8").replace(/\nTool-Augmented Reward Modeling\n\n[^\n]*\n/, ""));
    const unlisting = run(dir);
    expect(unlisting.unlisted.map((page) => page.slug)).toEqual(["tool-augmented-reward-modeling"]);
    expect(readFileSync(page, "utf8")).toMatch(/^issues: \[\]$/m);
    expect(run(dir).skipped).toBe(true);
    writeFileSync(page, readFileSync(page, "utf8").replace("note: A curator's note.", "note: Another note."));
    expect(run(dir).skipped).toBe(false);
    // A page the curator edits while a run (of the folder named as the scripts name it, relative) writes its report:
    // the run's record holds the page as the run left it, so the next run sees the edit.
    const named = relative(process.cwd(), dir);
    writeFileSync(join(dir, "digests", "2025-03-19.txt"), "Mar 19\n\nAnother Title\n\nAn abstract that is long enough to be one. It says more.\n");
    const editMeanwhile = (line: string) => {
      if (/papers read from/.test(line)) writeFileSync(page, readFileSync(page, "utf8").replace("note: Another note.", "note: A third note."));
    };
    expect(ingest({ contentDir: named, log: editMeanwhile }).skipped).toBe(false);
    expect(ingest({ contentDir: named }).skipped).toBe(false);
    expect(ingest({ contentDir: named }).skipped).toBe(true);
  });

  it("keeps a curator's added fields and edited abstract across re-ingest", () => {
    const dir = tempContent({ "2025-03-17.txt": readSample() });
    run(dir);
    const path = join(dir, "papers", "tool-augmented-reward-modeling.md");
    const page = parsePage(readFileSync(path, "utf8"));
    const edited = readFileSync(path, "utf8")
      .replace("---\n", "---\nnote: 'Worth reading: tools make reward models honest.'\nfeatured: true\n")
      .replace(page.content.trim(), "A shorter abstract, rewritten by the curator.");
    writeFileSync(path, edited);
    const second = run(dir);
    expect(second.keptEdits).toEqual(["tool-augmented-reward-modeling"]);
    const after = parsePage(readFileSync(path, "utf8"));
    expect(after.data.note).toBe("Worth reading: tools make reward models honest.");
    expect(after.data.featured).toBe(true);
    expect(after.data.title).toBe("Tool-Augmented Reward Modeling");
    expect(after.content.trim()).toBe("A shorter abstract, rewritten by the curator.");
    expect(run(dir).written).toEqual([]); // and stable from then on
  });

  it("keeps a curator's corrected title, summary and topics, even when what the ingest makes of them changes", () => {
    const sample = readSample();
    const dir = tempContent({ "2025-03-17.txt": sample });
    run(dir);
    const path = join(dir, "papers", "tool-augmented-reward-modeling.md");
    const written = parsePage(readFileSync(path, "utf8")).data;
    expect(written.topics).toEqual(["reward-modeling", "alignment-oversight", "agents-tools"]);
    expect(Object.keys(written.generated_hashes as object)).toEqual(["title", "summary", "topics", "authors", "links"]);
    const yiBefore = parsePage(pages(dir)["yi-open-foundation-models-by-01-ai.md"]).data;
    writeFileSync(
      path,
      readFileSync(path, "utf8")
        .replace("title: Tool-Augmented Reward Modeling\n", "title: 'Tool-Augmented Reward Modeling (Themis)'\n")
        .replace(/^summary: [^]*?\nlinks:/m, "summary: Reward models that call calculators and search engines rank answers better.\nlinks:")
        .replace("  - alignment-oversight\n  - agents-tools\n", "  - agents-tools\n  - efficient-ml\n"),
    );
    // The source corrects the abstract: the sentence the summary came from, and the first sentence of another paper.
    const corrected = sample
      .replace("approach, named Themis, to address", "approach, called Themis, to address")
      .replace("We introduce the Yi model family", "We introduce the Yi family");
    writeFileSync(join(dir, "digests", "2025-03-17.txt"), corrected);
    const second = run(dir);
    for (const key of ["title", "summary", "topics"]) expect(second.output).toContain(`kept the curator's ${key} in 1 page: tool-augmented-reward-modeling`);
    const after = parsePage(readFileSync(path, "utf8")).data;
    expect(after).toMatchObject({
      title: "Tool-Augmented Reward Modeling (Themis)",
      title_raw: "Tool-Augmented Reward Modeling", // the source's, kept beside it
      summary: "Reward models that call calculators and search engines rank answers better.",
      topics: ["reward-modeling", "agents-tools", "efficient-ml"],
    });
    // What the ingest made of the corrected abstract is tracked: the curator's summary still differs from it.
    const hashes = (page: Record<string, unknown>) => page.generated_hashes as Record<string, string>;
    expect(hashes(after).summary).not.toBe(hashes(written).summary);
    expect({ ...hashes(after), summary: "" }).toEqual({ ...hashes(written), summary: "" });
    // A topic the paper's phrases gave it keeps them; one the ingest did not give it is the curator's word.
    expect((after.topic_terms as Record<string, string[]>)["agents-tools"]).toContain("external tools");
    expect(after.topic_terms).toMatchObject({ "efficient-ml": ["the curator's choice"] });
    expect(Object.keys(after.topic_terms as object)).toEqual(["reward-modeling", "agents-tools", "efficient-ml"]);
    // The paper the curator did not touch follows its source.
    const yi = parsePage(pages(dir)["yi-open-foundation-models-by-01-ai.md"]).data;
    expect(yi.summary).not.toBe(yiBefore.summary);
    expect(yi.summary).toMatch(/^We introduce the Yi family/);
    expect(yi.generated_hashes).not.toEqual(yiBefore.generated_hashes);
    // The related papers of the archive see the curator's topics too.
    expect(second.papers.find((p) => p.slug === "tool-augmented-reward-modeling")!.topics).toEqual(["reward-modeling", "agents-tools", "efficient-ml"]);
    const forced = ingest({ contentDir: dir, force: true });
    expect(forced.written).toEqual([]); // and stable from then on
    // The topics report shows where the curator disagrees with the taxonomy, for whoever tunes it.
    const report = execFileSync(process.execPath, ["--import", "tsx", "scripts/topics-report.ts", "--content", dir], { encoding: "utf8" });
    expect(report).toContain(
      "Filed elsewhere by the curator: 1 paper [the taxonomy's topics → the curator's]\n" +
        "    Tool-Augmented Reward Modeling (Themis)  [reward-modeling, alignment-oversight, agents-tools → reward-modeling, agents-tools, efficient-ml]\n",
    );
  });

  /** The sample and its sources ingested, and the page of DAPO (35 authors, a code and a project link) to edit as a curator would. */
  function withSourcesIngested() {
    const dir = tempContent(sampleWithSources());
    run(dir);
    const path = join(dir, "papers", `${DAPO}.md`);
    const page = parsePage(readFileSync(path, "utf8"));
    const edit = (data: Record<string, unknown>) => writeFileSync(path, stringifyPage(page.content, { ...page.data, ...data }));
    return { dir, path, page, authors: page.data.authors as string[], edit };
  }
  const DAPO = "dapo-an-open-source-llm-reinforcement-learning-system-at-scale";

  it("keeps a curator's corrected authors and links, which the sources would otherwise bring back", () => {
    const { dir, path, page, authors, edit } = withSourcesIngested();
    expect(authors).toHaveLength(35);
    expect(page.data.links).toEqual([
      { url: "https://github.com/BytedTsinghua-SIA/DAPO", kind: "code" },
      { url: "https://dapo-sia.github.io/", kind: "project" },
    ]);
    // One name spelled as the author spells it (the list no longer, so pooling alone would drop it), and a link taken out.
    const corrected = [`${authors[0]} (corrected)`, ...authors.slice(1)];
    edit({ authors: corrected, links: [{ url: "https://github.com/BytedTsinghua-SIA/DAPO", kind: "code" }] });
    const second = run(dir);
    expect(second.output).toContain(`kept the curator's authors in 1 page: ${DAPO}`);
    expect(second.output).toContain(`kept the curator's links in 1 page: ${DAPO}`);
    const after = parsePage(readFileSync(path, "utf8")).data;
    expect(after.authors).toEqual(corrected);
    expect(after.links).toEqual([{ url: "https://github.com/BytedTsinghua-SIA/DAPO", kind: "code" }]);
    expect(second.papers.find((p) => p.slug === DAPO)!.facts.authors).toEqual(corrected);
    expect(ingest({ contentDir: dir, force: true }).written).toEqual([]);
  });

  it("gives a curator's title, summary and authors the same hygiene as the sources' text", () => {
    const { dir, path, authors, edit } = withSourcesIngested();
    // js-yaml writes the control characters as escapes ("\a", "\v"), as a curator would have to.
    edit({ title: "DAPO:\u0007  open-source RL", summary: "Two\nlines\u000B here.", authors: [`${authors[0]}\u0000`, ...authors.slice(1)] });
    run(dir);
    expect(parsePage(readFileSync(path, "utf8")).data).toMatchObject({ title: "DAPO: open-source RL", summary: "Two lines here.", authors });
  });

  it("names the first ten pages it kept edits in, and counts the rest", () => {
    const dir = tempContent({ "2025-03-17.txt": readSample() });
    run(dir);
    const names = Object.keys(pages(dir)).sort().slice(0, 12);
    for (const name of names) {
      const path = join(dir, "papers", name);
      const page = parsePage(readFileSync(path, "utf8"));
      writeFileSync(path, stringifyPage(page.content, { ...page.data, summary: "Curated." }));
    }
    const line = run(dir)
      .output.split("\n")
      .find((l) => l.startsWith("kept the curator's summary in 12 pages: "))!;
    expect(line).toMatch(/ and 2 more$/);
    const named = line
      .replace(/^.*?pages: /, "")
      .replace(/ and 2 more$/, "")
      .split(", ");
    expect(named).toHaveLength(10);
    for (const slug of named) expect(names).toContain(`${slug}.md`);
  });

  it("reads a page written before edits were tracked as the ingest's own, and tracks it from then on", () => {
    const dir = tempContent({ "2025-03-17.txt": readSample() });
    run(dir);
    const path = join(dir, "papers", "tool-augmented-reward-modeling.md");
    // As an earlier version wrote it, retitled since: there is nothing to tell an edit by, so the ingest's title returns.
    writeFileSync(
      path,
      readFileSync(path, "utf8")
        .replace(/generated_hashes:\n(  .*\n)+/, "")
        .replace("title: Tool-Augmented Reward Modeling\n", "title: Retitled\n"),
    );
    expect(run(dir).output).not.toContain("kept the curator's");
    expect(parsePage(readFileSync(path, "utf8")).data).toMatchObject({
      title: "Tool-Augmented Reward Modeling",
      generated_hashes: { title: expect.any(String) },
    });
  });

  it("stops on a curator's topic the taxonomy does not have, naming the page and line", () => {
    const dir = tempContent({ "2025-03-17.txt": readSample() });
    run(dir);
    const path = join(dir, "papers", "tool-augmented-reward-modeling.md");
    const text = readFileSync(path, "utf8");
    writeFileSync(path, text.replace("  - alignment-oversight\n", "  - alignment-oversite\n"));
    expect(() => run(dir)).toThrow(
      /tool-augmented-reward-modeling\.md:9: topics: "alignment-oversite" is not a topic of the taxonomy \(_data\/taxonomy\.json\); did you mean "alignment-oversight"\?$/,
    );
    writeFileSync(path, text.replace("  - alignment-oversight\n", "  - safety\n"));
    expect(() => run(dir)).toThrow(/topics: "safety" is not a topic of the taxonomy \(_data\/taxonomy\.json\)$/);
    writeFileSync(path, text.replace("topics:\n  - reward-modeling\n  - alignment-oversight\n  - agents-tools\n", "topics: []\n"));
    expect(() => run(dir)).toThrow(/tool-augmented-reward-modeling\.md:9: topics: list at least one topic/);
  });

  it("merges a paper repeated on a later day into one page listed in both issues", () => {
    const sample = readSample();
    const later = `Mar 18\n\n${sample.split("\n").slice(14, 17).join("\n")}\n\nA New Paper\n\n${ABSTRACT}\n`;
    const dir = tempContent({ "2025-03-17.txt": sample, "2025-03-18.txt": later });
    const result = run(dir);
    expect(result.papersRead).toBe(65);
    expect(result.papers).toHaveLength(64);
    expect(result.output).toContain("(1 duplicates merged)");
    const debate = parsePage(pages(dir)["debate-helps-weak-to-strong-generalization.md"]);
    expect(debate.data).toMatchObject({ date: "2025-03-17", issues: ["2025-03-17", "2025-03-18"], rank: 2 });
  });

  it("turns hostile titles into safe pages and reports malformed blocks", () => {
    const dir = tempContent({ "2025-03-17.txt": HOSTILE });
    const result = run(dir);
    const written = pages(dir);
    expect(Object.keys(written).sort()).toEqual([
      "colons-quotes-hashes-and-dashes.md",
      "same-title-" + result.papers.find((p) => p.abstract.endsWith("Second of two."))!.id.slice(0, 6) + ".md",
      "same-title.md",
      "script-alert-x-script-attention-is-not-all-you-need.md",
      "x.md",
    ]);
    const titles = Object.values(written).map((t) => parsePage(t).data.title);
    // TeX's "---" is shown as the dash it means; the title as scraped is kept beside it.
    expect(titles).toContain(`Colons: "quotes" # hashes — and dashes`);
    expect(parsePage(written["colons-quotes-hashes-and-dashes.md"]).data.title_raw).toBe(`Colons: "quotes" # hashes --- and dashes`);
    expect(titles).toContain("<script>alert('x')</script> Attention Is Not All You Need");
    expect(titles).toContain("../../x");
    expect(result.output).toMatch(/2025-03-17\.txt:23: title "A Title Without Abstract" has no abstract; skipped/);
    // Every page reads back as YAML with the text unchanged.
    const script = parsePage(written["script-alert-x-script-attention-is-not-all-you-need.md"]);
    expect(script.content).toContain("\\<b\\>bolds\\</b\\> \\& breaks \\{\\{ liquid \\}\\}");
  });

  it("never overwrites a page the curator made by hand, even when a new paper's title would claim its name", () => {
    const dir = tempContent({ "2025-03-17.txt": `Mar 17\n\nAbout This Digest\n\n${ABSTRACT}\n` });
    const handMade = "---\ntitle: About this digest\n---\nWritten by the curator.\n";
    writeFileSync(join(dir, "papers", "about-this-digest.md"), handMade);
    const result = run(dir);
    expect(readFileSync(join(dir, "papers", "about-this-digest.md"), "utf8")).toBe(handMade);
    expect(result.papers[0].slug).toMatch(/^about-this-digest-[0-9a-f]{6}$/);
  });

  it("refuses JavaScript front matter instead of running it", () => {
    const dir = tempContent({ "2025-03-17.txt": `Mar 17\n\nT\n\n${ABSTRACT}\n` });
    writeFileSync(join(dir, "papers", "evil.md"), '---js\n{ id: (globalThis.pwned = "yes") }\n---\nbody\n');
    expect(() => readStoredPages(join(dir, "papers"))).toThrow(/evil\.md:\d+: JavaScript front matter is not allowed/);
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });

  it("reads the pages the same on two threads, and names a bad page in either half by file and line", () => {
    const dir = tempContent({ "2025-03-17.txt": readSample() });
    run(dir);
    const papers = join(dir, "papers");
    const names = readdirSync(papers)
      .filter((n) => n.endsWith(".md"))
      .sort();
    // Any folder of at least 10 pages is split: a worker thread reads the second half.
    const split = readStoredPages(papers, 10);
    expect(split).toEqual(readStoredPages(papers));
    expect([...split.values()].map((p) => p.slug)).toEqual(names.map((n) => n.slice(0, -3)));
    for (const name of [names.at(-1)!, names[0]]) {
      const page = join(papers, name);
      writeFileSync(page, readFileSync(page, "utf8").replace(/^rank: \d+$/m, "rank: first"));
      expect(() => readStoredPages(papers, 10)).toThrow(new RegExp(`${name.replace(".", "\\.")}:\\d+: .*rank`));
    }
  });

  it("never drops a day from a page because that day's digest failed to read", () => {
    const sample = readSample();
    const later = `Mar 18\n\n${sample.split("\n").slice(14, 17).join("\n")}\n`;
    const dir = tempContent({ "2025-03-17.txt": sample, "2025-03-18.txt": later });
    run(dir);
    writeFileSync(join(dir, "digests", "2025-03-18.txt"), later.replace("Mar 18", "Mar 19"));
    const second = run(dir);
    expect(second.errors).toHaveLength(1);
    const debate = parsePage(pages(dir)["debate-helps-weak-to-strong-generalization.md"]);
    expect(debate.data).toMatchObject({ date: "2025-03-17", issues: ["2025-03-17", "2025-03-18"], rank: 2 });
  });

  it("ingests files given on the command line together with the whole archive", () => {
    const sample = readSample();
    const dir = tempContent({ "2025-03-17.txt": sample });
    run(dir);
    const extra = join(tempDir("extra-"), "saved-today.txt");
    writeFileSync(extra, `Mar 18\n\n${sample.split("\n").slice(14, 17).join("\n")}\n\nA New Paper\n\n${ABSTRACT}\n`);
    const lines: string[] = [];
    const result = ingest({ contentDir: dir, files: [extra], date: "2025-03-18", log: (l) => lines.push(l) });
    expect(result.papersRead).toBe(65);
    expect(result.papers).toHaveLength(64);
    expect(parsePage(pages(dir)["debate-helps-weak-to-strong-generalization.md"]).data.issues).toEqual(["2025-03-17", "2025-03-18"]);
    expect(parsePage(pages(dir)["a-new-paper.md"]).data).toMatchObject({ date: "2025-03-18", rank: 2 });
    expect(lines.join("\n")).toContain("copy a day there to keep it in the archive");
  });

  it("sums up a long archive in one line and details the newest digests", () => {
    const digests = Object.fromEntries(
      Array.from({ length: 9 }, (_, i) => [`2025-03-${String(10 + i).padStart(2, "0")}.txt`, `Paper ${i}\n\n${ABSTRACT} Day ${i}.\n`]),
    );
    const { output } = run(tempContent(digests));
    expect(output).toContain("2 earlier digests: 2 papers");
    expect(output.match(/\.txt: 1 papers \(issue 2025-03-1\d\)/g)).toHaveLength(7);
    expect(output).toContain("9 papers read from 9 digests");
  });

  it("writes the same files when it writes the pages before reading related papers' model, as a run rewriting most pages does", () => {
    const early = tempContent(sampleWithSources());
    const meanwhile = tempContent(sampleWithSources());
    expect(ingest({ contentDir: early, writeFirstFrom: 0 }).errors).toEqual([]);
    expect(ingest({ contentDir: meanwhile, writeFirstFrom: Infinity }).errors).toEqual([]);
    expect(ingestedFiles(early)).toEqual(ingestedFiles(meanwhile));
  });

  it("reports a digest it cannot read, by its name, and still ingests the others", () => {
    const dir = tempContent({ "2025-03-17.txt": readSample() });
    const missing = join(dir, "2025-03-18.txt");
    for (const force of [false, true]) {
      const result = ingest({ contentDir: dir, files: [missing], force });
      expect(result.errors).toEqual([expect.stringMatching(new RegExp(`^${missing.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:1: cannot read: ENOENT`))]);
      expect(result.papers).toHaveLength(63);
    }
  });

  it("reports a digest with a wrong date line and still ingests the others", () => {
    const dir = tempContent({ "2025-03-17.txt": readSample(), "2025-03-19.txt": `Mar 18\n\nT\n\n${ABSTRACT}\n` });
    const result = run(dir);
    expect(result.errors).toEqual([`${join(dir, "digests", "2025-03-19.txt")}:1: date line "Mar 18" does not match the issue date 2025-03-19`]);
    expect(result.papers).toHaveLength(63);
  });

  it("parses the pages a worker thread wrote on a first run into the build's parse cache, unless they are waited for first", () => {
    const { papers } = run(tempContent({ "2025-03-17.txt": readSample() }));
    const cacheFiles = (root: string) =>
      existsSync(root) ? (readdirSync(root, { recursive: true }) as string[]).filter((name) => name.endsWith(".bin")).map((name) => join(root, name)) : [];

    const dir = tempDir("worker-pages-");
    const parseCache = tempDir("worker-parse-cache-");
    const writing = startWritingPages(dir, papers, new Map(), { parallelFrom: 1, parseCache });
    expect(writing.waitFirst).toBe(false);
    writing.wait();
    const shards = cacheFiles(parseCache);
    expect(shards.length).toBeGreaterThan(10);
    const before = new Map(shards.map((file) => [file, readFileSync(file)]));
    // Reading the pages as the build does parses none of them again: a page parsed now would rewrite its shard.
    const read = new PageParseCache(parseCache).checkEach(
      readdirSync(dir).map((name) => join(dir, name)),
      (_, { data }) => data.id,
    );
    expect(read.sort()).toEqual(papers.map((paper) => paper.id).sort());
    expect(cacheFiles(parseCache).sort()).toEqual([...before.keys()].sort());
    for (const [file, bytes] of before) expect(readFileSync(file).equals(bytes), file).toBe(true);

    // Pages the ingest waits for before going on are not kept waiting on the cache as well.
    const first = tempDir("worker-pages-first-");
    const untouched = tempDir("worker-parse-cache-first-");
    const waited = startWritingPages(first, papers, new Map(), { parallelFrom: 1, parseCache: untouched, waitFirstFrom: 1 });
    expect(waited.waitFirst).toBe(true);
    expect(waited.wait().written).toHaveLength(papers.length);
    expect(cacheFiles(untouched)).toEqual([]);

    // Nor are pages written into an archive (a backfill): their parsing would run on through the run's peak.
    const archive = tempDir("worker-pages-archive-");
    startWritingPages(archive, papers.slice(0, 3), new Map()).wait();
    const backfill = tempDir("worker-parse-cache-backfill-");
    const added = startWritingPages(archive, papers, readStoredPages(archive, Infinity, null), { parallelFrom: 1, parseCache: backfill });
    expect(added.waitFirst).toBe(false);
    expect(added.wait().written).toHaveLength(papers.length - 3);
    expect(cacheFiles(backfill)).toEqual([]);
  });

  it("writes the same pages when a worker thread writes them, and stops on a page it cannot write without leaving temporary files", () => {
    const content = tempContent({ "2025-03-17.txt": readSample() });
    const { papers } = run(content);
    const written = pages(content);
    const other = tempDir("worker-pages-");
    const writing = startWritingPages(other, papers, new Map(), { parallelFrom: 1 });
    const report = writing.wait();
    expect(writing.wait()).toBe(report);
    expect(report.written).toHaveLength(63);
    expect(readdirSync(other).sort()).toEqual(Object.keys(written).sort());
    for (const name of readdirSync(other)) expect(readFileSync(join(other, name), "utf8"), name).toBe(written[name]);
    // The report holds each page's hash as the worker wrote it, and as it stands when nothing is written: the run's fingerprint takes them.
    const hashes = (report: WriteReport, dir: string) =>
      readdirSync(dir).map((name) => [report.textHashes.get(join(dir, name)), pageTextHash(readFileSync(join(dir, name), "utf8"))]);
    for (const [reported, onDisk] of hashes(report, other)) expect(reported).toBe(onDisk);
    const again = startWritingPages(other, papers, readStoredPages(other), { parallelFrom: 1 }).wait();
    expect(again.unchanged).toBe(63);
    for (const [reported, onDisk] of hashes(again, other)) expect(reported).toBe(onDisk);

    const blocked = tempDir("worker-pages-blocked-");
    mkdirSync(join(blocked, `${papers[5].slug}.md`)); // a folder where a page should go
    const blockedWriting = startWritingPages(blocked, papers, new Map(), { parallelFrom: 1 });
    // Waited for again (as the ingest does after a failure), the same failure.
    const failures = [1, 2].map(() => {
      try {
        blockedWriting.wait();
      } catch (failure) {
        return failure;
      }
    });
    expect(String(failures[0])).toMatch(/worker thread .* failed: .*(EISDIR|ENOTEMPTY|EEXIST)/);
    expect(failures[1]).toBe(failures[0]);
    expect(readdirSync(blocked).filter((n) => n.endsWith(".tmp"))).toEqual([]);
    expect(readdirSync(blocked).filter((n) => n.endsWith(".md"))).toHaveLength(6); // the five before it, and the folder
  });

  it("removes the temporary files a killed run left, says so, and touches nothing else", () => {
    const content = tempContent({ "2025-03-17.txt": readSample() });
    run(content);
    const papersDir = join(content, "papers");
    // What `kill -9` leaves mid-write: the page writer's `<page>.<pid>.tmp` and write-file-atomic's `<file>.<number>`.
    const stale = [
      join(papersDir, "2-olmo-2-furious.md.48213.0.tmp"),
      join(papersDir, "a-new-paper.md.3019384721"),
      join(content, "derived.json.918273645"),
      join(content, "last-ingest.json.1234567"),
    ];
    for (const file of stale) writeFileSync(file, "half a page");
    const curators = [join(papersDir, "notes.md.bak"), join(papersDir, "draft.tmp"), join(content, "derived.json.old")];
    for (const file of curators) writeFileSync(file, "mine");
    const { output, errors } = run(content);
    expect(errors).toEqual([]);
    expect(output).toContain(`removed 4 temporary files an interrupted run left: ${stale[2]}, ${stale[3]}`);
    for (const file of stale) expect(() => statSync(file)).toThrow(/ENOENT/);
    for (const file of curators) expect(readFileSync(file, "utf8")).toBe("mine");
    expect(run(content).output).not.toContain("temporary file");
  });

  it("removes the related-papers model folders of ingests no longer running, and no running one's", () => {
    // The system's temporary folder, as os.tmpdir() reads it, a private one here: other test files' ingests use the real one.
    const temporary = tempDir("tmpdir-");
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = temporary;
    try {
      // A process that has ended: its id names a folder no running ingest owns.
      const ended = spawnSync(process.execPath, ["-e", ""]).pid!;
      const orphan = mkdtempSync(join(temporary, `paper-digest-corpus-${ended}-`));
      writeFileSync(join(orphan, "ids"), "a model's arrays");
      const live = mkdtempSync(join(temporary, `paper-digest-corpus-${process.pid}-`));
      const { output } = run(tempContent({ "2025-03-17.txt": readSample() }));
      expect(output).toContain(`removed the related-papers model folders of ingests stopped before they ended: ${orphan}`);
      expect(existsSync(orphan)).toBe(false);
      expect(existsSync(live)).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });

  it("stops at once when it is stopped while it writes pages, and the next run leaves what an uninterrupted run does", async () => {
    // 2,800 papers: the pages are written by a worker thread while this one finds related papers, a window of seconds.
    const { digests } = generatedArchive({ weeks: 4, perDay: 100 });
    const stopped = tempContent(digests);
    const papersDir = join(stopped, "papers");
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "ingest.ts"), "--content", stopped, "--quiet"], {
      cwd: ROOT,
      stdio: "ignore",
    });
    const ended = new Promise<[number | null, NodeJS.Signals | null]>((done) => child.on("close", (code, signal) => done([code, signal])));
    const pause = () => new Promise((done) => setTimeout(done, 10));
    while (!(existsSync(papersDir) && readdirSync(papersDir).some((name) => name.endsWith(".md")))) await pause();
    child.kill("SIGTERM");
    // Ended by the signal, not run on to a successful end with the signal swallowed.
    expect(await ended).toEqual([null, "SIGTERM"]);
    expect(existsSync(join(stopped, "derived.json"))).toBe(false);

    const parseCache = tempDir("ingest-parse-cache-");
    expect(ingest({ contentDir: stopped, parseCache }).errors).toEqual([]);
    const uninterrupted = tempContent(digests);
    expect(ingest({ contentDir: uninterrupted, parseCache }).errors).toEqual([]);
    expect(ingestedFiles(stopped)).toEqual(ingestedFiles(uninterrupted));

    // The pages its worker thread wrote are in the parse cache the build reads them through: reading them parses none
    // again (a page parsed now would rewrite its shard).
    const shards = (readdirSync(parseCache, { recursive: true }) as string[]).filter((name) => name.endsWith(".bin")).map((name) => join(parseCache, name));
    const before = new Map(shards.map((file) => [file, readFileSync(file)]));
    const names = readdirSync(join(uninterrupted, "papers")).filter((name) => name.endsWith(".md"));
    expect(names.length).toBeGreaterThan(1000);
    new PageParseCache(parseCache).checkEach(
      names.map((name) => join(uninterrupted, "papers", name)),
      () => undefined,
    );
    expect((readdirSync(parseCache, { recursive: true }) as string[]).filter((name) => name.endsWith(".bin"))).toHaveLength(shards.length);
    for (const [file, bytes] of before) expect(readFileSync(file).equals(bytes), file).toBe(true);
  }, 120_000);
});
