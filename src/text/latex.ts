/**
 * LaTeX residue → readable text. Scraped abstracts lose their backslashes and dollar
 * signs, leaving `sigma_{1:T}^2`, `mathcal O(K^{2/3})`, `D{to}infty`, `90\%`, `T\"ulu`.
 * Real TeX in arXiv's own text keeps them: ``quotes'', {\deg}C, \emph{…}, Erd\H{o}s, \ldots.
 * Each rule below is a small pure function over the text; `cleanLatex` applies them in
 * order. Rules only fire on shapes ordinary prose does not have, so words such as
 * "sigmoid", "alphabet" or "Delta" stay as they are. Inside math (`$…$`, whose TeX the
 * plain text and the feeds need as text) a few more rules apply, marked `math`, and a
 * few prose-only ones (quotes, braces, a lone `~`) do not.
 */

import { findUrls } from "./urls.ts";

/** Emphasis markers (private-use characters) that `src/text/markdown.ts` turns into `*…*`. */
export const EM_OPEN = "\uE000";
export const EM_CLOSE = "\uE001";

export interface Rule {
  name: string;
  apply: (text: string) => string;
  /** Only inside math (`true`), only outside it (`false`), or both (absent). */
  math?: boolean;
}

const GREEK: Record<string, string> = {
  alpha: "α",
  beta: "β",
  gamma: "γ",
  delta: "δ",
  epsilon: "ε",
  varepsilon: "ε",
  zeta: "ζ",
  eta: "η",
  theta: "θ",
  vartheta: "ϑ",
  iota: "ι",
  kappa: "κ",
  lambda: "λ",
  mu: "μ",
  nu: "ν",
  xi: "ξ",
  pi: "π",
  rho: "ρ",
  sigma: "σ",
  tau: "τ",
  upsilon: "υ",
  phi: "φ",
  varphi: "φ",
  chi: "χ",
  psi: "ψ",
  omega: "ω",
  Gamma: "Γ",
  Delta: "Δ",
  Theta: "Θ",
  Lambda: "Λ",
  Xi: "Ξ",
  Pi: "Π",
  Sigma: "Σ",
  Upsilon: "Υ",
  Phi: "Φ",
  Psi: "Ψ",
  Omega: "Ω",
};
/** A table's names as a regex alternation, longest first, so that no name is cut short by a shorter one it begins with. */
function alternation(table: Record<string, string>): string {
  return Object.keys(table)
    .sort((a, b) => b.length - a.length)
    .join("|");
}

const GREEK_NAMES = alternation(GREEK);
/** A Greek letter's command (\\alpha): a variable, as a Latin letter is. */
export const GREEK_COMMAND = new RegExp(`\\\\(?:${GREEK_NAMES})(?![A-Za-z])`, "g");

const SYMBOLS: Record<string, string> = {
  to: "→",
  rightarrow: "→",
  leftarrow: "←",
  times: "×",
  cdot: "·",
  pm: "±",
  mp: "∓",
  leq: "≤",
  le: "≤",
  geq: "≥",
  ge: "≥",
  neq: "≠",
  ne: "≠",
  approx: "≈",
  sim: "∼",
  propto: "∝",
  infty: "∞",
  in: "∈",
  subset: "⊂",
  subseteq: "⊆",
  cup: "∪",
  cap: "∩",
  sum: "∑",
  prod: "∏",
  int: "∫",
  partial: "∂",
  nabla: "∇",
  forall: "∀",
  exists: "∃",
  ell: "ℓ",
  log: "log",
  exp: "exp",
  min: "min",
  max: "max",
  "=": "=",
  "+": "+",
  "-": "−",
  "<": "<",
  ">": ">",
};

const MATH_ACCENTS: Record<string, string> = {
  hat: "\u0302",
  widehat: "\u0302",
  bar: "\u0304",
  overline: "\u0305",
  tilde: "\u0303",
  widetilde: "\u0303",
  vec: "\u20D7",
  dot: "\u0307",
};
// What a math accent sits on: a letter, or a Greek letter's command; without braces only a command or a letter beyond ASCII.
const ACCENTED_UNBRACED = `\\\\(?:${GREEK_NAMES})(?![A-Za-z])|(?![A-Za-z])\\p{L}`;
const ACCENTED = `${ACCENTED_UNBRACED}|[A-Za-z]`;

