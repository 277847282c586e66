import { cleanLatex, GREEK_COMMAND } from "./latex.ts";
import { toMarkdown, toPlainText } from "./markdown.ts";
import { type Segment, splitMath } from "./math.ts";
import { cleanText } from "./plain.ts";

/**
 * Raw scraped text → readable text. Math spans (`$…$`) become Unicode in the plain text
 * (feeds, email, listings) and stay TeX in the Markdown, which the site renders with KaTeX,
 * unless they are really text: a script after a word (GPT$^4$, x$_i$, 20$^\circ$C) or
 * symbols and numbers (10$\times$, $\sim$5\%), which read better as the text they are.
 */
export function cleanTitleOrAbstract(raw: string): { plain: string; markdown: string } {
  // Math with nothing in it (`\[ \]`) says nothing: dropped rather than left as `$$$$`.
  const segments = splitMath(cleanText(raw)).filter((s) => !s.math || s.text.trim());
  const readable = segments.map((s) => cleanLatex(s.text, s.math));
  return {
    plain: collapseSpaces(toPlainText(readable.join(""))),
    markdown: collapseSpaces(segments.map((s, i) => (s.math && !isText(s, readable[i]) ? delimit(s) : toMarkdown(readable[i]))).join("")),
  };
}

function isText(segment: Segment, readable: string): boolean {
  if (segment.display || /[\\{}^_$]/.test(readable)) return false;
  // A letter is a variable, Greek ones (\\theta, or θ as arXiv's API writes it) too: that is math.
  return /^[\^_]/.test(segment.text) || !/\p{L}/u.test(segment.text.replace(GREEK_COMMAND, "x").replace(/\\[A-Za-z]+/g, ""));
}

function delimit({ text, display }: Segment): string {
  return display ? `$$${text}$$` : `$${text}$`;
}

/**
 * Single spaces, trimmed; a no-break space (TeX's tie, "Fig.~3") stays one.
 * Only runs that are not already one plain space are rewritten: most of a text's spaces are.
 */
function collapseSpaces(text: string): string {
  return text.replace(/[^\S\u00a0]{2,}|[^\S \u00a0]/g, " ").trim();
}
