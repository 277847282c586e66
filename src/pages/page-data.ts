import { createHash } from "node:crypto";
import type { Paper } from "../paper.ts";
import { paperPageSchema, type PaperPage } from "./schema.ts";

/** The keys the ingest owns and rewrites every run (src/pages/schema.ts); every other key is the curator's and is kept. */
export const GENERATED_KEYS: readonly string[] = Object.keys(paperPageSchema.shape);

export function hashBody(body: string): string {
  return createHash("sha256").update(body.trim()).digest("hex").slice(0, 16);
}

/** Front matter for a paper, generated keys first in schema order, then the curator's own. */
export function pageData(paper: Paper, bodyHash: string, existing: Record<string, unknown> = {}): PaperPage {
  const generated: PaperPage = {
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
    ...(paper.titleRaw !== paper.title && { title_raw: paper.titleRaw }),
    ...(paper.abstractRaw !== paper.abstract && { abstract_raw: paper.abstractRaw }),
    sources: paper.sources.map((s) => `${s.file}:${s.line}`),
    body_hash: bodyHash,
  };
  const curator = Object.fromEntries(
    Object.entries(existing).filter(([key]) => !GENERATED_KEYS.includes(key)),
  );
  return { ...generated, ...curator };
}