/** Symbol commands written out in Unicode wherever a backslash keeps them (\le, \Rightarrow, \dagger). */
const COMMAND_SYMBOLS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(SYMBOLS).filter(([name]) => /^[a-z]+$/.test(name) && !/^(?:log|exp|min|max)$/.test(name))),
  ll: "≪",
  gg: "≫",
  leqslant: "⩽",
  geqslant: "⩾",
  lesssim: "≲",
  gtrsim: "≳",
  equiv: "≡",
  simeq: "≃",
  cong: "≅",
  asymp: "≍",
  coloneqq: "≔",
  triangleq: "≜",
  doteq: "≐",
  prec: "≺",
  succ: "≻",
  preceq: "⪯",
  succeq: "⪰",
  ast: "∗",
  star: "⋆",
  circ: "∘",
  bullet: "•",
  dagger: "†",
  ddagger: "‡",
  div: "÷",
  notin: "∉",
  ni: "∋",
  supset: "⊃",
  supseteq: "⊇",
  setminus: "∖",
  emptyset: "∅",
  varnothing: "∅",
  neg: "¬",
  lnot: "¬",
  land: "∧",
  lor: "∨",
  wedge: "∧",
  vee: "∨",
  oplus: "⊕",
  otimes: "⊗",
  odot: "⊙",
  Rightarrow: "⇒",
  Leftarrow: "⇐",
  leftrightarrow: "↔",
  Leftrightarrow: "⇔",
  iff: "⟺",
  implies: "⟹",
  longrightarrow: "⟶",
  mapsto: "↦",
  uparrow: "↑",
  downarrow: "↓",
  gets: "←",
  oint: "∮",
  hbar: "ℏ",
  aleph: "ℵ",
  top: "⊤",
  bot: "⊥",
  perp: "⊥",
  parallel: "∥",
  mid: "∣",
  vert: "|",
  Vert: "‖",
  lVert: "‖",
  rVert: "‖",
  lvert: "|",
  rvert: "|",
  langle: "⟨",
  rangle: "⟩",
  lceil: "⌈",
  rceil: "⌉",
  lfloor: "⌊",
  rfloor: "⌋",
  cdots: "⋯",
  vdots: "⋮",
  ddots: "⋱",
  ldots: "…",
  dots: "…",
  prime: "′",
  angle: "∠",
  triangle: "△",
  square: "□",
  checkmark: "✓",
  models: "⊨",
  vdash: "⊢",
  sharp: "♯",
  flat: "♭",
  colon: ":",
  S: "§",
  P: "¶",
  // Escaped, so that the last rules keep them as set braces where they drop TeX's grouping braces.
  lbrace: "\\{",
  rbrace: "\\}",
};
const COMMAND_NAMES = [...Object.keys(GREEK), ...Object.keys(COMMAND_SYMBOLS)].sort((a, b) => b.length - a.length).join("|");

/**
 * Shorthands papers define in their preambles and leave in their abstracts (\RR, \wt O, \eps), as TeX that
 * KaTeX (its `macros`) and the rules below know.
 */
export const AUTHOR_MACROS: Record<string, string> = {
  "\\RR": "\\mathbb{R}",
  "\\NN": "\\mathbb{N}",
  "\\ZZ": "\\mathbb{Z}",
  "\\QQ": "\\mathbb{Q}",
  "\\CC": "\\mathbb{C}",
  "\\EE": "\\mathbb{E}",
  "\\PP": "\\mathbb{P}",
  "\\wt": "\\widetilde",
  "\\wh": "\\widehat",
  "\\eps": "\\varepsilon",
};

