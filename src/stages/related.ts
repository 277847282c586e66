import { nearestNeighbours } from "../enrich/related.ts";
import { buildCorpus, topTerms } from "../enrich/tfidf.ts";
import type { Paper } from "../paper.ts";
import type { PipelineContext } from "../pipeline.ts";
import type { Taxonomy } from "../enrich/topics.ts";

export const RELATED_COUNT = 5;
export const KEYWORD_COUNT = 5;
/** What sharing all their topics adds to two papers' cosine (typically 0.05–0.4): enough to prefer a paper of the same field among lexically close ones. */
export const TOPIC_PRIOR = 0.1;

/**
 * Related papers and keywords, both from one TF-IDF model of the whole archive, in each paper's
 * own spelling. Papers that share topics are preferred: words alone pair an RL paper with
 * optimisation papers that say "policy" and "gradient" as often.
 */
export function related(papers: Paper[], { taxonomy }: PipelineContext): Paper[] {
  const corpus = buildCorpus(papers.map((p) => p.tokens.ids));
  const neighbours = nearestNeighbours(corpus, RELATED_COUNT, 3, topicPrior(papers, taxonomy));
  return papers.map((p, i) => ({
    ...p,
    related: neighbours[i].map((n) => ({ slug: papers[n.doc].slug, shared: n.shared })),
    keywords: topTerms(corpus, i, KEYWORD_COUNT),
  }));
}

/**
 * What sharing topics adds to two papers' cosine: `TOPIC_PRIOR` × the share of their topics they have in
 * common (the fallback topic left out). Each paper's topics are read as bits: the prior is asked of 40
 * candidates a paper.
 */
function topicPrior(papers: Paper[], taxonomy: Taxonomy): (a: number, b: number) => number {
  const slugs = taxonomy.topics.filter((t) => !t.fallback).map((t) => t.slug);
  const index = new Map(slugs.map((slug, i) => [slug, i]));
  const words = Math.ceil(slugs.length / 32);
  const bits = new Uint32Array(words * papers.length);
  const counts = papers.map((p, i) => {
    for (const t of p.topics) if (index.has(t)) bits[i * words + (index.get(t)! >> 5)] |= 1 << (index.get(t)! & 31);
    return countBits(bits, i * words, words);
  });
  return (a, b) => {
    let shared = 0;
    for (let w = 0; w < words; w++) shared += popcount(bits[a * words + w] & bits[b * words + w]);
    return shared ? (TOPIC_PRIOR * shared) / Math.max(counts[a], counts[b]) : 0;
  };
}

function popcount(word: number): number {
  let count = 0;
  for (let w = word >>> 0; w; w &= w - 1) count++;
  return count;
}

function countBits(bits: Uint32Array, from: number, words: number): number {
  let count = 0;
  for (let w = 0; w < words; w++) count += popcount(bits[from + w]);
  return count;
}
