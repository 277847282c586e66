import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanTitleOrAbstract } from "../../src/text/clean.ts";
import { clean } from "../../src/ingest/stages/clean.ts";
import { splitMath } from "../../src/text/math.ts";
import { cleanLatex } from "../../src/text/latex.ts";
import { toMarkdown, toPlainText } from "../../src/text/markdown.ts";
import { markdownLibrary, plainMathMarkdownLibrary } from "../../src/render/markdown.ts";
import { cleanText, collapseWhitespace } from "../../src/text/plain.ts";
import { paperId } from "../../src/model/identity.ts";
import { dedupe } from "../../src/ingest/stages/dedupe.ts";
import { newPaper } from "../../src/model/paper.ts";
import { readDigest } from "../../src/sources/index.ts";
import { SAMPLE } from "../helpers.ts";

const readable = (text: string) => toPlainText(cleanLatex(text));

describe("LaTeX residue", () => {
  it.each([
    // From the sample digest.
    ["sigma_{1:T}^2", "σ_(1:T)²"],
    ["Sigma_{max}^2", "Σₘₐₓ²"],
    ["mathcal O(K^{2/3})", "𝒪(K^(2/3))"],
    ["mathcal{O}( n + nLvarepsilon^{-1})", "𝒪( n + nLε⁻¹)"],
    ["O(sqrt K)", "O(√K)"],
    ["as D{to}infty", "as D→∞"],
    ["N{+}D", "N+D"],
    ["D{=}2048", "D=2048"],
    ["64{times}64", "64×64"],
    ["90\\%", "90%"],
    ['T\\"ulu 3', "Tülu 3"],
    ["i.\\,i.\\,d", "i.i.d"],
    ["O(epsilon^{-3})", "O(ε⁻³)"],
    ["an epsilon-stationary point", "an ε-stationary point"],
    ["O(min{log T, K})", "O(min(log T, K))"],
    ["Inference Scaling scriptsizeFLaws: The Limits", "Inference Scaling FLaws: The Limits"],
    ["advancements\\url{https://github.com/a/b}.", "advancements https://github.com/a/b."],
    ['power-law exponents---the "steepness"', 'power-law exponents—the "steepness"'],
    ["artifacts openly -- models at 7B", "artifacts openly – models at 7B"],
    ["pages 10--20 and Kullback--Leibler", "pages 10–20 and Kullback–Leibler"],
    // Real LaTeX with its backslashes.
    ["\\alpha_{i} \\leq \\beta^2", "αᵢ ≤ β²"],
    ["R\\&D at 2^10 scale", "R&D at 2¹⁰ scale"],
    ["\\'Ecole and Erd\\H{o}s", "École and Erdős"],
  ])("%s → %s", (input, output) => {
    expect(readable(input)).toBe(output);
  });

  it.each([
    "sigmoid activations",
    "the alphabet soup",
    "Delta Airlines and a beta version",
    "Sigmund Freud, Epsilon Inc. and the Nile delta",
    "snake_case_names stay",
    "x^y is kept when there is no glyph",
    "a small model and a Large one",
    "tiny networks",
    "https://github.com/org/repo_name/tree/main/sub_dir?x=sqrt",
    "O(n log n) time with 100% recall",
    "run it with --fast, under a rule ----",
    "https://example.org/a--b---c",
  ])("leaves %s alone", (text) => {
    expect(readable(text)).toBe(text);
  });

  it.each([
    ["We call it ``grounding'' and `local' search; it's ours", "We call it “grounding” and ‘local’ search; it's ours"],
    ["at 30 {\\deg}C, 5\\deg C or 20^{\\circ}C", "at 30 °C, 5°C or 20°C"],
    ["\\textsc{Llama} in \\texttt{vllm}, \\textbf{bold} \\mbox{box}", "Llama in vllm, bold box"],
    ["R\\&D, a\\_b, \\#1, \\$3, 5\\%", "R&D, a_b, #1, $3, 5%"],
    ["Fig.~3 and et~al. but ~100 stays", "Fig.\u00a03 and et\u00a0al. but ~100 stays"],
    ["wait\\ldots{} more\\dots, 1\\textendash 2\\textemdash end", "wait… more…, 1–2—end"],
    ["5\\textmu{}m, 2\\texttimes{} and \\textsection{}3", "5μm, 2× and §3"],
    ["5 \\AA{} resolution in Stra\\ss e and Sch{\\o}n, \\'{\\i}", "5 Å resolution in Straße and Schøn, í"],
    ['Schr{\\"o}dinger and \\"{u} and {\\"u}', "Schrödinger and ü and ü"],
    ["\\LaTeX{} and \\TeX, \\ie this, \\eg that", "LaTeX and TeX, i.e. this, e.g. that"],
    ["as shown in~\\cite{a,b}. See \\href{https://x.org/a}{our code}", "as shown in. See our code (https://x.org/a)"],
    ["the 2\\textsuperscript{nd} line\\\\ next", "the 2ⁿᵈ line next"],
    ["our \\ours{} beats the \\boxed{} format", "our ours beats the boxed format"],
    // Hugging Face's abstracts lose the backslash: \times, \href.
    ["2.5times higher, from 1.58times to 1.44times;", "2.5× higher, from 1.58× to 1.44×;"],
    ["1.41 times$that, US$ 5, A$100 and $.5, unclosed \\( a", "1.41 times that, US$ 5, A$100 and $.5, unclosed a"],
    ["\\k{a} \\r{a} Wa\\-ter, e.g.\\@ \\footnotesize small\\hspace{1em}gap \\textcolor{red}{hot} \\color{blue}cold", "ą å Water, e.g. small gap hot cold"],
    ["in the repository ~https://github.com/a/b{here}.", "in the repository here (https://github.com/a/b)."],
    ["at: https://github.com/a/b{github.com/a/b}.", "at: https://github.com/a/b."],
  ])("text macro %s → %s", (input, output) => {
    expect(readable(input)).toBe(output);
  });

  it.each([
    ["\\mathbbm{1}[x \\le y] \\Rightarrow a \\lesssim b", "𝟙[x ≤ y] ⇒ a ≲ b"],
    ["\\sum_i x_i^2 = \\bm{w}^\\top", "∑ᵢ xᵢ² = w^⊤"],
    ["\\mathfrak{g} \\coloneqq \\lbrace a, b \\rbrace", "g ≔ { a, b }"],
    ["\\begin{cases} a & b \\\\ c \\end{cases}", "a b c"],
    ["f(x)~\\quad\\text{if}~x", "f(x)  if x"],
    // arXiv's API writes some Greek letters in Unicode, also after a command: \mathbfθ, \tildeΘ.
    ["X \\sim N(\\mathbfθ, I) and \\tildeΘ(n) or \\tilde{\\Theta}(n), \\hat x", "X ∼ N(θ, I) and Θ̃(n) or Θ̃(n), x̂"],
    ["\\{1, \\dots, n\\} and \\nabla f/\\|\\nabla f\\|", "{1, …, n} and ∇ f/‖∇ f‖"],
    // A paper's own shorthands: \RR, \wt.
    ["M \\in \\RR^{d} and n \\geq \\wt O(r)", "M ∈ ℝᵈ and n ≥ Õ(r)"],
  ])("math %s reads %s", (input, output) => {
    expect(toPlainText(cleanLatex(input, true)).trim()).toBe(output);
  });

  it.each(["don't stop", "it's `code` and 'quoted'", "tokens such as \\n and \\t", "~/.cache and a~ b"])("leaves %s alone", (text) => {
    expect(readable(text)).toBe(text);
  });

  it("turns {\\it x} into emphasis in Markdown and plain x elsewhere", () => {
    const text = cleanLatex("fully {\\it single-loop} manner");
    expect(toMarkdown(text)).toBe("fully *single-loop* manner");
    expect(toPlainText(text)).toBe("fully single-loop manner");
  });
});

