import { paperTokens } from "../enrich/terms.ts";
import type { Paper } from "../paper.ts";

/** The cleaned title and abstract as word ids (src/enrich/terms.ts): topics and related papers read these. */
export function tokens(papers: Paper[]): Paper[] {
  return papers.map((p) => ({ ...p, tokens: paperTokens(p.title, p.abstract) }));
}
