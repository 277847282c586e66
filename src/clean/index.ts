import { cleanLatex } from "./latex.ts";
import { toMarkdown, toPlainText } from "./markdown.ts";
import { splitMath } from "./math.ts";
import { cleanText, collapseWhitespace } from "./text.ts";

/**
 * Raw scraped text → readable text. Math spans (`$…$`) become Unicode in the plain text
 * (feeds, email, listings) and stay TeX in the Markdown, which the site renders with KaTeX.
 */
export function cleanTitleOrAbstract(raw: string): { plain: string; markdown: string } {
  const segments = splitMath(cleanText(raw));
  const readable = segments.map((s) => cleanLatex(s.text));
  return {
    plain: collapseWhitespace(toPlainText(readable.join(""))),
    markdown: collapseWhitespace(segments.map((s, i) => (s.math ? `$${s.text}$` : toMarkdown(readable[i]))).join("")),
  };
}