describe("real TeX math", () => {
  it("finds $…$, $$…$$ and \\(…\\) but not prices", () => {
    expect(splitMath("costs $5 and $10 today").every((s) => !s.math)).toBe(true);
    expect(
      splitMath("a $x^2$ b $$y$$ c \\(z\\) d")
        .filter((s) => s.math)
        .map((s) => s.text),
    ).toEqual(["x^2", "y", "z"]);
  });

  it("finds display math, and math a digit follows when its TeX says so, but not an escaped dollar", () => {
    const math = (text: string) =>
      splitMath(text)
        .filter((s) => s.math)
        .map(({ text, display }) => ({ text, display }));
    expect(math("a \\[ x \\] b \\begin{equation*} y \\end{equation*} c $$z$$")).toEqual([
      { text: "x", display: true },
      { text: "\\begin{equation*} y \\end{equation*}", display: true },
      { text: "z", display: true },
    ]);
    expect(math("$\\sim$5% of $x$, \\$5 or $y$ and $>$90%")).toEqual([
      { text: "\\sim", display: undefined },
      { text: "x", display: undefined },
      { text: "y", display: undefined },
      { text: ">", display: undefined },
    ]);
  });

  it("keeps a tie next to math", () => {
    expect(cleanTitleOrAbstract("the index set of~$X$ and $Y$~is").plain).toBe("the index set of\u00a0X and Y\u00a0is");
  });

  it("writes math that is really text as text, in the Markdown too", () => {
    expect(cleanTitleOrAbstract("GPT$^4$ and x$_i$ at 20$^\\circ$C, 10$\\times$ faster, $\\sim$5\\% off, $\\le$ 3 and $n$ items")).toEqual({
      plain: "GPT⁴ and xᵢ at 20°C, 10× faster, ∼5% off, ≤ 3 and n items",
      markdown: "GPT⁴ and xᵢ at 20°C, 10× faster, ∼5% off, ≤ 3 and $n$ items",
    });
    expect(cleanTitleOrAbstract("so \\[ \\sum_i x_i \\] holds")).toEqual({ plain: "so ∑ᵢ xᵢ holds", markdown: "so $$\\sum_i x_i$$ holds" });
  });

  it("writes math as Unicode in plain text and keeps the TeX in Markdown", () => {
    expect(cleanTitleOrAbstract("rate $\\mathcal{O}(\\sqrt{T}\\log T)$ with $\\frac{1}{\\epsilon^2}$ samples, $5 each")).toEqual({
      plain: "rate 𝒪(√T log T) with 1/(ε²) samples, $5 each",
      markdown: "rate $\\mathcal{O}(\\sqrt{T}\\log T)$ with $\\frac{1}{\\epsilon^2}$ samples, \\$5 each",
    });
  });
});

