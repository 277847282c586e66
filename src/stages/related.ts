import { nearestNeighbours } from "../enrich/related.ts";
import { surfaceForms } from "../enrich/terms.ts";
import { buildCorpus, topTerms } from "../enrich/tfidf.ts";
import type { Paper } from "../paper.ts";

export const RELATED_COUNT = 5;
export const KEYWORD_COUNT = 5;

/** Related papers and keywords, both from one TF-IDF model of the whole archive. */
export function related(papers: Paper[]): Paper[] {
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
