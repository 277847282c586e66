/**
 * LaTeX residue → readable text. Scraped abstracts lose their backslashes and dollar
 * signs, leaving `sigma_{1:T}^2`, `mathcal O(K^{2/3})`, `D{to}infty`, `90\%`, `T\"ulu`.
 * Each rule below is a small pure function over the text; `cleanLatex` applies them in
 * order. Rules only fire on shapes ordinary prose does not have, so words such as
 * "sigmoid", "alphabet" or "Delta" stay as they are.
 */

import { findUrls } from "./urls.ts";

/** Emphasis markers (private-use characters) that `clean/markdown.ts` turns into `*…*`. */
export const EM_OPEN = "\uE000";
export const EM_CLOSE = "\uE001";

export interface Rule {
  name: string;
  apply: (text: string) => string;
}

const GREEK: Record<string, string> = {
  alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", varepsilon: "ε", zeta: "ζ", eta: "η",
  theta: "θ", vartheta: "ϑ", iota: "ι", kappa: "κ", lambda: "λ", mu: "μ", nu: "ν", xi: "ξ", pi: "π",
  rho: "ρ", sigma: "σ", tau: "τ", upsilon: "υ", phi: "φ", varphi: "φ", chi: "χ", psi: "ψ", omega: "ω",
  Gamma: "Γ", Delta: "Δ", Theta: "Θ", Lambda: "Λ", Xi: "Ξ", Pi: "Π", Sigma: "Σ", Upsilon: "Υ", Phi: "Φ",
  Psi: "Ψ", Omega: "Ω",
};
const GREEK_NAMES = Object.keys(GREEK).sort((a, b) => b.length - a.length).join("|");

const SYMBOLS: Record<string, string> = {
  to: "→", rightarrow: "→", leftarrow: "←", times: "×", cdot: "·", pm: "±", mp: "∓", leq: "≤", le: "≤",
  geq: "≥", ge: "≥", neq: "≠", ne: "≠", approx: "≈", sim: "∼", propto: "∝", infty: "∞", in: "∈",
  subset: "⊂", subseteq: "⊆", cup: "∪", cap: "∩", sum: "∑", prod: "∏", int: "∫", partial: "∂",
  nabla: "∇", forall: "∀", exists: "∃", ell: "ℓ", log: "log", exp: "exp", min: "min", max: "max",
  "=": "=", "+": "+", "-": "−", "<": "<", ">": ">",
};