/** Text-mode commands of LaTeX and of papers' preambles → what they print. */
const TEXT_COMMANDS: Record<string, string> = {
  ldots: "…",
  dots: "…",
  textellipsis: "…",
  textendash: "–",
  textemdash: "—",
  textbullet: "•",
  textdegree: "°",
  degree: "°",
  textregistered: "®",
  texttrademark: "™",
  copyright: "©",
  textcopyright: "©",
  pounds: "£",
  euro: "€",
  textbar: "|",
  textasciitilde: "~",
  textbackslash: "∖",
  textless: "<",
  textgreater: ">",
  textquotedblleft: "“",
  textquotedblright: "”",
  textquoteleft: "‘",
  textquoteright: "’",
  textmu: "μ",
  textpm: "±",
  texttimes: "×",
  textdagger: "†",
  textsection: "§",
  textunderscore: "_",
  textasciicircum: "^",
  textperiodcentered: "·",
  LaTeX: "LaTeX",
  TeX: "TeX",
  LaTeXe: "LaTeX2ε",
  BibTeX: "BibTeX",
  ie: "i.e.",
  eg: "e.g.",
  etal: "et al.",
  etc: "etc.",
  vs: "vs.",
  wrt: "w.r.t.",
  iid: "i.i.d.",
  cf: "cf.",
  AA: "Å",
  aa: "å",
  ss: "ß",
  o: "ø",
  O: "Ø",
  ae: "æ",
  AE: "Æ",
  oe: "œ",
  OE: "Œ",
  l: "ł",
  L: "Ł",
  i: "ı",
  j: "ȷ",
  par: " ",
  newline: " ",
  linebreak: " ",
  quad: " ",
  qquad: " ",
  hfill: " ",
};
const TEXT_COMMAND_NAMES = alternation(TEXT_COMMANDS);

const ACCENTS: Record<string, string> = {
  '"': "\u0308",
  "'": "\u0301",
  "`": "\u0300",
  "^": "\u0302",
  "~": "\u0303",
  "=": "\u0304",
  ".": "\u0307",
  c: "\u0327",
  v: "\u030C",
  u: "\u0306",
  H: "\u030B",
  k: "\u0328",
  r: "\u030A",
  d: "\u0323",
  b: "\u0331",
};

