import { EM_CLOSE, EM_OPEN } from "./latex.ts";
import { findUrls } from "./urls.ts";

/**
 * Cleaned text → Markdown that renders as exactly that text. Abstracts are prose, not
 * Markdown: a stray `*`, `_`, `[`, `&amp;` or a leading `1.` must not become markup.
 * The only markup we add: URLs become autolinks, and emphasis markers left by
 * `latex.ts` become `*…*`.
 * https://spec.commonmark.org/0.31.2/#backslash-escapes
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]{}<>#|~&!$]/g, "\\$&")
    .replaceAll(EM_OPEN, "*")
    .replaceAll(EM_CLOSE, "*");
}

export function toMarkdown(text: string): string {
  let markdown = "";
  let last = 0;
  for (const { url, start, end } of findUrls(text)) {
    markdown += `${escapeMarkdown(text.slice(last, start))}<${url}>`;
    last = end;
  }
  markdown += escapeMarkdown(text.slice(last));
  // A leading "-", "+", "=" or "1." would start a list or heading.
  return markdown.replace(/^(\s*)([-+=])/, "$1\\$2").replace(/^(\s*\d+)([.)])/, "$1\\$2");
}

/** The same text without emphasis markers: what titles, summaries, feeds and statistics use. */
export function toPlainText(text: string): string {
  return text.replaceAll(EM_OPEN, "").replaceAll(EM_CLOSE, "");
}
