import { InputError } from "../platform/input-error.ts";
import { parseArxivRef } from "../model/arxiv.ts";
import { DigestReader, quote, type ParsedDigest } from "./digest-reader.ts";
import { attribute, children, elementLine, htmlToText, textOf, type XmlElement } from "./xml.ts";
import { collapseWhitespace } from "../text/plain.ts";

/**
 * A response of arXiv's `api/query` endpoint (Atom 1.0 with arXiv's extensions), one paper per
 * `<entry>`. https://info.arxiv.org/help/api/user-manual.html#_details_of_atom_results_returned
 */
export function parseArxivAtom(feed: XmlElement, text: string, file: string, date: string): ParsedDigest {
  const reader = new DigestReader(file, date);
  for (const entry of children(feed, "entry")) {
    const line = elementLine(text, entry);
    const idText = textOf(entry.id);
    // The API answers a bad query with one entry whose id is under /api/errors.
    if (idText.includes("/api/errors")) throw new InputError(file, line, `arXiv answered with an error: ${collapseWhitespace(textOf(entry.summary))}`);
    const ref = parseArxivRef(idText);
    const title = collapseWhitespace(atomText(entry, "title"));
    const abstract = collapseWhitespace(atomText(entry, "summary"));
    if (!ref) reader.warn(line, `entry id ${quote(idText)} is not an arXiv id; read without one`);
    if (!title || !abstract) {
      reader.warn(line, `entry without a ${title ? "summary" : "title"}; skipped`);
      continue;
    }
    const primary = attribute(children(entry, "primary_category")[0] ?? {}, "term");
    reader.add(line, title, abstract, ref, {
      authors: children(entry, "author")
        .map((a) => collapseWhitespace(textOf(a.name)))
        .filter(Boolean),
      categories: [...new Set([primary, ...children(entry, "category").map((c) => attribute(c, "term"))].filter(Boolean))],
      submitted: textOf(entry.published).slice(0, 10),
    });
  }
  return reader.result();
}

/** An Atom text construct as text: `type="html"` holds escaped HTML, read as what it shows. https://www.rfc-editor.org/rfc/rfc4287#section-3.1 */
function atomText(entry: XmlElement, name: string): string {
  const [element] = children(entry, name);
  if (!element) return "";
  return attribute(element, "type") === "html" ? htmlToText(textOf(element)) : textOf(element);
}