const SUPERSCRIPT: Record<string, string> = {
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
  "+": "⁺",
  "-": "⁻",
  "−": "⁻",
  "=": "⁼",
  "(": "⁽",
  ")": "⁾",
  n: "ⁿ",
  i: "ⁱ",
  T: "ᵀ",
  k: "ᵏ",
  d: "ᵈ",
  t: "ᵗ",
  "*": "*",
};
const SUBSCRIPT: Record<string, string> = {
  "0": "₀",
  "1": "₁",
  "2": "₂",
  "3": "₃",
  "4": "₄",
  "5": "₅",
  "6": "₆",
  "7": "₇",
  "8": "₈",
  "9": "₉",
  "+": "₊",
  "-": "₋",
  "=": "₌",
  "(": "₍",
  ")": "₎",
  a: "ₐ",
  e: "ₑ",
  h: "ₕ",
  i: "ᵢ",
  j: "ⱼ",
  k: "ₖ",
  l: "ₗ",
  m: "ₘ",
  n: "ₙ",
  o: "ₒ",
  p: "ₚ",
  r: "ᵣ",
  s: "ₛ",
  t: "ₜ",
  u: "ᵤ",
  v: "ᵥ",
  x: "ₓ",
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

const inMath = (r: Rule): Rule => ({ ...r, math: true });
const inProse = (r: Rule): Rule => ({ ...r, math: false });

/** Rules that must see a URL whole, before the text is split around URLs. */
const URL_RULES: Rule[] = [
  // \url{https://…} (often glued to the previous word) → the URL itself, set off by a space.
  rule("url", /(\S?)\\?url\{([^{}\s]+)\}/g, (_, before: string, url: string) => `${before}${before ? " " : ""}${url}`, ["url{"]),
  // \href{https://…}{the text} → the text (https://…).
  rule("href", /\\href\{([^{}\s]+)\}\{([^{}]*)\}/g, (_, url: string, label: string) => linkText(url, label), ["\\href"]),
  // The same with its backslash and braces lost (Hugging Face's abstracts): "repository ~https://github.com/a/b{here}".
  rule("lost-href", /~?(https?:\/\/[^\s{}<>"]+)\{([^{}]*)\}/g, (_, url: string, label: string) => linkText(url, label), ["{"]),
];

/** A link's label, then its URL; the URL alone when the label only repeats it (\href{https://x.org/a}{x.org/a}). */
function linkText(url: string, label: string): string {
  const text = label.trim();
  return text && !url.includes(text.replace(/^https?:\/\//, "").replace(/\/$/, "")) ? `${text} (${url})` : url;
}

export const RULES: Rule[] = [
  // References a reader cannot follow: "as in~\cite{x}" → "as in".
  rule("references", /[\s~]*\\(?:cite[pt]?|citeauthor|ref|eqref|label)\*?(?:\[[^\]]*\])?\{[^{}]*\}/g, "", BACKSLASH),
  rule("footnote", /\\footnote\{([^{}]*)\}/g, " ($1)", BACKSLASH),
  rule(
    "author-macros",
    new RegExp(
      `\\\\(?:${Object.keys(AUTHOR_MACROS)
        .map((m) => m.slice(1))
        .join("|")})(?![A-Za-z])`,
      "g",
    ),
    (macro: string) => AUTHOR_MACROS[macro],
    BACKSLASH,
  ),
  // Commands that print nothing: \displaystyle, \nonumber, \xspace.
  rule(
    "invisible",
    /\\(?:(?:display|text|script)style|limits|nolimits|nonumber|notag|mathstrut|strut|allowbreak|centering|noindent|xspace)(?![A-Za-z])\s*/g,
    "",
    BACKSLASH,
  ),
  rule("space-commands", /\s*\\[hv]space\*?\{[^{}]*\}\s*/g, " ", BACKSLASH),
  rule("colour", /\\textcolor\{[^{}]*\}\{([^{}]*)\}|\\color\{[^{}]*\}/g, (_, text?: string) => text ?? "", BACKSLASH),
  // Spaces in math: ~, \quad.
  inMath(rule("math-spacing", /~|\\(?:q?quad|enspace|thinspace)(?![A-Za-z])/g, " ", ["~", "\\"])),
  // Accents: T\"ulu → Tülu, \'e → é, \c{c} → ç, {\"u} → {ü}, \'{\i} → í.
  rule(
    "accents",
    /\\(["'`^~=.]|[cvuHkrdb](?=[{\s]))\s*(?:\{\s*(\\[ij](?![A-Za-z])|[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))/g,
    (_, accent: string, braced?: string, bare?: string) => ((braced ?? bare)!.replace("\\", "") + ACCENTS[accent]).normalize("NFC"),
    BACKSLASH,
  ),
  // Text commands: \ldots, \ss, \AA, \LaTeX{}, \ie. TeX drops the space after a command; it matters inside a word
  // (Stra\ss e) and a range (1\textendash 2), while "5 \AA resolution" means the space.
  inProse(
    rule(
      "text-commands",
      new RegExp(`\\\\(${TEXT_COMMAND_NAMES})(?![A-Za-z])(\\{\\}| (?=[a-z0-9]))?`, "g"),
      (_, name: string, after?: string) => TEXT_COMMANDS[name] + (after === " " && !/^(?:ss|o|ae|oe|l|i|textendash|textemdash)$/.test(name) ? " " : ""),
      BACKSLASH,
    ),
  ),
  // TeX's quotes: ``this'' → “this”, `that' → ‘that’; '' after a space opens. An apostrophe inside a word stays.
  inProse(
    rule(
      "quotes",
      /(?<!\\)``|(^|[\s(])''|''|(?<![\\`])`(?=[^\s`'])([^`']*[^\s`'])'(?![A-Za-z])/g,
      (quote: string, before?: string, single?: string) =>
        single !== undefined ? `‘${single}’` : before !== undefined ? `${before}“` : quote === "``" ? "“" : "”",
      ["``", "''", "`"],
    ),
  ),
  // \textsuperscript{th}, \textsubscript{2} → Unicode scripts.
  rule(
    "text-scripts",
    /\\text(super|sub)script\{([^{}]*)\}/g,
    (_, kind: string, content: string) => script(content, kind === "super" ? SUPERSCRIPT : SUBSCRIPT, kind === "super" ? "^" : "_"),
    BACKSLASH,
  ),
  // Degrees: {\deg}C, \textdegree, ^\circ, ^{\circ} → °. In math \deg is the degree of a polynomial.
  inProse(rule("degree-command", /\{\\deg\}|\\deg(?![A-Za-z])\s?/g, "°", BACKSLASH)),
  rule("degree", /\^\s*(?:\{\s*\\circ\s*\}|\\circ(?![A-Za-z]))/g, "°", ["\\circ"]),
  // {\it x}, {\em x}, \textit{x}, \emph{x} → emphasised x.
  rule(
    "emphasis",
    /\{\\(?:it|em|sl)\s+([^{}]+)\}|\\(?:textit|emph)\{([^{}]+)\}/g,
    (_, a?: string, b?: string) => `${EM_OPEN}${(a ?? b)!.trim()}${EM_CLOSE}`,
    BACKSLASH,
  ),
  // {\bf x}, \textbf{x}, \textsc{x}, \texttt{x}, \mbox{x} → x.
  rule(
    "plain-styles",
    /\{\\(?:bf|rm|sc|tt|sf|bfseries|itshape|scshape|ttfamily)\s+([^{}]+)\}|\\(?:text(?:bf|sc|tt|sf|rm|up|md|sl|normal)?|mbox|hbox|underline)\{([^{}]+)\}/g,
    (_, a?: string, b?: string) => (a ?? b)!.trim(),
    BACKSLASH,
  ),
  // Font-size commands whose backslash was lost, glued to the next word: "scriptsizeFLaws" → "FLaws".
  rule(
    "size-commands",
    /\\?(?:scriptsize|footnotesize|normalsize|tiny)(?=[A-Z])|\\(?:small|large|Large|LARGE|huge|Huge|scriptsize|footnotesize|normalsize|tiny)\b\s*/g,
    "",
    ["\\", "scriptsize", "footnotesize", "normalsize", "tiny"],
  ),
  // Math-mode layout commands: \frac{a}{b} → a/b, \mathrm{x} → x, \left( → (, \hat{x} → x̂.
  rule(
    "fraction",
    /\\[dt]?frac\s*\{([^{}]+)\}\s*\{([^{}]+)\}/g,
    (_, a: string, b: string) => `${/^\w+$/.test(a) ? a : `(${a})`}/${/^\w+$/.test(b) ? b : `(${b})`}`,
    BACKSLASH,
  ),
  // A font for one command or letter needs no braces: \mathbf\theta, or \mathbfθ as arXiv's API writes it.
  rule(
    "roman",
    /\\(?:mathrm|mathit|mathbf|mathsf|mathtt|mathnormal|operatorname\*?|boldsymbol|bm|pmb)\s*(?:\{([^{}]+)\}|(?=\\[A-Za-z]|(?![A-Za-z])\p{L}))/gu,
    (_, arg?: string) => arg ?? "",
    BACKSLASH,
  ),
  rule("indicator", /\\mathbbm\s*(?:\{1\}|1)/g, "𝟙", ["mathbbm"]),
  rule("norm", /\\\|/g, "‖", ["\\|"]),
  rule("delimiters", /\\(?:left|right|big|Big|bigg|Bigg)[lr]?\s*(?=[()[\]|.]|\\[{}])|\\(?:left|right)\./g, "", BACKSLASH),
  // \hat{x}, \hat x, \tilde{\Theta}, \tildeΘ → x̂, Θ̃ (not \dots, which is no \dot).
  rule(
    "math-accents",
    new RegExp(`\\\\(hat|widehat|bar|overline|tilde|widetilde|vec|dot)(?:\\s*\\{\\s*(${ACCENTED})\\s*\\}|\\s*(${ACCENTED_UNBRACED})|\\s+([A-Za-z]))`, "gu"),
    (_, accent: string, braced?: string, glued?: string, spaced?: string) => {
      const base = (braced ?? glued ?? spaced)!;
      return ((GREEK[base.slice(1)] ?? base) + MATH_ACCENTS[accent]).normalize("NFC");
    },
    BACKSLASH,
  ),
  // Alignment and environments have no text of their own: \begin{cases} … & … \end{cases}; a row break is a space.
  inMath(rule("environments", /\s*(?:\\(?:begin|end)\s*\{[A-Za-z]+\*?\}|(?<!\\)&)\s*/g, " ", ["\\", "&"])),
  rule("line-breaks", /\s*\\\\(?:\[[^\]]*\])?\s*/g, " ", BACKSLASH),
  // Delimiters left over from math that never closed ("1.41 times$that", "and \\( a") are no math; a price has its number next.
  inProse(rule("stray-delimiters", /(?<=\p{L})(\$)(?=\p{L})|(?<!\\)\$(?!\s?[\d.])|\\[()[\]]\s?/gu, (_, between?: string) => (between ? " " : ""), ["$", "\\"])),
  // Escaped specials: 90\% → 90%, R\&D → R&D.
  rule("escaped-specials", /\\([%&_#$])/g, "$1", BACKSLASH),
  // Spacing commands: i.\,i.\,d → i.i.d; "\ " → space; e.g.\@ and the italic correction \/ and hyphenation point \- print nothing.
  rule("spacing", /\\[,;:!](?:\s*)|\\(?= )|\\[@/-]/g, "", BACKSLASH),
  // A tie (~: "Fig.~3", "et~al.") between words is an unbreakable space; "~100" stays approximately 100.
  // The text between two math spans may begin or end with the tie: "the set~$X$".
  inProse(rule("ties", /(?<=[\p{L}\p{N}.,;:)\]])~(?=[\p{L}\p{N}(\\]|$)|^~(?=\p{L})/gu, "\u00a0", ["~"])),
  // TeX's dashes: "exponents---the" → "exponents—the"; " -- ", 10--20 and Kullback--Leibler → en dash. "--flag" stays.
  rule("dashes", /(?<!-)---(?!-)|(?<=\s)--(?=\s)|(?<=[\p{L}\p{N}])--(?=[\p{L}\p{N}])/gu, (dash: string) => (dash === "---" ? "—" : "–"), ["--"]),
  // mathcal{O}( / mathcal O( → 𝒪(, mathbb{R} → ℝ, mathbb E → 𝔼.
  rule(
    "calligraphic",
    /\\?mathcal\s*\{?([A-Z])\}?/g,
    (_, c: string) =>
      String.fromCodePoint(
        ({ B: 0x212c, E: 0x2130, F: 0x2131, H: 0x210b, I: 0x2110, L: 0x2112, M: 0x2133, R: 0x211b } as Record<string, number>)[c] ??
          0x1d49c + c.charCodeAt(0) - 65,
      ),
    ["mathcal"],
  ),
  rule(
    "blackboard",
    /\\?mathbb\s*\{?([A-Z])\}?/g,
    (_, c: string) =>
      String.fromCodePoint(
        ({ C: 0x2102, H: 0x210d, N: 0x2115, P: 0x2119, Q: 0x211a, R: 0x211d, Z: 0x2124 } as Record<string, number>)[c] ?? 0x1d538 + c.charCodeAt(0) - 65,
      ),
    ["mathbb"],
  ),
  // Operators in braces, a trick to keep them from being typeset: D{to}infty, 64{times}64, N{+}D, D{=}2048.
  rule(
    "braced-operators",
    /\\?\{\\?(to|rightarrow|leftarrow|times|cdot|pm|mp|leq|le|geq|ge|neq|ne|approx|sim|propto|infty|in|=|\+|-|<|>)\}/g,
    (_, op: string) => SYMBOLS[op],
    ["{"],
  ),
  // \times after a number, its backslash lost: "2.5times higher" → "2.5× higher".
  inProse(rule("times", /(?<=\d)times(?![A-Za-z])/g, "×", ["times"])),
  // infty after an operator or bracket, or on its own: D→infty → D→∞.
  rule("infinity", /\\?(?<![A-Za-z])infty(?![A-Za-z])/g, "∞", ["infty"]),
  // sqrt K, sqrt{K}, sqrt(n) → √K, √(n).
  rule(
    "square-root",
    /\\?(?<![A-Za-z])sqrt\s*(?:\{([^{}]+)\}|(?=\()|([A-Za-z0-9]+))/g,
    (_, braced?: string, bare?: string) => {
      const arg = braced ?? bare ?? "";
      return `√${arg.length > 1 && braced ? `(${arg})` : arg}`;
    },
    ["sqrt"],
  ),
  // Greek letters in a mathematical position: before _ ^ { ( or in "epsilon-stationary"; may follow other
  // symbols directly ("nLvarepsilon^{-1}"). Plain words such as "sigmoid" or "Alpha" never match.
  rule(
    "greek",
    new RegExp(`\\\\?(${GREEK_NAMES})(?=[_^{(]|-(?:stationary|optimal|approximate|greedy|net|close|accurate|differential|smooth|strongly)\\b)`, "g"),
    (_, name: string) => GREEK[name],
  ),
  // Backslashed commands that survived (\alpha, \leq, \Rightarrow, \dagger) → their symbol.
  rule("commands", new RegExp(`\\\\(${COMMAND_NAMES})(?![A-Za-z])`, "g"), (_, name: string) => GREEK[name] ?? COMMAND_SYMBOLS[name], BACKSLASH),
  // Function names keep a space from what precedes them: \sqrt{T}\log T → √T log T.
  rule(
    "function-names",
    /(\S?)\\(log|ln|lg|exp|min|max|sup|inf|lim|liminf|limsup|sin|cos|tan|tanh|sinh|cosh|det|dim|ker|deg|gcd|arg ?min|arg ?max|arg|Pr|b?mod)(?![A-Za-z])/g,
    (_, before: string, name: string) => `${before}${before && !/[\s(]/.test(before) ? " " : ""}${name.replace(/^bmod$/, "mod")}`,
    BACKSLASH,
  ),
  // Superscripts and subscripts in braces, or a single character after ^ (2^10, K^2, epsilon^{-3}); in math also x_i.
  rule("superscript", /\^\{([^{}]*)\}|\^(-?[0-9]+|[A-Za-z*])/g, (_, braced?: string, bare?: string) => script((braced ?? bare)!, SUPERSCRIPT, "^"), ["^"]),
  rule(
    "subscript",
    /(?<=[\p{L}\p{N})\]])_\{([^{}]*)\}|(?<=[α-ωΑ-Ω])_([0-9A-Za-z])/gu,
    (_, braced?: string, bare?: string) => script((braced ?? bare)!, SUBSCRIPT, "_"),
    ["_"],
  ),
  inMath(rule("math-subscript", /(?<![\s_^])_([0-9A-Za-z])/gu, (_, bare: string) => script(bare, SUBSCRIPT, "_"), ["_"])),
  // Set braces after min / max, once the scripts inside are resolved: min{a, b} → min(a, b).
  rule("function-braces", /\b(min|max|sup|inf|argmin|argmax)\\?\{([^{}]*?)\\?\}/g, "$1($2)", ["{"]),
  // Any other command. In math its argument (\mathfrak{g} → g) or its name; in prose its argument, or its name
  // when it has none (a paper's own \method, or \boxed{} in a paper about answer formats).
  inMath(rule("unknown-math-commands", /\\([A-Za-z]+)\*?(?:\s*(\{))?/g, (_, name: string, brace?: string) => (brace ? "{" : name), BACKSLASH)),
  inProse(rule("unknown-commands", /\\([A-Za-z]{2,})\*?(?:\{([^{}]*)\})?/g, (_, name: string, arg?: string) => arg || name, BACKSLASH)),
  // Grouping braces: all of them in math; in prose only those TeX leaves around one letter or none (Schr{ö}dinger, \LaTeX{}).
  inMath(rule("math-braces", /(?<!\\)[{}]/g, "", ["{", "}"])),
  inProse(rule("group-braces", /(?<!\\)\{(\P{ASCII}?\p{M}*)\}/gu, "$1", ["{"])),
  rule("escaped-braces", /\\([{}])/g, "$1", BACKSLASH),
];

const PROSE_RULES = RULES.filter((r) => r.math !== true);
const MATH_RULES = RULES.filter((r) => r.math !== false);

/**
 * Unwraps \url{…} and \href, then applies every rule, in order, to the text outside URLs (a URL's `_` or `{` is not math).
 * `math`: the text is the TeX inside `$…$`, to be written as readable text.
 */
export function cleanLatex(raw: string, math = false): string {
  const text = URL_RULES.reduce((current, r) => r.apply(current), raw);
  const rules = math ? MATH_RULES : PROSE_RULES;
  let result = "";
  let last = 0;
  for (const span of findUrls(text)) {
    result += applyRules(text.slice(last, span.start), rules) + text.slice(span.start, span.end);
    last = span.end;
  }
  return result + applyRules(text.slice(last), rules);
}

function applyRules(text: string, rules: Rule[]): string {
  return rules.reduce((current, r) => r.apply(current), text);
}
