import { hash } from "node:crypto";
import { CURATED_KEYS, noFacts, type CuratedKey, type Paper, type PaperFacts } from "../model/paper.ts";
import { GENERATED_KEYS, type FrontMatter } from "./schema.ts";

/** Keys that live in the derived index (src/store/derived.ts), not in pages: a page holding one has it dropped on rewrite. */
const RETIRED_KEYS: readonly string[] = ["related", "related_terms", "keywords"];

export function hashBody(body: string): string {
  return hash("sha256", body.trim(), "hex").slice(0, 16);
}

export type CuratedFields = Partial<Pick<FrontMatter, CuratedKey>>;

/** A front-matter value's hash: a page records one of what the ingest made of each curated key (`generated_hashes`). */
function hashValue(value: unknown): string {
  return hash("sha256", JSON.stringify(value), "hex").slice(0, 16);
}

/** Hashes of a paper's curated keys as it stands: what the stages made of them, unless a curator's corrections replaced it. */
export function generatedHashesOf(paper: Paper): Record<CuratedKey, string> {
  return {
    title: hashValue(paper.title),
    summary: hashValue(paper.summary),
    topics: hashValue(paper.topics),
    authors: hashValue(paper.facts.authors),
    links: hashValue(paper.links),
  };
}

/**
 * What the curator changed on a page since the ingest wrote it: each curated value that no longer
 * matches its recorded hash. Nothing on a page written before the hashes were.
 */
export function curatorEdits(page: FrontMatter): CuratedFields {
  const hashes = page.generated_hashes ?? {};
  // A page without authors has no `authors` key: none is an empty list.
  const valueOf = (key: CuratedKey) => page[key] ?? [];
  return Object.fromEntries(
    CURATED_KEYS.filter((key) => hashes[key] !== undefined && hashes[key] !== hashValue(valueOf(key))).map((key) => [key, valueOf(key)]),
  );
}

/** Front matter for a paper, generated keys first in schema order, then the curator's own. */
export function pageData(paper: Paper, bodyHash: string, existing: Record<string, unknown> = {}): FrontMatter {
  const generated: FrontMatter = {
    title: paper.title,
    slug: paper.slug,
    id: paper.id,
    date: paper.date,
    issues: paper.issues,
    rank: paper.rank,
    topics: paper.topics,
    topic_terms: paper.topicTerms,
    summary: paper.summary,
    links: paper.links,
    // Written only where a source gave them, so a text-only page stays as it was.
    ...factsData(paper.facts),
    // The text as scraped, kept only where cleaning changed it, so nothing is lost.
    ...(paper.titleRaw !== paper.title && { title_raw: paper.titleRaw }),
    ...(paper.abstractRaw !== paper.abstract && { abstract_raw: paper.abstractRaw }),
    sources: paper.sources.map((s) => `${s.file}:${s.line}`),
    body_hash: bodyHash,
    generated_hashes: paper.generatedHashes ?? generatedHashesOf(paper),
  };
  const curator = Object.fromEntries(Object.entries(existing).filter(([key]) => !GENERATED_KEYS.includes(key) && !RETIRED_KEYS.includes(key)));
  return { ...generated, ...curator };
}

function factsData(facts: PaperFacts): Partial<FrontMatter> {
  return {
    ...(facts.arxivId && { arxiv_id: facts.arxivId }),
    ...(facts.arxivVersion > 0 && { arxiv_version: facts.arxivVersion }),
    ...(facts.authors.length && { authors: facts.authors }),
    ...(facts.categories.length && { categories: facts.categories }),
    ...(facts.msc.length && { msc: facts.msc }),
    ...(facts.acm.length && { acm: facts.acm }),
    ...(facts.upvotes !== undefined && { upvotes: facts.upvotes }),
    ...(facts.submitted && { submitted: facts.submitted }),
    ...(facts.announcements.length && { announcements: facts.announcements }),
    ...(facts.aiSummary && { ai_summary: facts.aiSummary }),
    ...(facts.aiKeywords.length && { ai_keywords: facts.aiKeywords }),
  };
}

/** What a page records of its paper beyond the text: the facts the next run pools with its listings. */
export function pageFacts(page: FrontMatter): PaperFacts {
  return {
    ...noFacts(),
    arxivId: page.arxiv_id ?? "",
    arxivVersion: page.arxiv_version ?? 0,
    authors: page.authors ?? [],
    categories: page.categories ?? [],
    msc: page.msc ?? [],
    acm: page.acm ?? [],
    upvotes: page.upvotes,
    submitted: page.submitted ?? "",
    announcements: page.announcements ?? [],
    links: page.links,
    aiSummary: page.ai_summary ?? "",
    aiKeywords: page.ai_keywords ?? [],
  };
}
