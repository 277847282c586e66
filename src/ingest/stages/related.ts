import { nearestNeighbours } from "../../analysis/related.ts";
import type { TopicPrior } from "../../analysis/neighbour-search.ts";
import { buildCorpus, topTerms } from "../../analysis/tfidf.ts";
import { sharedArray } from "../../platform/workers.ts";
import { issueDates } from "../../model/issue.ts";
import type { Paper } from "../../model/paper.ts";
import { relatedSource, type DerivedPaper, type DerivedPapers } from "../../store/derived.ts";
import type { PipelineContext } from "./context.ts";
import type { Taxonomy } from "../../analysis/topics.ts";

export const RELATED_COUNT = 5;
export const KEYWORD_COUNT = 5;
/** What sharing all their topics adds to two papers' cosine (typically 0.05–0.4): enough to prefer a paper of the same field among lexically close ones. */
export const TOPIC_PRIOR = 0.1;

/**
 * Related papers and keywords, both from one TF-IDF model of the whole archive, in each paper's
 * own spelling. Papers that share topics are preferred: words alone pair an RL paper with
 * optimisation papers that say "policy" and "gradient" as often.
 *
 * Every run shifts the archive's idf a little, which reorders near-ties in most papers' lists; so with
 * `relatedRefreshDays`, a paper keeps the lists the last run wrote (`previousDerived`) unless it is due
 * (`dueForRelated`), and only the due papers are searched for, among every paper. A due paper's lists are
 * exactly what a run over all papers gives it. Without `relatedRefreshDays`, every paper is due.
 */
export function related(papers: Paper[], { taxonomy, corpus: started, previousDerived = {}, relatedRefreshDays }: PipelineContext): Paper[] {
  const corpus = started?.() ?? buildCorpus(papers.map((p) => p.tokens.ids));
  if (corpus.vectors.length !== papers.length)
    throw new Error(`the corpus started for related papers holds ${corpus.vectors.length} papers, not ${papers.length}`);
  const kept = relatedRefreshDays === undefined ? undefined : keptEntries(papers, previousDerived, relatedRefreshDays);
  const queries = kept && papers.flatMap((_, i) => (kept[i] ? [] : [i]));
  const neighbours = nearestNeighbours(corpus, RELATED_COUNT, 3, topicPrior(papers, taxonomy), undefined, queries);
  const found = new Array<(typeof neighbours)[number] | undefined>(papers.length);
  neighbours.forEach((list, q) => (found[queries ? queries[q] : q] = list));
  return papers.map((p, i) => {
    const entry = kept?.[i];
    if (entry) return { ...p, related: entry.related.map(({ slug, shared }) => ({ slug, shared })), keywords: entry.keywords };
    return { ...p, related: found[i]!.map((n) => ({ slug: papers[n.doc].slug, shared: n.shared })), keywords: topTerms(corpus, i, KEYWORD_COUNT) };
  });
}

/**
 * Per paper, the last run's entry to keep, or undefined where the paper is due (`dueForRelated`). The refresh
 * day is the number of issue dates in the archive, so each new issue moves on one bucket, whatever the
 * calendar's gaps (arXiv announces nothing at weekends), and a run again on the same archive refreshes
 * the same bucket.
 */
function keptEntries(papers: Paper[], previous: DerivedPapers, refreshDays: number): (DerivedPaper | undefined)[] {
  const sources = papers.map(relatedSource);
  const bySlug = new Map(papers.map((p, i) => [p.slug, i]));
  const day = refreshDay(papers);
  return papers.map((paper, i) => {
    const entry = previous[paper.slug];
    const due = dueForRelated(paper.slug, entry, sources[i], day, refreshDays, (slug, title) => {
      const other = bySlug.get(slug);
      return other !== undefined && papers[other].title === title && previous[slug]?.source === sources[other];
    });
    return due ? undefined : entry;
  });
}

/**
 * Whether a paper's related papers and keywords are computed this run rather than kept from the last one:
 * when it is new (no `entry`) or the entry is not one this code wrote; when its own words or topics changed
 * (`source`, as `relatedSource` gives it now); when a paper its list names is gone, retitled or reworded
 * (`unchanged` says it is not); or when its bucket (a hash of its slug, modulo `refreshDays`) is the day's.
 */
export function dueForRelated(
  slug: string,
  entry: DerivedPaper | undefined,
  source: string,
  day: number,
  refreshDays: number,
  unchanged: (slug: string, title: string) => boolean,
): boolean {
  if (!entry || !Array.isArray(entry.related) || !Array.isArray(entry.keywords) || entry.source !== source) return true;
  if (refreshBucket(slug, refreshDays) === day % refreshDays) return true;
  return !entry.related.every((r) => unchanged(r.slug, r.title));
}

/** The day of the refresh cycle a run is on: how many issue dates the archive's papers have. */
export function refreshDay(papers: readonly Pick<Paper, "issues">[]): number {
  return issueDates(papers).length;
}

/** A paper's place in the refresh cycle, 0 to `refreshDays` − 1, from its slug alone (FNV-1a), so it never moves. */
export function refreshBucket(slug: string, refreshDays: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < slug.length; i++) hash = Math.imul(hash ^ slug.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % refreshDays;
}

/**
 * What sharing topics adds to two papers' cosine: `TOPIC_PRIOR` × the share of their topics they have in
 * common (the fallback topic left out). Each paper's topics are bits in one shared array: the prior is
 * asked of 40 candidates a paper, on two threads.
 */
function topicPrior(papers: Paper[], taxonomy: Taxonomy): TopicPrior {
  const slugs = taxonomy.topics.filter((t) => !t.fallback).map((t) => t.slug);
  const index = new Map(slugs.map((slug, i) => [slug, i]));
  const words = Math.ceil(slugs.length / 32);
  const bits = sharedArray(Uint32Array, words * papers.length);
  const counts = sharedArray(Uint8Array, papers.length);
  papers.forEach((p, i) => {
    for (const t of p.topics) {
      if (!index.has(t)) continue;
      bits[i * words + (index.get(t)! >> 5)] |= 1 << (index.get(t)! & 31);
      counts[i]++;
    }
  });
  return { bits, words, counts, weight: TOPIC_PRIOR };
}
