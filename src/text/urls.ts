/** URLs inside scraped prose, without the punctuation and LaTeX residue that cling to them. */

const URL_PATTERN = /https?:\/\/[^\s<>"'{}\\^`|]+/g;
const TRAILING = /[.,;:!?'"*}\]]+$/;

export interface UrlMatch {
  url: string;
  start: number;
  /** Index just past the URL itself; trailing punctuation after it stays text. */
  end: number;
}

function trimUrl(url: string): string {
  let trimmed = url.replace(TRAILING, "");
  // A closing parenthesis belongs to the URL only if the URL opens one too (Wikipedia style).
  while (trimmed.endsWith(")") && (trimmed.match(/\(/g)?.length ?? 0) < (trimmed.match(/\)/g)?.length ?? 0)) {
    trimmed = trimmed.slice(0, -1).replace(TRAILING, "");
  }
  return trimmed;
}

/** The longest link kept: browsers and servers refuse longer ones, and no real paper's link comes near. */
export const MAX_URL_LENGTH = 2000;

/**
 * A link a source names, as the URL a browser would request: http(s) only, with whatever must not stand in HTML,
 * Markdown or an email as it is (`<`, `>`, `"`, spaces) percent-encoded by the WHATWG URL parser; "" for anything else.
 */
export function httpUrl(text: string): string {
  const trimmed = text.trim();
  if (!/^https?:\/\//i.test(trimmed) || !URL.canParse(trimmed)) return "";
  const { href, hostname } = new URL(trimmed);
  return hostname.includes(".") && href.length <= MAX_URL_LENGTH ? href : "";
}

export function findUrls(text: string): UrlMatch[] {
  const found: UrlMatch[] = [];
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = trimUrl(match[0]);
    if (!URL.canParse(url) || !new URL(url).hostname.includes(".") || url.length > MAX_URL_LENGTH) continue;
    found.push({ url, start: match.index, end: match.index + url.length });
  }
  return found;
}
