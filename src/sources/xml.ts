import { XMLParser, XMLValidator } from "fast-xml-parser";
import { InputError, lineAt } from "../platform/input-error.ts";
import { unescapeAll } from "../text/html.ts";

/**
 * XML digests (arXiv's API Atom and RSS listings), read with fast-xml-parser: validated first so
 * a malformed file names its line, then parsed with each element's position kept so every paper
 * can be traced to its line. https://github.com/NaturalIntelligence/fast-xml-parser
 */

/** An element as the parser gives it: text, or an object of attributes (`@_name`), text (`#text`) and children. */
export type XmlValue = string | XmlElement;
export interface XmlElement {
  [name: string]: XmlValue | XmlValue[] | undefined;
}

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;
/** Elements a listing may repeat; always read as arrays, so one entry reads like many. */
const REPEATED = new Set(["entry", "item", "author", "category", "link"]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  // arXiv's `arxiv:`, `dc:` and `opensearch:` elements are read by their local names.
  removeNSPrefix: true,
  // Ids such as 2501.00656 stay text, never numbers.
  parseTagValue: false,
  // Character references (`&#233;`, `&#x27;`) are XML (https://www.w3.org/TR/xml/#sec-references), but fast-xml-parser
  // decodes them only with this option on; it also decodes a few HTML names (`&nbsp;`), which are no XML but harmless.
  htmlEntities: true,
  captureMetaData: true,
  isArray: (name) => REPEATED.has(name),
});

/** Parses an XML digest; its root element's local name and the root element. */
export function parseXml(text: string, file: string): { root: string; element: XmlElement } {
  // Entity declarations could expand without bound; listings never carry a DOCTYPE.
  const doctype = /<!DOCTYPE/i.exec(text);
  if (doctype) throw new InputError(file, lineAt(text, doctype.index), "a DOCTYPE declaration is not accepted in a digest");
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new InputError(file, valid.err.line, `malformed XML: ${valid.err.msg} (column ${valid.err.col})`);
  const document = parser.parse(text) as XmlElement;
  const root = Object.keys(document).find((name) => !name.startsWith("?"));
  const element = root === undefined ? undefined : document[root];
  if (root === undefined || typeof element !== "object" || Array.isArray(element)) {
    throw new InputError(file, 1, "an XML document without a root element");
  }
  return { root, element };
}

/** The text of an element (its `#text` when it has attributes); "" if absent. */
export function textOf(value: XmlValue | XmlValue[] | undefined): string {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return "";
  return typeof first === "string" ? first : String(first["#text"] ?? "");
}

/** Every child element of a name, as an array. */
export function children(element: XmlElement, name: string): XmlElement[] {
  const value = element[name];
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.map((v) => (typeof v === "string" ? { "#text": v } : v));
}

export function attribute(element: XmlElement, name: string): string {
  const value = element[`@_${name}`];
  return typeof value === "string" ? value : "";
}

/** The 1-based line an element starts on. */
export function elementLine(text: string, element: XmlElement): number {
  const start = (element as unknown as Record<symbol, { startIndex?: number } | undefined>)[META]?.startIndex;
  return start === undefined ? 1 : lineAt(text, start);
}

/*
 * Text in RSS listings. RSS carries HTML escaped as text (https://www.rssboard.org/rss-encoding-examples): the parser
 * undoes the XML escaping, which leaves HTML with its own character references (`&lt;think&gt;` for a literal `<think>`).
 */

/** Named and numeric character references; each is decoded on its own so that backslashes (TeX's `\{`) stay as written. */
const CHARACTER_REFERENCE = /&(?:#\d{1,7}|#x[\da-f]{1,6}|[a-z][a-z\d]{1,31});/gi;

/** Text with its HTML character references decoded, once: `&amp;lt;` is the text `&lt;`. Unknown names stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(CHARACTER_REFERENCE, (reference) => unescapeAll(reference));
}

/**
 * HTML elements, as a listing might use them. Only these are markup: anything else in angle brackets (`<think>`,
 * `<unk>`) is text that a listing failed to escape, kept rather than lost.
 * https://html.spec.whatwg.org/multipage/indices.html#elements-3
 */
const HTML_ELEMENTS = new Set(
  (
    "a abbr address article aside audio b base bdi bdo big blockquote body br button canvas caption center cite code col colgroup " +
    "dd del details dfn dialog div dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head " +
    "header hr html i iframe img input ins kbd label legend li link main mark math menu meta nav noscript object ol optgroup option " +
    "p param picture pre q rp rt ruby s samp script section select small source span strike strong style sub summary sup svg table " +
    "tbody td template textarea tfoot th thead time title tr track tt u ul var video wbr"
  ).split(" "),
);
/** Elements that end a line of text: dropping them must leave a space, where `H<sub>2</sub>O` must stay one word. */
const BREAKING = new Set(
  "address article blockquote br dd div dl dt figcaption footer h1 h2 h3 h4 h5 h6 header hr li ol p pre section table td th tr ul".split(" "),
);
const TAG = /<!--[\s\S]*?-->|<\/?([A-Za-z][A-Za-z\d]*)(?:\s(?:[^<>"']|"[^"]*"|'[^']*')*)?\/?>/g;

/** The text of an HTML fragment: its tags dropped, its character references decoded once. */
export function htmlToText(html: string): string {
  // What a browser would never show: a script's or a style sheet's text.
  const shown = html.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, " ");
  const text = shown.replace(TAG, (tag, name?: string) => {
    if (name === undefined) return ""; // a comment
    const element = name.toLowerCase();
    return HTML_ELEMENTS.has(element) ? (BREAKING.has(element) ? " " : "") : tag;
  });
  return decodeEntities(text);
}
