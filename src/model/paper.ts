import type { IngestFeatures } from "./term-vector.ts";

/** Where a paper was read from: a digest file and the line its title is on. */
export interface SourceRef {
  file: string;
  line: number;
}

/** What a link leads to: a code repository, a data set, model weights, a demo, the project's page. */
export const LINK_KINDS = ["code", "dataset", "model", "demo", "project"] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export interface PaperLink {
  url: string;
  kind: LinkKind;
}

/**
 * What a page holds that the ingest generates and a curator may still correct: a fixed title, a better one-line
 * summary, a paper filed under the right topic, an author's name spelled right, a wrong link taken out
 * (src/store/page-data.ts keeps such an edit).
 */
export const CURATED_KEYS = ["title", "summary", "topics", "authors", "links"] as const;
export type CuratedKey = (typeof CURATED_KEYS)[number];

/** A paper's code repositories: what the listing cards, the feeds and the newsletter link as "Code". */
export function codeLinks(links: readonly PaperLink[]): string[] {
  return links.filter((link) => link.kind === "code").map((link) => link.url);
}

/** How an arXiv listing announced a paper: new, cross-listed from another category, or a replaced (updated) version. */
export const ANNOUNCE_TYPES = ["new", "cross", "replace", "replace-cross"] as const;
export type AnnounceType = (typeof ANNOUNCE_TYPES)[number];

export interface Announcement {
  /** The issue whose listing said it. */
  date: string;
  type: AnnounceType;
  /** The category whose listing it was, e.g. `cs.LG`. */
  listing: string;
}

/**
 * What arXiv and Hugging Face say of a paper beyond its text; a scraped listing knows none of it.
 * Listings of one paper pool their facts (src/model/facts.ts).
 */
export interface PaperFacts {
  /** The arXiv id without its version (`2501.00656`), or "" if no source gave one. */
  arxivId: string;
  /** The newest version a source listed (0: unknown). */
  arxivVersion: number;
  authors: string[];
  /** arXiv categories, the primary one first. */
  categories: string[];
  /** The authors' Mathematics Subject Classification and ACM Computing Classification codes, where arXiv gave them. */
  msc: string[];
  acm: string[];
  /** Hugging Face upvotes, where a source counted them. */
  upvotes?: number;
  /** When the first version was submitted (YYYY-MM-DD), where known. */
  submitted: string;
  announcements: Announcement[];
  /** Code and project pages a source named (Hugging Face's `githubRepo`, `projectPage`). */
  links: PaperLink[];
  /** Hugging Face's one-line summary and keywords, where given. */
  aiSummary: string;
  aiKeywords: string[];
}

export function noFacts(): PaperFacts {
  return {
    arxivId: "",
    arxivVersion: 0,
    authors: [],
    categories: [],
    msc: [],
    acm: [],
    submitted: "",
    announcements: [],
    links: [],
    aiSummary: "",
    aiKeywords: [],
  };
}

export interface RelatedPaper {
  slug: string;
  shared: string[];
}

/**
 * The record every pipeline stage reads and returns. A source creates one per
 * occurrence in a digest; dedupe merges occurrences; enrich stages fill in the rest.
 */
export interface Paper {
  /** Stable identity: a hash of the normalised title and abstract. */
  id: string;
  /** Title and abstract exactly as they were read (after line-ending and BOM removal). */
  titleRaw: string;
  abstractRaw: string;
  /** Title and abstract cleaned for display. */
  title: string;
  abstract: string;
  /** The cleaned abstract as Markdown: the page body. */
  abstractMarkdown: string;
  /** The cleaned title and abstract as word ids, split once for every statistic that reads them. */
  tokens: PaperTokens;
  slug: string;
  /** The first issue (YYYY-MM-DD) the paper appeared in. */
  date: string;
  /** Every issue it appeared in, oldest first. */
  issues: string[];
  /** Its 1-based position in its first issue. */
  rank: number;
  topics: string[];
  /** Per topic, the taxonomy phrases that placed the paper there. */
  topicTerms: Record<string, string[]>;
  /** Most similar papers first, with the terms each shares with this one. */
  related: RelatedPaper[];
  summary: string;
  keywords: string[];
  /** A paper of the recent window: its features for the reader's browser (src/ingest/stages/window.ts). */
  features?: IngestFeatures;
  links: PaperLink[];
  facts: PaperFacts;
  sources: SourceRef[];
  /** Where a curator's corrections replaced what the stages made: the hashes of what the stages made (src/ingest/stages/curated.ts). */
  generatedHashes?: Record<CuratedKey, string>;
}

/** A paper's title and abstract as word ids of the vocabulary (src/analysis/terms.ts), the title's first. */
export interface PaperTokens {
  ids: Uint32Array;
  /** How many of the ids are the title's. */
  titleLength: number;
}

/** A problem found in the input, reported with its place; ingest goes on. */
export interface Warning {
  file: string;
  line: number;
  message: string;
}

export function formatWarning(w: Warning): string {
  return `${w.file}:${w.line}: ${w.message}`;
}

/** A paper as a source yields it, before any stage has run. */
export function newPaper(fields: { titleRaw: string; abstractRaw: string; date: string; rank: number; source: SourceRef; facts?: Partial<PaperFacts> }): Paper {
  return {
    id: "",
    titleRaw: fields.titleRaw,
    abstractRaw: fields.abstractRaw,
    title: fields.titleRaw,
    abstract: fields.abstractRaw,
    abstractMarkdown: "",
    tokens: { ids: new Uint32Array(0), titleLength: 0 },
    slug: "",
    date: fields.date,
    issues: [fields.date],
    rank: fields.rank,
    topics: [],
    topicTerms: {},
    related: [],
    summary: "",
    keywords: [],
    links: [],
    facts: { ...noFacts(), ...fields.facts },
    sources: [fields.source],
  };
}
