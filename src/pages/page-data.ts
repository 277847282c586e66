import { createHash } from "node:crypto";
import type { Paper } from "../paper.ts";

/**
 * The public front-matter schema of `content/papers/<slug>.md`. Ingest owns these keys
 * and rewrites them every run; every other key belongs to the curator and is kept.
 */
export const GENERATED_KEYS = [
  "title",
  "slug",
  "id",
  "date",
  "issues",
  "rank",
  "topics",
  "topic_terms",
  "related",
  "related_terms",
  "summary",
  "keywords",
  "links",
  "title_raw",
  "abstract_raw",
  "sources",
  "body_hash",
] as const;

export function hashBody(body: string): string {
  return createHash("sha256").update(body.trim()).digest("hex").slice(0, 16);
}

/** Front matter for a paper, generated keys first in schema order, then the curator's own. */
export function pageData(paper: Paper, bodyHash: string, existing: Record<string, unknown> = {}): Record<string, unknown> {
  const generated: Record<string, unknown> = {
    title: paper.title,
    slug: paper.slug,
    id: paper.id,
    date: paper.date,
    issues: paper.issues,
    rank: paper.rank,
    topics: paper.topics,
    topic_terms: paper.topicTerms,
    related: paper.related.map((r) => r.slug),
    related_terms: Object.fromEntries(paper.related.map((r) => [r.slug, r.shared])),
    summary: paper.summary,
    keywords: paper.keywords,
    links: paper.links,
    // The text as scraped, kept only where cleaning changed it, so nothing is lost.
    title_raw: paper.titleRaw !== paper.title ? paper.titleRaw : undefined,
    abstract_raw: paper.abstractRaw !== paper.abstract ? paper.abstractRaw : undefined,
    sources: paper.sources.map((s) => `${s.file}:${s.line}`),
    body_hash: bodyHash,
  };
  const curator = Object.fromEntries(
    Object.entries(existing).filter(([key]) => !(GENERATED_KEYS as readonly string[]).includes(key)),
  );
  return Object.fromEntries(Object.entries({ ...generated, ...curator }).filter(([, v]) => v !== undefined));
}
