/**
 * Plain-text hygiene for scraped titles, abstracts and names: Unicode NFC, no characters that XML 1.0
 * forbids (they would break every feed), no invisible formatting characters, single spaces.
 */

// C0 controls other than tab/newline/CR, DEL and C1 controls, lone surrogates, U+FFFE/U+FFFF,
// and the two private-use characters src/text/latex.ts uses as emphasis markers.
const XML_ILLEGAL =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF\uE000\uE001]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function stripIllegalXmlChars(text: string): string {
  return text.replace(XML_ILLEGAL, "");
}

export function collapseWhitespace(text: string): string {
  // Only runs that are not already one plain space are rewritten: most of a text's spaces are.
  return text.replace(/\s{2,}|[^\S ]/g, " ").trim();
}

/**
 * Characters that change how text around them is shown without being shown themselves: bidirectional
 * embeddings, overrides, isolates and marks (a title with U+202E reads backwards from there on), and
 * zero-width spaces, joiners and the word joiner (a name that looks the same as another but is not).
 * https://www.unicode.org/reports/tr9/#Directional_Formatting_Characters
 */
const INVISIBLE_FORMATTING = /[\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

export function stripInvisibleFormatting(text: string): string {
  return text.replace(INVISIBLE_FORMATTING, "");
}

export function cleanText(text: string): string {
  return collapseWhitespace(stripInvisibleFormatting(stripIllegalXmlChars(text.normalize("NFC"))));
}

/** `text` cut to at most `max` characters at a word boundary, with "…" where it was cut. */
export function capLength(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join("");
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
