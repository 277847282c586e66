/**
 * Real TeX math in an abstract (arXiv exports keep it): `$…$` and `\(…\)` in the line,
 * `$$…$$`, `\[…\]` and `\begin{equation}…\end{equation}` (and align, gather…) on display.
 * Pandoc's rule tells math from money: an opening `$` is followed by a non-space, a
 * closing `$` follows a non-space and is not followed by a digit ("$5 and $10" is text).
 * An escaped `\$` is a dollar sign, never a delimiter.
 */
export interface Segment {
  text: string;
  math: boolean;
  /** Display math, set on a line of its own in TeX. */
  display?: boolean;
}

const MATH = new RegExp(
  [
    /(?<!\\)\$\$(?<dollars>[^$]+?)\$\$/.source,
    /\\\[(?<brackets>.+?)\\\]/.source,
    /(?<environment>\\begin\{(?<name>equation|align|gather|multline|eqnarray)\*?\}.+?\\end\{\k<name>\*?\})/.source,
    /(?<!\\)\$(?![\s$])(?<dollar>(?:\\\$|[^$])+?)(?<![\s\\])\$/.source,
    /\\\((?<parens>.+?)\\\)/.source,
  ].join("|"),
  "g",
);

/**
 * Whether a `$` after `content` closes math: not when a digit follows, unless the content says it is math all
 * the same: TeX ("$\sim$5%" is about 5%, not a price) or a lone operator ("$>$90%").
 * https://pandoc.org/MANUAL.html#extension-tex_math_dollars
 */
export function closesMath(content: string, next: string | undefined): boolean {
  return !/\d/.test(next ?? "") || /[\\^_{}]/.test(content) || /^[^\w\s$]+$/.test(content);
}

export function splitMath(text: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  MATH.lastIndex = 0;
  for (let match = MATH.exec(text); match; match = MATH.exec(text)) {
    const { dollars, brackets, environment, dollar, parens } = match.groups!;
    if (dollar !== undefined && !closesMath(dollar, text[MATH.lastIndex])) {
      MATH.lastIndex = match.index + 1;
      continue;
    }
    if (match.index > last) segments.push({ text: text.slice(last, match.index), math: false });
    const display = dollars ?? brackets ?? environment;
    segments.push(display !== undefined ? { text: display.trim(), math: true, display: true } : { text: (dollar ?? parens)!.trim(), math: true });
    last = MATH.lastIndex;
  }
  if (last < text.length) segments.push({ text: text.slice(last), math: false });
  return segments;
}
