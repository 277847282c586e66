import { XMLParser, XMLValidator } from "fast-xml-parser";
import { InputError } from "../input-error.ts";
import { lineAt } from "./digest-reader.ts";

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
