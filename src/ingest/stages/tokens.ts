import { paperTokens } from "../../analysis/terms.ts";
import type { Paper } from "../../model/paper.ts";

/** The cleaned title and abstract as word ids (src/analysis/terms.ts): topics and related papers read these. */
export function tokens(papers: Paper[]): Paper[] {
  return papers.map((p) => ({ ...p, tokens: paperTokens(p.title, p.abstract) }));
}