const ACCENTS: Record<string, string> = { '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304", ".": "\u0307", c: "\u0327", v: "\u030C", u: "\u0306", H: "\u030B" };

const SUPERSCRIPT: Record<string, string> = {
  "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
  "+": "⁺", "-": "⁻", "−": "⁻", "=": "⁼", "(": "⁽", ")": "⁾", n: "ⁿ", i: "ⁱ", T: "ᵀ", k: "ᵏ", d: "ᵈ", t: "ᵗ", "*": "*",
};
const SUBSCRIPT: Record<string, string> = {
  "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈", "9": "₉",
  "+": "₊", "-": "₋", "=": "₌", "(": "₍", ")": "₎", a: "ₐ", e: "ₑ", h: "ₕ", i: "ᵢ", j: "ⱼ", k: "ₖ", l: "ₗ",
  m: "ₘ", n: "ₙ", o: "ₒ", p: "ₚ", r: "ᵣ", s: "ₛ", t: "ₜ", u: "ᵤ", v: "ᵥ", x: "ₓ",
};

/** Unicode super/subscript for a script's content, or `^(…)` / `_(…)` when Unicode has no glyph for it. */
function script(content: string, table: Record<string, string>, mark: "^" | "_"): string {
  const chars = [...content.replace(/\s+/g, "")];
  if (chars.length > 0 && chars.every((c) => c in table)) return chars.map((c) => table[c]).join("");
  return chars.length === 1 ? `${mark}${content}` : `${mark}(${content})`;
}

/**
 * A rule replacing `pattern`. `needs`: strings of which every match holds at least one; a text
 * without any is passed over unread (most abstracts have no backslash, brace or script at all).
 */
const rule = (name: string, pattern: RegExp, replace: string | ((...m: string[]) => string), needs?: string[]): Rule => ({
  name,
  apply: (text) => (needs && !needs.some((n) => text.includes(n)) ? text : text.replace(pattern, replace as (substring: string, ...args: string[]) => string)),
});

const BACKSLASH = ["\\"];

/** \url{https://…} (often glued to the previous word) → the URL itself, set off by a space. */
const unwrapUrls = rule("url", /(\S?)\\?url\{([^{}\s]+)\}/g, (_, before: string, url: string) => `${before}${before ? " " : ""}${url}`, ["url{"]);

export const RULES: Rule[] = [
  // {\it x}, {\em x}, \textit{x}, \emph{x} → emphasised x.
  rule("emphasis", /\{\\(?:it|em|sl)\s+([^{}]+)\}|\\(?:textit|emph)\{([^{}]+)\}/g, (_, a?: string, b?: string) => `${EM_OPEN}${(a ?? b)!.trim()}${EM_CLOSE}`, BACKSLASH),
  // {\bf x}, \textbf{x}, \textsc{x}, \texttt{x} → x.
  rule("plain-styles", /\{\\(?:bf|rm|sc|tt|sf)\s+([^{}]+)\}|\\text(?:bf|sc|tt|sf|rm|normal)?\{([^{}]+)\}/g, (_, a?: string, b?: string) => (a ?? b)!.trim(), BACKSLASH),
  // Font-size commands whose backslash was lost, glued to the next word: "scriptsizeFLaws" → "FLaws".
  rule("size-commands", /\\?(?:scriptsize|footnotesize|normalsize|tiny)(?=[A-Z])|\\(?:small|large|Large|LARGE|huge|Huge)\b\s*/g, "", ["\\", "scriptsize", "footnotesize", "normalsize", "tiny"]),
  // Accents: T\"ulu → Tülu, \'e → é, \c{c} → ç.
  rule("accents", /\\(["'`^~=.]|[cvuH](?=[{\s]))\s*\{?([A-Za-z])\}?/g, (_, accent: string, letter: string) => (letter + ACCENTS[accent]).normalize("NFC"), BACKSLASH),
  // Math-mode layout commands: \frac{a}{b} → a/b, \mathrm{x} → x, \left( → (, \hat{x} → x̂.
  rule("fraction", /\\[dt]?frac\s*\{([^{}]+)\}\s*\{([^{}]+)\}/g, (_, a: string, b: string) => `${/^\w+$/.test(a) ? a : `(${a})`}/${/^\w+$/.test(b) ? b : `(${b})`}`, BACKSLASH),
  rule("roman", /\\(?:mathrm|mathit|mathbf|mathsf|operatorname|boldsymbol)\s*\{([^{}]+)\}/g, "$1", BACKSLASH),
  rule("delimiters", /\\(?:left|right|big|Big|bigg|Bigg)[lr]?\s*(?=[()[\]|.]|\\[{}])|\\(?:left|right)\./g, "", BACKSLASH),
  rule("math-accents", /\\(hat|bar|tilde|vec|dot)\s*\{?([A-Za-z])\}?/g, (_, accent: string, letter: string) => (letter + ({ hat: "\u0302", bar: "\u0304", tilde: "\u0303", vec: "\u20D7", dot: "\u0307" } as Record<string, string>)[accent]).normalize("NFC"), BACKSLASH),
  rule("escaped-braces", /\\([{}])/g, "$1", BACKSLASH),
  // Escaped specials: 90\% → 90%, R\&D → R&D.
  rule("escaped-specials", /\\([%&_#$])/g, "$1", BACKSLASH),
  // Spacing commands: i.\,i.\,d → i.i.d; "\ " → space.
  rule("spacing", /\\[,;:!](?:\s*)|\\(?= )/g, "", BACKSLASH),
  // TeX's dashes: "exponents---the" → "exponents—the"; " -- ", 10--20 and Kullback--Leibler → en dash. "--flag" stays.
  rule("dashes", /(?<!-)---(?!-)|(?<=\s)--(?=\s)|(?<=[\p{L}\p{N}])--(?=[\p{L}\p{N}])/gu, (dash: string) => (dash === "---" ? "—" : "–"), ["--"]),
  // mathcal{O}( / mathcal O( → 𝒪(, mathbb{R} → ℝ, mathbb E → 𝔼.
  rule("calligraphic", /\\?mathcal\s*\{?([A-Z])\}?/g, (_, c: string) => String.fromCodePoint(({ B: 0x212c, E: 0x2130, F: 0x2131, H: 0x210b, I: 0x2110, L: 0x2112, M: 0x2133, R: 0x211b } as Record<string, number>)[c] ?? 0x1d49c + c.charCodeAt(0) - 65), ["mathcal"]),
  rule("blackboard", /\\?mathbb\s*\{?([A-Z])\}?/g, (_, c: string) => String.fromCodePoint(({ C: 0x2102, H: 0x210d, N: 0x2115, P: 0x2119, Q: 0x211a, R: 0x211d, Z: 0x2124 } as Record<string, number>)[c] ?? 0x1d538 + c.charCodeAt(0) - 65), ["mathbb"]),
  // Operators in braces, a trick to keep them from being typeset: D{to}infty, 64{times}64, N{+}D, D{=}2048.
  rule("braced-operators", /\\?\{\\?(to|rightarrow|leftarrow|times|cdot|pm|mp|leq|le|geq|ge|neq|ne|approx|sim|propto|infty|in|=|\+|-|<|>)\}/g, (_, op: string) => SYMBOLS[op], ["{"]),
  // infty after an operator or bracket, or on its own: D→infty → D→∞.
  rule("infinity", /\\?(?<![A-Za-z])infty(?![A-Za-z])/g, "∞", ["infty"]),
  // sqrt K, sqrt{K}, sqrt(n) → √K, √(n).
  rule("square-root", /\\?(?<![A-Za-z])sqrt\s*(?:\{([^{}]+)\}|(?=\()|([A-Za-z0-9]+))/g, (_, braced?: string, bare?: string) => {
    const arg = braced ?? bare ?? "";
    return `√${arg.length > 1 && braced ? `(${arg})` : arg}`;
  }, ["sqrt"]),
  // Greek letters in a mathematical position: before _ ^ { ( or in "epsilon-stationary"; may follow other
  // symbols directly ("nLvarepsilon^{-1}"). Plain words such as "sigmoid" or "Alpha" never match.
  rule("greek", new RegExp(`\\\\?(${GREEK_NAMES})(?=[_^{(]|-(?:stationary|optimal|approximate|greedy|net|close|accurate|differential|smooth|strongly)\\b)`, "g"), (_, name: string) => GREEK[name]),
  // Backslashed commands that survived (\alpha, \leq, \log) → their symbol.
  rule("commands", new RegExp(`\\\\(${GREEK_NAMES}|to|times|cdot|pm|leq|geq|neq|approx|sim|infty|sum|ell|partial|nabla)(?![A-Za-z])`, "g"), (_, name: string) => GREEK[name] ?? SYMBOLS[name], BACKSLASH),
  // Function names keep a space from what precedes them: \sqrt{T}\log T → √T log T.
  rule("function-names", /(\S?)\\(log|ln|exp|min|max|sup|inf|sin|cos|tan|det|arg ?min|arg ?max|Pr)(?![A-Za-z])/g, (_, before: string, name: string) => `${before}${before && !/[\s(]/.test(before) ? " " : ""}${name}`, BACKSLASH),
  // Superscripts and subscripts in braces, or a single character after ^ (2^10, K^2, epsilon^{-3}).
  rule("superscript", /\^\{([^{}]*)\}|\^(-?[0-9]+|[A-Za-z*])/g, (_, braced?: string, bare?: string) => script((braced ?? bare)!, SUPERSCRIPT, "^"), ["^"]),
  rule("subscript", /(?<=[\p{L}\p{N})\]])_\{([^{}]*)\}|(?<=[α-ωΑ-Ω])_([0-9A-Za-z])/gu, (_, braced?: string, bare?: string) => script((braced ?? bare)!, SUBSCRIPT, "_"), ["_"]),
  // Set braces after min / max, once the scripts inside are resolved: min{a, b} → min(a, b).
  rule("function-braces", /\b(min|max|sup|inf|argmin|argmax)\{([^{}]*)\}/g, "$1($2)", ["{"]),
];

/** Unwraps \url{…}, then applies every rule, in order, to the text outside URLs (a URL's `_` or `{` is not math). */
export function cleanLatex(raw: string): string {
  const text = unwrapUrls.apply(raw);
  let result = "";
  let last = 0;
  for (const span of findUrls(text)) {
    result += applyRules(text.slice(last, span.start)) + text.slice(span.start, span.end);
    last = span.end;
  }
  return result + applyRules(text.slice(last));
}

function applyRules(text: string): string {
  return RULES.reduce((current, r) => r.apply(current), text);
}
