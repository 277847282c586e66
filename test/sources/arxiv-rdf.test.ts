import { describe, expect, it } from "vitest";
import { creatorNames } from "../../src/sources/arxiv-rss.ts";
import { parseDigest } from "../../src/sources/index.ts";
import { htmlToText } from "../../src/sources/xml.ts";

/**
 * HAND-WRITTEN, not a saved response: arXiv's RSS 1.0 (RDF) as export.arxiv.org/rss/cs.LG sent it before 2024, in the
 * shape of a real one (stevana/yeast tests/files/arxiv-cs-pl.rss1), with the cases a day's listing may hold made up:
 * a new paper, a replaced one, a cross-list, a replaced cross-list, an old-style id, markup and double escapes, an
 * item whose title has no arXiv suffix and one without a description.
 */
const RDF = `<?xml version="1.0" encoding="UTF-8"?>

<rdf:RDF
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
>

<channel rdf:about="http://arxiv.org/">
<title>cs.LG updates on arXiv.org</title>
<link>http://arxiv.org/</link>
<description rdf:parseType="Literal">Computer Science -- Learning (cs.LG) updates on the arXiv.org e-print archive</description>
<dc:date>2023-01-10T20:30:00-05:00</dc:date>
<items>
 <rdf:Seq>
  <rdf:li rdf:resource="http://arxiv.org/abs/2301.01234" />
 </rdf:Seq>
</items>
</channel>
<item rdf:about="http://arxiv.org/abs/2301.01234">
<title>Tokens Like &lt;think&gt; in Reasoning Models. (arXiv:2301.01234v1 [cs.LG])</title>
<link>http://arxiv.org/abs/2301.01234</link>
<description rdf:parseType="Literal">&lt;p&gt;We study the &amp;lt;think&amp;gt; token, R&amp;amp;D, H&lt;sub&gt;2&lt;/sub&gt;O and $x &amp;lt; y$,
wrapped over lines as arXiv wraps them.
&lt;/p&gt;
</description>
<dc:creator> &lt;a href=&quot;http://arxiv.org/find/cs/1/au:+Lee_A/0/1/0/all/0/1&quot;&gt;Ann Lee&lt;/a&gt;,
 &lt;a href=&quot;http://arxiv.org/find/cs/1/au:+Chen_B/0/1/0/all/0/1&quot;&gt;Bo Chen&lt;/a&gt;</dc:creator>
</item>
<item rdf:about="http://arxiv.org/abs/2212.04567">
<title>A Replaced Paper. (arXiv:2212.04567v3 [cs.LG] UPDATED)</title>
<link>http://arxiv.org/abs/2212.04567</link>
<description rdf:parseType="Literal">&lt;p&gt;Its third version.&lt;/p&gt;</description>
<dc:creator> &lt;a href=&quot;http://arxiv.org/find/cs/1/au:+Dee_C/0/1/0/all/0/1&quot;&gt;Cy Dee&lt;/a&gt; (1),
 &lt;a href=&quot;http://arxiv.org/find/cs/1/au:+OBrien_D/0/1/0/all/0/1&quot;&gt;Dan O&amp;#x27;Brien&lt;/a&gt; (2)
 ((1) Dept. of Electronic &amp;amp; Computer Engineering, (2) Another University)</dc:creator>
</item>
<item rdf:about="http://arxiv.org/abs/2301.07777">
<title>A Cross-listed Statistics Paper. (arXiv:2301.07777v1 [stat.ML] CROSS LISTED)</title>
<link>http://arxiv.org/abs/2301.07777</link>
<description rdf:parseType="Literal">&lt;p&gt;Listed in stat.ML first.&lt;/p&gt;</description>
<dc:creator> &lt;a href=&quot;http://arxiv.org/find/stat/1/au:+Eve_E/0/1/0/all/0/1&quot;&gt;Eve Eve&lt;/a&gt;</dc:creator>
</item>
<item rdf:about="http://arxiv.org/abs/2201.09999">
<title>Why Replace a Cross-list?. (arXiv:2201.09999v2 [math.OC] UPDATED)</title>
<link>http://arxiv.org/abs/2201.09999</link>
<description rdf:parseType="Literal">&lt;p&gt;&lt;iframe src=&quot;javascript:alert(1)&quot;&gt;&lt;/iframe&gt;Optimisation,
&lt;a href=&quot;javascript:alert(2)&quot;&gt;linked&lt;/a&gt;.&lt;/p&gt;</description>
<dc:creator> &lt;a href=&quot;javascript:alert(3)&quot;&gt;&amp;lt;script&amp;gt;Fay&lt;/a&gt;</dc:creator>
</item>
<item rdf:about="http://arxiv.org/abs/hep-th/9901001">
<title>&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; and Strings. (arXiv:hep-th/9901001v4 [hep-th] CROSS LISTED)</title>
<link>http://arxiv.org/abs/hep-th/9901001</link>
<description rdf:parseType="Literal">&lt;p&gt;An old-style identifier.&lt;/p&gt;</description>
<dc:creator> &lt;a href=&quot;http://arxiv.org/find/hep-th/1/au:+Gee_G/0/1/0/all/0/1&quot;&gt;Gus Gee&lt;/a&gt;</dc:creator>
</item>
<item rdf:about="http://arxiv.org/abs/2301.05555">
<title>No Suffix Here</title>
<link>http://arxiv.org/abs/2301.05555</link>
<description rdf:parseType="Literal">&lt;p&gt;Its id is in the item's rdf:about.&lt;/p&gt;</description>
<dc:creator>Hal Ho, Ida Ito</dc:creator>
</item>
<item rdf:about="http://arxiv.org/abs/2301.06666">
<title>Without a Description. (arXiv:2301.06666v1 [cs.LG] NEWISH)</title>
<link>http://arxiv.org/abs/2301.06666</link>
</item>
</rdf:RDF>
`;

