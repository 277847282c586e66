/**
 * Real TeX math in an abstract (arXiv exports keep it): `$…$`, `$$…$$` and `\(…\)`.
 * Pandoc's rule tells math from money: an opening `$` is followed by a non-space, a
 * closing `$` follows a non-space and is not followed by a digit ("$5 and $10" is text).
 */
export interface Segment {
  text: string;
  math: boolean;
}

const MATH = /\$\$([^$]+?)\$\$|\$(?![\s$])((?:\\\$|[^$])+?)(?<![\s\\])\$(?!\d)|\\\((.+?)\\\)/g;

export function splitMath(text: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(MATH)) {
    if (match.index > last) segments.push({ text: text.slice(last, match.index), math: false });
    segments.push({ text: (match[1] ?? match[2] ?? match[3]).trim(), math: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), math: false });
  return segments;
}
