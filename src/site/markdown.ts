import MarkdownIt from "markdown-it";

/**
 * The Markdown renderer for abstracts and pages. Abstracts come from the web, so raw HTML
 * is off (`html: false`: a `<script>` in an abstract is shown as text). Typographer is
 * off because it rewrites "(c)" to "©" and quotes inside formulas. Bare URLs become links.
 * https://github.com/markdown-it/markdown-it#init-with-presets-and-options
 */
export function markdownLibrary(): MarkdownIt {
  return new MarkdownIt({ html: false, linkify: true, typographer: false });
}
