import { findUrls } from "../clean/urls.ts";

/**
 * Plain text → Markdown that renders as exactly that text. Abstracts are prose, not
 * Markdown: a stray `*`, `_`, `[`, `&amp;` or a leading `1.` must not become markup.
 * URLs become autolinks, so they stay links however they are spelled.
 * https://spec.commonmark.org/0.31.2/#backslash-escapes
 */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]{}<>#|~&!]/g, "\\$&");
}

export function plainTextToMarkdown(text: string): string {
  let markdown = "";
  let last = 0;
  for (const { url, start, end } of findUrls(text)) {
    markdown += `${escapeMarkdown(text.slice(last, start))}<${url}>`;
    last = end;
  }
  markdown += escapeMarkdown(text.slice(last));
  return markdown.replace(/^(\s*)([-+=]|\d+[.)])/, "$1\\$2");
}