const FILE = "2023-01-11.xml";
/** The 1-based line of the first line of `text` that holds `part`. */
const lineOf = (part: string, text = RDF) => text.split("\n").findIndex((line) => line.includes(part)) + 1;

describe("arXiv RSS 1.0 (RDF), as arXiv sent it before 2024", () => {
  const digest = parseDigest(RDF, FILE, "2023-01-11");

  it("is recognised by its root element", () => {
    expect(digest.format).toBe("arXiv RSS 1.0");
  });

  it("reads id, version, primary category and announce type from each title's suffix, and the title without it", () => {
    expect(digest.papers.map((p) => [p.facts.arxivId, p.facts.arxivVersion, p.facts.announcements[0]?.type, p.facts.categories])).toEqual([
      ["2301.01234", 1, "new", ["cs.LG"]],
      ["2212.04567", 3, "replace", ["cs.LG"]],
      ["2301.07777", 1, "cross", ["stat.ML", "cs.LG"]],
      // UPDATED with a primary category outside the listing: a replaced cross-list.
      ["2201.09999", 2, "replace-cross", ["math.OC", "cs.LG"]],
      ["hep-th/9901001", 4, "cross", ["hep-th", "cs.LG"]],
      ["2301.05555", 0, "new", []],
    ]);
    expect(digest.papers.map((p) => p.titleRaw)).toEqual([
      "Tokens Like <think> in Reasoning Models",
      "A Replaced Paper",
      "A Cross-listed Statistics Paper",
      "Why Replace a Cross-list?",
      "<script>alert(1)</script> and Strings",
      "No Suffix Here",
    ]);
    expect(digest.papers[0].facts.announcements).toEqual([{ date: "2023-01-11", type: "new", listing: "cs.LG" }]);
  });

  it("reads the abstract out of its escaped HTML as text, double escapes as the characters they stand for", () => {
    expect(digest.papers[0].abstractRaw).toBe("We study the <think> token, R&D, H2O and $x < y$, wrapped over lines as arXiv wraps them.");
    expect(digest.papers[3].abstractRaw).toBe("Optimisation, linked.");
  });

  it("reads the authors from the escaped links, without their markup or affiliations", () => {
    expect(digest.papers.map((p) => p.facts.authors)).toEqual([
      ["Ann Lee", "Bo Chen"],
      ["Cy Dee", "Dan O'Brien"],
      ["Eve Eve"],
      ["<script>Fay"],
      ["Gus Gee"],
      ["Hal Ho", "Ida Ito"],
    ]);
  });

  it("traces each paper to its item's line, and says what it skipped or could not read", () => {
    const ids = ["2301.01234", "2212.04567", "2301.07777", "2201.09999", "hep-th/9901001", "2301.05555"];
    expect(digest.papers.map((p) => p.sources[0].line)).toEqual(ids.map((id) => lineOf(`<item rdf:about="http://arxiv.org/abs/${id}">`)));
    const skipped = lineOf('<item rdf:about="http://arxiv.org/abs/2301.06666">');
    expect(digest.warnings).toEqual([{ file: FILE, line: skipped, message: "item without a description; skipped" }]);
  });

  it("warns of an announcement it does not know, and of an item without any arXiv id", () => {
    const odd = RDF.replace("[cs.LG] UPDATED)", "[cs.LG] WITHDRAWN)").replace(
      '<item rdf:about="http://arxiv.org/abs/2301.05555">\n<title>No Suffix Here</title>\n<link>http://arxiv.org/abs/2301.05555</link>',
      "<item>\n<title>No Suffix Here</title>",
    );
    const { papers, warnings } = parseDigest(odd, FILE, "2023-01-11");
    expect(papers[1].facts.announcements[0].type).toBe("new");
    expect(papers[5].facts.arxivId).toBe("");
    expect(warnings).toEqual([
      {
        file: FILE,
        line: lineOf("A Replaced Paper", odd) - 1,
        message: 'unknown announcement "WITHDRAWN" in the title of "A Replaced Paper"; read without it',
      },
      { file: FILE, line: lineOf("No Suffix Here", odd) - 1, message: 'item "No Suffix Here" carries no arXiv id; read without one' },
      { file: FILE, line: lineOf("2301.06666", odd), message: "item without a description; skipped" },
    ]);
  });

  it("takes the listing from the channel's link when its title does not name it, and no listing from arXiv's home page", () => {
    const linked = RDF.replace(
      "<title>cs.LG updates on arXiv.org</title>\n<link>http://arxiv.org/</link>",
      "<title>arXiv</title>\n<link>http://export.arxiv.org/rss/stat.ML</link>",
    );
    expect(parseDigest(linked, FILE, "2023-01-11").papers[2].facts.announcements).toEqual([{ date: "2023-01-11", type: "cross", listing: "stat.ML" }]);
    // A whole archive's listing is no category of its own; a category without subdivisions (hep-th) is.
    const archive = parseDigest(RDF.replace("cs.LG updates", "cs updates"), FILE, "2023-01-11").papers;
    expect(archive.map((p) => p.facts.categories)).toEqual([["cs.LG"], ["cs.LG"], ["stat.ML"], ["math.OC"], ["hep-th"], []]);
    const hepTh = parseDigest(RDF.replace("cs.LG updates", "hep-ex updates"), FILE, "2023-01-11").papers;
    expect(hepTh[4].facts.categories).toEqual(["hep-th", "hep-ex"]);
    const unnamed = RDF.replace("<title>cs.LG updates on arXiv.org</title>", "<title>arXiv</title>");
    expect(parseDigest(unnamed, FILE, "2023-01-11").papers[0].facts.announcements).toEqual([]);
  });
});

describe("text out of a listing's HTML", () => {
  it("drops HTML elements but keeps what only looks like one, and decodes character references once", () => {
    expect(htmlToText("<p>A <b>bold</b> <think> step,<br>then &amp;lt;x&amp;gt; &eacute;&#233;&#x27; \\{x\\}</p><p>Next</p>")).toBe(
      " A bold <think> step, then &lt;x&gt; éé' \\{x\\}  Next ",
    );
  });

  it("takes author names from creator links, else from a list of names", () => {
    expect(creatorNames("<a href=\"x\">Ann Lee</a> (1), <a href='y'>Bo Chen</a> ((1) Uni)")).toEqual(["Ann Lee", "Bo Chen"]);
    expect(creatorNames("Ann Lee, Bo Chen, and Cy Dee &amp; Co")).toEqual(["Ann Lee", "Bo Chen", "Cy Dee & Co"]);
  });
});
