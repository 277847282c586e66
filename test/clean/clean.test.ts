import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanTitleOrAbstract } from "../../src/clean/index.ts";
import { clean } from "../../src/stages/clean.ts";
import { splitMath } from "../../src/clean/math.ts";
import { cleanLatex } from "../../src/clean/latex.ts";
import { toMarkdown, toPlainText } from "../../src/clean/markdown.ts";
import { cleanText, collapseWhitespace } from "../../src/clean/text.ts";
import { paperId } from "../../src/identity.ts";
import { dedupe } from "../../src/stages/dedupe.ts";
import { newPaper } from "../../src/paper.ts";
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
    ["power-law exponents---the \"steepness\"", "power-law exponents—the \"steepness\""],
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

  it("turns {\\it x} into emphasis in Markdown and plain x elsewhere", () => {
    const text = cleanLatex("fully {\\it single-loop} manner");
    expect(toMarkdown(text)).toBe("fully *single-loop* manner");
    expect(toPlainText(text)).toBe("fully single-loop manner");
  });
});

describe("real TeX math", () => {
  it("finds $…$, $$…$$ and \\(…\\) but not prices", () => {
    expect(splitMath("costs $5 and $10 today").every((s) => !s.math)).toBe(true);
    expect(splitMath("a $x^2$ b $$y$$ c \\(z\\) d").filter((s) => s.math).map((s) => s.text)).toEqual(["x^2", "y", "z"]);
  });

  it("writes math as Unicode in plain text and keeps the TeX in Markdown", () => {
    expect(cleanTitleOrAbstract("rate $\\mathcal{O}(\\sqrt{T}\\log T)$ with $\\frac{1}{\\epsilon^2}$ samples, $5 each")).toEqual({
      plain: "rate 𝒪(√T log T) with 1/(ε²) samples, $5 each",
      markdown: "rate $\\mathcal{O}(\\sqrt{T}\\log T)$ with $\\frac{1}{\\epsilon^2}$ samples, \\$5 each",
    });
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
    expect(clean(readDigest(SAMPLE).papers, undefined, 10)).toEqual(papers);
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
    const [p] = clean([newPaper({ titleRaw: "T", abstractRaw: "1. Use *stars* and [links](x) & <b>tags</b> with $5.", date: "2025-03-17", rank: 1, source: { file: "f", line: 1 } })]);
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
