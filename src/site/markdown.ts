import katexModule from "@vscode/markdown-it-katex";
import MarkdownIt, { type PluginWithOptions } from "markdown-it";
import { cleanLatex } from "../clean/latex.ts";
import { toPlainText } from "../clean/markdown.ts";

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
 * The site's renderer: `$…$` math becomes MathML through KaTeX at build time, which
 * browsers draw natively (no stylesheet, no fonts, no script). `trust: false` keeps
 * `\href` and friends out.
 */
export function markdownLibrary(): MarkdownIt {
  return base().use(markdownItKatex, { output: "mathml", throwOnError: false, trust: false });
}

/** The feeds' and email's renderer: the same Markdown, with math written as readable Unicode. */
export function plainMathMarkdownLibrary(): MarkdownIt {
  const md = markdownLibrary();
  const unicode = (tokens: { content: string }[], idx: number) => md.utils.escapeHtml(toPlainText(cleanLatex(tokens[idx].content)));
  md.renderer.rules.math_inline = unicode;
  md.renderer.rules.math_block = (tokens, idx) => `<p>${unicode(tokens, idx)}</p>\n`;
  md.renderer.rules.math_inline_block = md.renderer.rules.math_block;
  return md;
}
