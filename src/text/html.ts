import MarkdownIt from "markdown-it";

/**
 * Text into HTML and back, as markdown-it does it for the site's Markdown, so every output escapes alike:
 * `&`, `<`, `>` and `"` as entities; `unescapeAll` reads entities and backslash escapes back.
 * https://github.com/markdown-it/markdown-it/blob/master/lib/common/utils.mjs
 */
export const { escapeHtml, unescapeAll } = new MarkdownIt().utils;
