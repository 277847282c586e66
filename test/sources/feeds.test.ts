import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/platform/input-error.ts";
import { ANNOUNCE_TYPES } from "../../src/model/paper.ts";
import { ARXIV_ID_PATTERN, parseArxivRef, sortClassifications } from "../../src/model/arxiv.ts";
import { splitCreators } from "../../src/sources/arxiv-rss.ts";
import { parseDigest, readDigest } from "../../src/sources/index.ts";
import { FIXTURES, ROOT, tempDir } from "../helpers.ts";

const ATOM = join(FIXTURES, "arxiv-api-2025-03-18.xml");
const RSS = join(FIXTURES, "arxiv-rss-cs.LG-2025-03-19.xml");
const HF = join(FIXTURES, "hf-daily-2025-03-19.json");

/** The InputError a parse throws, so its file, line and reason can be asserted. */
function parseError(text: string, file = "2025-03-19.xml"): InputError {
  try {
    parseDigest(text, file, "2025-03-19");
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("arXiv ids", () => {
  it("are read from every form a source writes, without the version", () => {
    expect(parseArxivRef("http://arxiv.org/abs/2501.00656v2")).toEqual({ id: "2501.00656", version: 2 });
    expect(parseArxivRef("oai:arXiv.org:2503.14476v1")).toEqual({ id: "2503.14476", version: 1 });
    expect(parseArxivRef("2503.14476")).toEqual({ id: "2503.14476", version: 0 });
    expect(parseArxivRef("https://arxiv.org/abs/hep-th/9901001v3")).toEqual({ id: "hep-th/9901001", version: 3 });
    expect(parseArxivRef("https://arxiv.org/pdf/2312.09390v1.pdf")).toEqual({ id: "2312.09390", version: 1 });
    expect(parseArxivRef("http://arxiv.org/api/errors#incorrect_id_format_for_1234")).toBeUndefined();
  });

  it("sort classification terms into arXiv's categories, MSC and ACM codes, and what is none of them", () => {
    expect(sortClassifications(["math.AP", "cs.LG", "35", "03B70, 68Q99", "F.4.1; F.4.m; K.2", "53C", "14D20 (Primary) 14J60 (Secondary)", "cs.LG"])).toEqual({
      categories: ["math.AP", "cs.LG"],
      msc: ["35", "03B70", "68Q99", "53C", "14D20", "14J60"],
      acm: ["F.4.1", "F.4.m", "K.2"],
      unknown: [],
    });
    expect(sortClassifications(['cs."><script>', "primary", "cs.LG cs.AI"])).toEqual({
      categories: ["cs.LG", "cs.AI"],
      msc: [],
      acm: [],
      unknown: ['cs."><script>', "primary"],
    });
  });

  it("split dc:creator into authors", () => {
    expect(splitCreators("Ann Lee, Bo Chen, and Cy Dee")).toEqual(["Ann Lee", "Bo Chen", "Cy Dee"]);
    expect(splitCreators("Ann Lee and Bo Chen")).toEqual(["Ann Lee", "Bo Chen"]);
  });
});

describe("arXiv API Atom", () => {
  it("reads every entry: id without version, authors, primary category first, submission date, its line", () => {
    const digest = readDigest(ATOM);
    expect(digest.format).toBe("arXiv API Atom");
    expect(digest.date).toBe("2025-03-18");
    expect(digest.warnings).toEqual([]);
    expect(digest.papers.map((p) => p.facts.arxivId)).toEqual(["2312.09390", "2305.18290", "2303.15343"]);
    const [w2s, dpo, siglip] = digest.papers;
    expect(w2s.titleRaw).toBe("Weak-to-Strong Generalization: Eliciting Strong Capabilities With Weak Supervision");
    expect(w2s.abstractRaw).toMatch(/^Widely used alignment techniques, such as reinforcement learning from human feedback \(RLHF\), rely/);
    expect(w2s.facts.authors).toHaveLength(12);
    expect(w2s.facts.authors[0]).toBe("Collin Burns");
    expect(dpo.facts).toMatchObject({ arxivVersion: 3, categories: ["cs.LG", "cs.AI", "cs.CL"], submitted: "2023-05-29" });
    expect(dpo.facts.authors).toContain("Christopher D. Manning");
    expect(siglip.facts.categories[0]).toBe("cs.CV");
    const lines = readFileSync(ATOM, "utf8").split("\n");
    for (const paper of digest.papers) expect(lines[paper.sources[0].line - 1].trim()).toBe("<entry>");
  });

  it("decodes XML's character references", () => {
    const atom =
      `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2501.00001v1</id>` +
      `<title>Caf&#233; Talk&#x27;s</title><summary>An abstract.</summary></entry></feed>`;
    expect(parseDigest(atom, "2025-03-19.xml", "2025-03-19").papers[0].titleRaw).toBe("Café Talk's");
  });

  it("turns arXiv's error entry into an error, and an empty result into a warning", () => {
    const error = parseError(
      `<feed xmlns="http://www.w3.org/2005/Atom">\n<entry>\n<id>http://arxiv.org/api/errors#incorrect_id_format_for_abc</id>\n<title>Error</title>\n<summary>incorrect id format for abc</summary>\n</entry>\n</feed>`,
    );
    expect(error.line).toBe(2);
    expect(error.reason).toBe("arXiv answered with an error: incorrect id format for abc");
    const empty = parseDigest(`<feed xmlns="http://www.w3.org/2005/Atom"><title>ArXiv Query</title></feed>`, "2025-03-19.xml", "2025-03-19");
    expect(empty.papers).toEqual([]);
    expect(empty.warnings).toContainEqual({ file: "2025-03-19.xml", line: 1, message: "no papers found in this digest" });
  });
});

describe("text a listing names in a warning, and Atom's HTML text", () => {
  const atom = (entry: string) => `<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n<entry>${entry}</entry>\n</feed>`;

  it("reads an Atom text construct of type html as the text it shows, and plain text as it is", () => {
    const { papers } = parseDigest(
      atom(
        `<id>http://arxiv.org/abs/2501.00001v1</id><title type="html">A &lt;b&gt;bold&lt;/b&gt; &amp;lt;think&amp;gt; title</title>` +
          `<summary type="text">Plain &lt;think&gt; text.</summary>`,
      ),
      "x.xml",
      "2025-01-01",
    );
    expect(papers.map((p) => [p.titleRaw, p.abstractRaw])).toEqual([["A bold <think> title", "Plain <think> text."]]);
  });

  it("quotes a listing's text in a warning without control characters and at most 80 characters long", () => {
    const { warnings } = parseDigest(atom(`<id>\u001b[2J${"x".repeat(500)}</id><title>T</title><summary>S.</summary>`), "x.xml", "2025-01-01");
    expect(warnings[0].message).toMatch(/^entry id "\[2Jx{76}…" is not an arXiv id; read without one$/);
  });
});

describe("arXiv RSS", () => {
  it("reads each item with how it was announced, in which listing", () => {
    const digest = readDigest(RSS);
    expect(digest.format).toBe("arXiv RSS");
    expect(digest.warnings).toEqual([]);
    expect(digest.papers.map((p) => [p.facts.arxivId, p.facts.arxivVersion, p.facts.announcements[0].type])).toEqual([
      ["2503.14476", 1, "new"],
      ["2502.14786", 1, "cross"],
      ["2305.18290", 4, "replace"],
      ["2307.04047", 2, "replace-cross"],
      ["2501.13124", 2, "replace-cross"],
    ]);
    const [dapo, siglip2] = digest.papers;
    expect(dapo.facts.announcements).toEqual([{ date: "2025-03-19", type: "new", listing: "cs.LG" }]);
    expect(dapo.facts.authors).toHaveLength(35);
    expect(dapo.abstractRaw).toMatch(/^Inference scaling empowers LLMs/);
    expect(siglip2.facts.categories).toEqual(["cs.CV", "cs.LG"]);
    expect(siglip2.facts.authors).toContain("Olivier Hénaff");
  });

  it("reads every field as text: what looks like a tag in a title or abstract is kept, escaped HTML is read as HTML", () => {
    // Hand-written items in the shape of the fixture's.
    const item = (title: string, description: string, creator = "Ann Lee") =>
      `<item><title>${title}</title><link>https://arxiv.org/abs/2503.00001</link><description>${description}</description>` +
      `<guid isPermaLink="false">oai:arXiv.org:2503.00001v1</guid><arxiv:announce_type>new</arxiv:announce_type><dc:creator>${creator}</dc:creator></item>`;
    const rss = (...items: string[]) =>
      `<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0"><channel>` +
      `<title>cs.LG updates on arXiv.org</title>${items.join("")}</channel></rss>`;
    const [plain, html] = parseDigest(
      rss(
        item(
          "On &lt;think&gt; Tokens &amp;amp; &amp;lt;script&amp;gt;",
          "arXiv:2503.00001v1 Announce Type: new \nAbstract: A &lt;think&gt; step for $x&lt;a$ and $b&gt;c$, R&amp;amp;D.",
        ),
        item(
          "Escaped",
          "&lt;p&gt;arXiv:2503.00001v1 Announce Type: new Abstract: In &lt;b&gt;HTML&lt;/b&gt;, &amp;lt;think&amp;gt;.&lt;/p&gt;",
          "&lt;a href=&quot;x&quot;&gt;Bo Chen&lt;/a&gt;",
        ),
      ),
      "2025-03-19.xml",
      "2025-03-19",
    ).papers;
    expect(plain.titleRaw).toBe("On <think> Tokens & <script>");
    expect(plain.abstractRaw).toBe("A <think> step for $x<a$ and $b>c$, R&D.");
    expect(html.abstractRaw).toBe("In HTML, <think>.");
    expect(html.facts.authors).toEqual(["Bo Chen"]);
  });
});

describe("real arXiv RSS listings, as arXiv sent them (test/fixtures/real/)", () => {
  const REAL = join(ROOT, "test", "fixtures", "real");
  const files = existsSync(REAL) ? readdirSync(REAL).filter((name) => name.endsWith(".xml")) : [];
  const rooted = (root: RegExp) => files.filter((name) => root.test(readFileSync(join(REAL, name), "utf8").slice(0, 2_000)));
  const rss2 = rooted(/<rss\b/);
  const rss1 = rooted(/<rdf:RDF\b/);
  /** Markup, character references or links: what no field of a paper may keep. */
  const MARKUP = /<\/?(?:a|b|br|div|em|i|p|span|strong|sub|sup)\b[^<>]*>|&(?:[a-z]+|#\d+|#x[\da-f]+);|href=/i;

  function readsEveryItem(name: string, format: string) {
    const text = readFileSync(join(REAL, name), "utf8");
    const digest = readDigest(join(REAL, name), "2024-03-26");
    expect(digest.format).toBe(format);
    expect(digest.warnings).toEqual([]);
    expect(digest.papers).toHaveLength(text.match(/<item[\s>]/g)!.length);
    for (const { titleRaw, abstractRaw, facts } of digest.papers) {
      const paper = `${name}: ${facts.arxivId} "${titleRaw}"`;
      expect(facts.arxivId, paper).toMatch(ARXIV_ID_PATTERN);
      expect(facts.arxivVersion, paper).toBeGreaterThan(0);
      expect(facts.categories.length, paper).toBeGreaterThan(0);
      for (const category of facts.categories) expect(category, paper).toMatch(/^[a-z-]+(?:\.[A-Za-z-]+)?$/);
      expect(ANNOUNCE_TYPES, paper).toContain(facts.announcements[0]?.type);
      expect(facts.authors.length, paper).toBeGreaterThan(0);
      for (const field of [titleRaw, abstractRaw, ...facts.authors]) expect(field, paper).not.toMatch(MARKUP);
      expect(titleRaw, paper).not.toMatch(/\(arXiv:/);
    }
  }

  it("include RSS 2.0", () => expect(rss2.length).toBeGreaterThan(0));
  for (const name of rss2) it(`reads every item of ${name}`, () => readsEveryItem(name, "arXiv RSS"));
  // One real listing (two replaced cross-lists); test/sources/arxiv-rdf.test.ts reads a hand-written one with every announce type.
  it("include RSS 1.0 (RDF) from before 2024", () => expect(rss1.length).toBeGreaterThan(0));
  for (const name of rss1) it(`reads every item of ${name}`, () => readsEveryItem(name, "arXiv RSS 1.0"));
});

describe("Hugging Face daily papers", () => {
  it("reads ids, authors, upvotes, code and project links, and the AI summary and keywords", () => {
    const digest = readDigest(HF);
    expect(digest.format).toBe("Hugging Face daily papers");
    expect(digest.warnings).toEqual([]);
    const [dapo, olmo, diffusion] = digest.papers;
    expect(dapo.facts).toMatchObject({
      arxivId: "2503.14476",
      upvotes: 120,
      submitted: "2025-03-18",
      links: [
        { url: "https://github.com/BytedTsinghua-SIA/DAPO", kind: "code" },
        { url: "https://dapo-sia.github.io/", kind: "project" },
      ],
      aiKeywords: ["reinforcement learning", "DAPO", "AIME 2024", "Qwen2.5-32B", "verl"],
    });
    expect(dapo.facts.aiSummary).toMatch(/^DAPO, an open-source reinforcement learning system/);
    expect(olmo.titleRaw).toBe("2 OLMo 2 Furious");
    expect(olmo.facts.authors.at(-1)).toBe("Hannaneh Hajishirzi");
    expect(diffusion.facts.links).toEqual([{ url: "https://inference-scale-diffusion.github.io/", kind: "project" }]);
    const lines = readFileSync(HF, "utf8").split("\n");
    for (const paper of digest.papers) expect(lines[paper.sources[0].line - 1]).toContain(`"${paper.facts.arxivId}"`);
  });

  it("skips an entry without a title or summary, naming it, and keeps the rest", () => {
    const json = JSON.stringify(
      [{ paper: { id: "2501.00001", title: "", summary: "x" } }, { paper: { id: "2501.00002", title: "Kept", summary: "An abstract." } }],
      null,
      2,
    );
    const digest = parseDigest(json, "2025-03-19.json", "2025-03-19");
    expect(digest.papers.map((p) => p.titleRaw)).toEqual(["Kept"]);
    expect(digest.warnings[0].message).toBe("entry 1 has no title; skipped");
    expect(digest.warnings[0].line).toBe(4);
  });

  it("never takes a link that is not http(s)", () => {
    const json = JSON.stringify([
      { paper: { id: "2501.00001", title: "T", summary: "An abstract.", githubRepo: "javascript:alert(1)", projectPage: "https://ok.example/" } },
    ]);
    expect(parseDigest(json, "2025-03-19.json", "2025-03-19").papers[0].facts.links).toEqual([{ url: "https://ok.example/", kind: "project" }]);
  });
});

describe("format detection and bad input", () => {
  it("goes by content, not by the file's extension", () => {
    const dir = tempDir("formats-");
    const file = join(dir, "2025-03-19.txt");
    writeFileSync(file, readFileSync(HF, "utf8"));
    expect(readDigest(file).format).toBe("Hugging Face daily papers");
    writeFileSync(file, readFileSync(RSS, "utf8"));
    expect(readDigest(file).format).toBe("arXiv RSS");
  });

  it("names file and line of malformed XML", () => {
    const broken = readFileSync(RSS, "utf8").replace(
      "</title>\n      <link>https://arxiv.org/abs/2502.14786",
      "\n      <link>https://arxiv.org/abs/2502.14786",
    );
    const error = parseError(broken, "feed.xml");
    expect(error.file).toBe("feed.xml");
    expect(error.reason).toMatch(/^malformed XML: /);
    expect(error.line).toBeGreaterThanOrEqual(31);
    expect(error.line).toBeLessThanOrEqual(45);
  });

  it("names file and line of malformed JSON", () => {
    const broken = readFileSync(HF, "utf8").replace('"upvotes": 55,', '"upvotes": 55');
    const line = broken.split("\n").findIndex((l) => l.includes('"upvotes": 55')) + 2; // the next key is where it breaks
    const error = parseError(broken, "hf.json");
    expect(error.reason).toMatch(/^malformed JSON: /);
    expect(error.line).toBe(line);
    expect(parseError('[{"paper": ', "hf.json").reason).toMatch(/^malformed JSON/);
  });

  it("refuses XML and JSON that are no digest format, and XML with a DOCTYPE", () => {
    expect(parseError("<html><body>Rate exceeded.</body></html>").reason).toMatch(/^an XML document with root <html> is no digest format known here/);
    expect(parseError('{"papers": []}', "x.json").reason).toMatch(/^a JSON document that is not a Hugging Face daily-papers list/);
    expect(parseError('{"error": "Invalid date"}', "x.json").reason).toBe("Hugging Face answered with an error: Invalid date");
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n<rss><channel><title>&lol2;</title></channel></rss>`;
    expect(parseError(bomb)).toMatchObject({ line: 2, reason: "a DOCTYPE declaration is not accepted in a digest" });
  });
});
