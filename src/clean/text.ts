/**
 * Plain-text hygiene for scraped titles and abstracts: Unicode NFC, no characters
 * that XML 1.0 forbids (they would break every feed), single spaces.
 */

// C0 controls other than tab/newline/CR, DEL and C1 controls, lone surrogates, U+FFFE/U+FFFF,
// and the two private-use characters clean/latex.ts uses as emphasis markers.
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF\uE000\uE001]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function stripIllegalXmlChars(text: string): string {
  return text.replace(XML_ILLEGAL, "");
}

export function collapseWhitespace(text: string): string {
  // Only runs that are not already one plain space are rewritten: most of a text's spaces are.
  return text.replace(/\s{2,}|[^\S ]/g, " ").trim();
}

export function cleanText(text: string): string {
  return collapseWhitespace(stripIllegalXmlChars(text.normalize("NFC")));
}
