import katexModule from "@vscode/markdown-it-katex";
import katex from "katex";
import MarkdownIt, { type PluginWithOptions } from "markdown-it";
import type StateInline from "markdown-it/lib/rules_inline/state_inline.mjs";
import { AUTHOR_MACROS, cleanLatex } from "../text/latex.ts";
import { toPlainText } from "../text/markdown.ts";
import { closesMath } from "../text/math.ts";

// A CommonJS module whose function is its `default` export (unwrapped or not, depending on the loader).
const katexExports = katexModule as unknown as PluginWithOptions<object> & { default?: PluginWithOptions<object> };
const markdownItKatex = katexExports.default ?? katexExports;

/**
 * Markdown for abstracts. Abstracts come from the web, so raw HTML is off (`html: false`:
 * a `<script>` in an abstract is shown as text). Typographer is off because it rewrites
 * "(c)" to "©". Bare URLs become links.
 * https://github.com/markdown-it/markdown-it#init-with-presets-and-options
 */
function base(): MarkdownIt {
  return new MarkdownIt({ html: false, linkify: true, typographer: false });
}

/**
 * `$…$` by the rule src/text/math.ts splits abstracts with, so that math glued to a word (GPT$^{4o}$, $n$th)
 * is math here too: the plugin's own rule wants a space or punctuation on both sides, and leaves the
 * dollar signs as text otherwise. Every dollar sign of an abstract's text is escaped.
 */
function inlineMath(state: StateInline, silent: boolean): boolean {
  const { src, pos, posMax } = state;
  if (src[pos] !== "$" || pos + 1 >= posMax || /[\s$]/.test(src[pos + 1])) return false;
  for (let end = src.indexOf("$", pos + 1); end !== -1 && end < posMax; end = src.indexOf("$", end + 1)) {
    const content = src.slice(pos + 1, end);
    if (/[\s\\]/.test(src[end - 1]) || !closesMath(content, src[end + 1])) continue;
    if (!silent) state.push("math_inline", "math", 0).content = content;
    state.pos = end + 1;
    return true;
  }
  return false;
}

// KaTeX's colour for a command it will not run (\href with `trust: false`): such output is half-rendered.
const ERROR_COLOR = "#cc0000";

/** MathML for TeX that KaTeX renders whole; anything else as its source, to be read as code, never half-rendered. */
function renderTex(tex: string, displayMode: boolean, escapeHtml: (text: string) => string): string {
  try {
    const options = { output: "mathml", throwOnError: true, trust: false, displayMode, errorColor: ERROR_COLOR, macros: { ...AUTHOR_MACROS } } as const;
    const html = katex.renderToString(tex, options);
    if (!html.includes(ERROR_COLOR)) return html;
  } catch {
    // A parse error: the source below.
  }
  return `<code>${escapeHtml(tex)}</code>`;
}

/**
 * The site's renderer: `$…$` and `$$…$$` math becomes MathML through KaTeX at build time, which
 * browsers draw natively (no stylesheet, no fonts, no script). `trust: false` keeps `\href` and
 * friends out. Display math stays inside its paragraph (an abstract is one), so `$$` opens no block;
 * the plugin's inline `$$` rule makes `math_block` tokens.
 */
export function markdownLibrary(): MarkdownIt {
  const md = base().use(markdownItKatex);
  md.block.ruler.disable("math_block");
  md.inline.ruler.at("math_inline", inlineMath);
  const tex = (displayMode: boolean) => (tokens: { content: string }[], idx: number) => renderTex(tokens[idx].content, displayMode, md.utils.escapeHtml);
  md.renderer.rules.math_inline = tex(false);
  md.renderer.rules.math_block = tex(true);
  return md;
}

/** The feeds' and email's renderer: the same Markdown, with math written as readable Unicode. */
export function plainMathMarkdownLibrary(): MarkdownIt {
  const md = markdownLibrary();
  const unicode = (tokens: { content: string }[], idx: number) => md.utils.escapeHtml(toPlainText(cleanLatex(tokens[idx].content, true)).trim());
  md.renderer.rules.math_inline = unicode;
  md.renderer.rules.math_block = unicode;
  return md;
}
