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

export function findUrls(text: string): UrlMatch[] {
  const found: UrlMatch[] = [];
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = trimUrl(match[0]);
    if (!URL.canParse(url) || !new URL(url).hostname.includes(".")) continue;
    found.push({ url, start: match.index, end: match.index + url.length });
  }
  return found;
}
