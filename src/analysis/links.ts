import { findUrls } from "../text/urls.ts";
import type { LinkKind, PaperLink } from "../model/paper.ts";

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

/** Every distinct http(s) URL in a text, each with its kind. */
export function extractLinks(text: string): PaperLink[] {
  const links: PaperLink[] = [];
  for (const { url } of findUrls(text)) {
    if (!links.some((l) => l.url === url)) links.push({ url, kind: linkKind(url) });
  }
  return links;
}
