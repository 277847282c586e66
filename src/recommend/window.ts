import { createHash } from "node:crypto";
import type { Issue } from "../archive/issues.ts";
import type { PaperItem } from "../archive/paper-files.ts";
import { authorSlug, bylineNames, linkedAuthors } from "../model/authors.ts";
import { FEATURES_VERSION, encodeTerms, type PaperRecord, type WindowFile, type WindowPaper } from "../browser/features.ts";
import { featureSourceHash, keywordFeatures, windowFeatures, windowKey, type FeatureSource } from "../analysis/paper-terms.ts";
import type { WindowFeatures } from "../model/term-vector.ts";
import type { DerivedPapers } from "../store/derived.ts";

/**
 * The recent window the reader's browser ranks (/for-you/): the papers of the latest issues with their compact
 * features, as one JSON file whose name holds a hash of its bytes, so a browser keeps it until the window moves.
 * Built once per build from the archive model's issues, newest first: the work grows with the window, never with the
 * archive. The features themselves are the ingest's (content/derived.json, src/ingest/stages/window.ts) when it saw the
 * same window with the same words; otherwise, after a curator's edit or with no ingest run, they are computed here,
 * the same way. Each paper page gives the browser its paper's record (`paperRecord`): a window paper's features, or
 * for an older paper its keywords (the ingest's, from the whole archive) as terms, so a paper saved from an old page
 * counts too, and one saved from the window keeps its features once the window moves on.
 */

/** A window paper as the builder needs it. */
export interface WindowSource extends FeatureSource {
  slug: string;
  date: string;
  topics: readonly string[];
  arxivId?: string;
  summary: string;
}

export interface BuiltWindow {
  file: WindowFile;
  /** The file's bytes, as served. */
  json: string;
  /** Where it is served: `/assets/window.<first 12 hex digits of its SHA-256>.json`. */
  url: string;
  /** Each window paper's features, by slug, for its page's record. */
  vectors: Map<string, WindowFeatures>;
  /** Whether the features were the ingest's (or computed by the build). */
  fromIngest: boolean;
}

/** The window's papers, newest issue first, each once (a paper listed again keeps its first place). */
function windowPapers<P extends { slug: string }>(issues: readonly { date: string; papers: readonly P[] }[], count: number): P[] {
  const seen = new Map<string, P>();
  for (const issue of issues.slice(0, count)) for (const paper of issue.papers) if (!seen.has(paper.slug)) seen.set(paper.slug, paper);
  return [...seen.values()];
}

/**
 * The ingest's features for these papers, if it computed them for this very window from the same words (a
 * paper's features depend on every other paper of the window); undefined otherwise.
 */
function ingestFeatures(papers: readonly WindowSource[], derived: DerivedPapers): WindowFeatures[] | undefined {
  const key = windowKey(papers.map((p) => p.slug));
  const found: WindowFeatures[] = [];
  for (const paper of papers) {
    const features = derived[paper.slug]?.features;
    if (features?.window !== key || features.text !== featureSourceHash(paper)) return undefined;
    found.push(features);
  }
  return found;
}

export function buildWindow(issues: readonly { date: string; papers: readonly WindowSource[] }[], count: number, derived: DerivedPapers = {}): BuiltWindow {
  const papers = windowPapers(issues, count);
  const precomputed = ingestFeatures(papers, derived);
  const vectors = precomputed ?? windowFeatures(papers);
  // Commonest terms first, so a paper's gaps between indexes are small numbers.
  const uses = new Map<string, number>();
  for (const { vector } of vectors) for (const term of vector.terms) uses.set(term, (uses.get(term) ?? 0) + 1);
  const order = [...uses].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([term]) => term);
  const index = new Map(order.map((term, i) => [term, i]));
  const shown: Record<string, string> = {};
  for (const vector of vectors) for (const [term, text] of Object.entries(vector.shown)) shown[index.get(term)!] ??= text;
  const file: WindowFile = {
    version: FEATURES_VERSION,
    issues: issues.slice(0, count).map((issue) => issue.date),
    terms: order,
    shown,
    papers: papers.map((p, i): WindowPaper => {
      const byline = [...bylineNames(p.authors)];
      return {
        slug: p.slug,
        title: p.title,
        date: p.date,
        byline,
        etAl: byline.length < p.authors.length,
        authorSlugs: linkedAuthors(p.authors).map(authorSlug),
        topics: [...p.topics],
        ...(p.arxivId && { arxivId: p.arxivId }),
        summary: p.summary,
        ...encodeTerms(vectors[i].vector, index),
      };
    }),
  };
  const json = JSON.stringify(file);
  const hash = createHash("sha256").update(json).digest("hex").slice(0, 12);
  const bySlug = new Map(papers.map((p, i) => [p.slug, vectors[i]]));
  return { file, json, url: `/assets/window.${hash}.json`, vectors: bySlug, fromIngest: precomputed !== undefined };
}

/** What the window needs of a paper page. */
export function windowSource(paper: PaperItem): WindowSource {
  const { data } = paper;
  return {
    slug: data.slug,
    title: data.title,
    abstract: paper.body,
    authors: data.authors ?? [],
    date: data.issues[0],
    topics: data.topics,
    arxivId: data.arxiv_id,
    summary: data.summary,
  };
}

/** The window of the archive's latest `count` issues (newest first, as the archive model gives them). */
export function archiveWindow(issues: readonly Issue[], count: number, derived: DerivedPapers): BuiltWindow {
  return buildWindow(
    issues.slice(0, count).map((issue) => ({ date: issue.date, papers: issue.papers.map(windowSource) })),
    count,
    derived,
  );
}

/** A paper page's record for the browser: what saving it keeps (the page's "Cite" entry the browser reads from the page). */
export function paperRecord(paper: PaperItem, window: BuiltWindow, keywords: readonly string[] = []): Omit<PaperRecord, "bibtex"> {
  const { data } = paper;
  const byline = [...bylineNames(data.authors)];
  return {
    version: FEATURES_VERSION,
    slug: data.slug,
    title: data.title,
    date: data.issues[0] ?? data.date,
    byline,
    etAl: byline.length < (data.authors?.length ?? 0),
    topics: data.topics,
    ...(data.arxiv_id && { arxivId: data.arxiv_id }),
    // Computing an older page's own TF-IDF on every build would tokenise the whole archive again; its keywords are at hand.
    vector: (window.vectors.get(data.slug) ?? keywordFeatures(keywords)).vector,
  };
}
