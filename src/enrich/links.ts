import type { LinkKind, PaperLink } from "../paper.ts";

const URL_PATTERN = /https?:\/\/[^\s<>"'{}\\^`|]+/g;

/** Sentence punctuation and LaTeX residue that cling to a URL's end. */
function trimUrl(url: string): string {
  let trimmed = url.replace(/[.,;:!?'"*}\]]+$/, "");
  // A closing parenthesis belongs to the URL only if it opens one too (Wikipedia style).
  while (trimmed.endsWith(")") && (trimmed.match(/\(/g)?.length ?? 0) < (trimmed.match(/\)/g)?.length ?? 0)) {
    trimmed = trimmed.slice(0, -1).replace(/[.,;:!?'"*}\]]+$/, "");
  }
  return trimmed;
}

export function linkKind(url: string): LinkKind {
  const { hostname, pathname } = new URL(url);
  const host = hostname.replace(/^www\./, "");
  if (["github.com", "gitlab.com", "bitbucket.org", "codeberg.org"].includes(host)) return "code";
  if (host === "huggingface.co" || host === "hf.co") {
    if (pathname.startsWith("/datasets/")) return "dataset";
    if (pathname.startsWith("/spaces/")) return "demo";
    return "model";
  }
  if (host.endsWith("hf.space") || host.endsWith("streamlit.app") || host.endsWith("gradio.live")) return "demo";
  if (["kaggle.com", "zenodo.org", "figshare.com"].includes(host)) return "dataset";
  return "project";
}

/** Every distinct http(s) URL in a text, with trailing punctuation removed and a kind. */
export function extractLinks(text: string): PaperLink[] {
  const links: PaperLink[] = [];
  for (const [raw] of text.matchAll(URL_PATTERN)) {
    const url = trimUrl(raw);
    try {
      const kind = linkKind(url);
      if (!links.some((l) => l.url === url)) links.push({ url, kind });
    } catch {
      // Not a parseable URL after all (e.g. "http://" alone): leave it as text.
    }
  }
  return links;
}
