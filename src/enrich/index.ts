import type { Paper } from "../paper.ts";
import { extractLinks } from "./links.ts";
import { nearestNeighbours } from "./related.ts";
import { pickSummary } from "./summary.ts";
import { surfaceForms } from "./terms.ts";
import { buildCorpus, topTerms } from "./tfidf.ts";
import { assignTopics, type Taxonomy } from "./topics.ts";

/** Pipeline stages that add reading aids to cleaned, deduplicated papers. */

export const RELATED_COUNT = 5;
export const KEYWORD_COUNT = 5;

export function topicsStage(papers: Paper[], taxonomy: Taxonomy): Paper[] {
  return papers.map((p) => {
    const { topics, terms } = assignTopics(p.title, p.abstract, taxonomy);
    return { ...p, topics, topicTerms: terms };
  });
}

/** Related papers and keywords both come from one TF-IDF model of the whole archive. */
export function tfidfStage(papers: Paper[]): Paper[] {
  const texts = papers.map((p) => `${p.title}. ${p.abstract}`);
  const corpus = buildCorpus(texts);
  // Terms are shown as each paper spells them; documents are visited in order, so one map at a time.
  let formsOf = -1;
  let forms = new Map<string, string>();
  const spell = (doc: number, term: number) => {
    if (doc !== formsOf) [formsOf, forms] = [doc, surfaceForms(texts[doc])];
    return forms.get(corpus.key(term)) ?? corpus.surface(term);
  };
  const neighbours = nearestNeighbours(corpus, RELATED_COUNT, 3, spell);
  return papers.map((p, i) => ({
    ...p,
    related: neighbours[i].map((n) => ({ slug: papers[n.doc].slug, shared: n.shared })),
    keywords: topTerms(corpus, corpus.vectors[i], KEYWORD_COUNT, (term) => spell(i, term)),
  }));
}

export function summaryStage(papers: Paper[]): Paper[] {
  return papers.map((p) => ({ ...p, summary: pickSummary(p.abstract) }));
}

export function linksStage(papers: Paper[]): Paper[] {
  return papers.map((p) => ({ ...p, links: extractLinks(p.abstractRaw) }));
}