describe("math on the site and in the feeds", () => {
  const site = markdownLibrary();
  const feed = plainMathMarkdownLibrary();
  const render = (raw: string) => site.render(cleanTitleOrAbstract(raw).markdown);

  it("renders math KaTeX cannot render as its source in <code>, never as an error", () => {
    for (const tex of ["\\mathbbm{1}_{x}", "\\href{https://a.org}{x}", "\\begin{unknown} x"]) {
      const html = render(`a $${tex}$ b`);
      expect(html).toBe(`<p>a <code>${site.utils.escapeHtml(tex)}</code> b</p>\n`);
    }
  });

  it("knows the shorthands papers define, such as \\RR and \\wt", () => {
    expect(render("$M \\in \\RR^{d}$ with $\\wt O(r)$")).not.toContain("<code>");
  });

  it("renders math glued to a word, and display math inside the paragraph", () => {
    const html = render("GPT$^{4o}$ with $n$th \\[ x^2 \\] end");
    expect(html.replace(/<math[^]*?<\/math>/g, "M").replace(/<\/?span[^>]*>/g, "")).toBe("<p>GPTM with Mth M end</p>\n");
    expect(html).toContain('display="block"');
  });

  it("drops math with nothing in it rather than show its delimiters", () => {
    expect(cleanTitleOrAbstract("An empty display \\[ \\] and $$ $$ here.")).toEqual({
      plain: "An empty display and here.",
      markdown: "An empty display and here.",
    });
  });

  it("writes the same math as Unicode in the feeds", () => {
    const { markdown } = cleanTitleOrAbstract("GPT$^{4o}$ has $\\mathbbm{1}_{x} \\le \\alpha$ \\[ x^2 \\] end");
    expect(feed.render(markdown)).toBe("<p>GPT^(4o) has 𝟙ₓ ≤ α x² end</p>\n");
  });
});

describe("text hygiene", () => {
  it("normalises Unicode, collapses whitespace and drops XML-illegal characters", () => {
    expect(cleanText("Cafe\u0301 \u0007bell\u0000  and\u000B\n tab\u0085s\uFFFE \uE000marker")).toBe("Café bell and tabs marker");
  });
});

describe("the clean stage on the sample", () => {
  const papers = clean(readDigest(SAMPLE).papers);

  it("cleans the same when half the papers are cleaned in a worker thread", () => {
    expect(clean(readDigest(SAMPLE).papers, { parallelFrom: 10 })).toEqual(papers);
  });

  it("leaves no residue the sample is known for", () => {
    const all = papers.map((p) => `${p.title} ${p.abstract}`).join("\n");
    for (const residue of ["mathcal", "sigma_", "{to}", "{times}", "\\%", '\\"', "\\,", "{\\it", "url{", "scriptsize", "infty", " -- ", "---"]) {
      expect(all, residue).not.toContain(residue);
    }
    expect(all).toContain("Tülu 3");
    expect(all).toContain("𝒪(√K)");
  });

  it("keeps the scraped text, and identity comes from it, so a better cleaner never renames a paper", () => {
    const flaws = dedupe(papers).find((p) => p.title.startsWith("Inference Scaling FLaws"))!;
    expect(flaws.titleRaw).toBe("Inference Scaling scriptsizeFLaws: The Limits of LLM Resampling with Imperfect Verifiers");
    expect(flaws.id).toBe(paperId(flaws.titleRaw, flaws.abstractRaw));
  });

  it("makes the URL in a \\url{} a real link in the Markdown", () => {
    const tool = papers.find((p) => p.title === "Tool-Augmented Reward Modeling")!;
    expect(tool.abstractMarkdown).toContain("advancements <https://github.com/ernie-research/Tool-Augmented-Reward-Model>.");
  });

  it("escapes Markdown syntax in abstracts", () => {
    const [p] = clean([
      newPaper({
        titleRaw: "T",
        abstractRaw: "1. Use *stars* and [links](x) & <b>tags</b> with $5.",
        date: "2025-03-17",
        rank: 1,
        source: { file: "f", line: 1 },
      }),
    ]);
    expect(p.abstractMarkdown).toBe("1\\. Use \\*stars\\* and \\[links\\](x) \\& \\<b\\>tags\\</b\\> with \\$5.");
  });
});

describe("collapseWhitespace", () => {
  it("turns every run of whitespace into one space and trims the ends", () => {
    const piece = fc.constantFrom("a", "bc", " ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2009", "\u3000", "x y");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join("");
        expect(collapseWhitespace(text)).toBe(text.replace(/\s+/g, " ").trim());
      }),
    );
  });
});
