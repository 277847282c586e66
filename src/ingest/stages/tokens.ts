import { paperTokens, vocabulary } from "../../analysis/terms.ts";
import type { Paper, PaperTokens } from "../../model/paper.ts";
import { inputKey, type Numbering } from "../../store/stage-memo.ts";
import type { PipelineContext } from "./context.ts";

/**
 * The cleaned title and abstract as word ids (src/analysis/terms.ts): topics and related papers read these. A paper
 * whose title and abstract the memo knows takes its ids from it (`memo`), read into this run's vocabulary.
 */
export function tokens(papers: Paper[], { memo }: Pick<PipelineContext, "memo"> = {}): Paper[] {
  const split = (share: Paper[]) => share.map((p) => paperTokens(p.title, p.abstract));
  const made = memo ? memo.map("tokens", papers, (p) => inputKey(p.title, p.abstract), split, WORD_IDS) : split(papers);
  return papers.map((p, i) => ({ ...p, tokens: made[i] }));
}

/** Word ids are the process's own: the memo keeps the vocabulary's words with them, and a later run maps each id to its own. */
const WORD_IDS: Numbering<PaperTokens> = {
  table: () => vocabulary.wordList(),
  reader: (words) => {
    const ids = vocabulary.idsOf(Array.isArray(words) ? words.map(String) : []);
    return (tokens) => {
      if (!(tokens?.ids instanceof Uint32Array) || !Number.isInteger(tokens.titleLength)) throw new Error("not a paper's tokens");
      for (let i = 0; i < tokens.ids.length; i++) {
        if (tokens.ids[i] >= ids.length) throw new Error(`word id ${tokens.ids[i]} is past the memo's ${ids.length} words`);
        tokens.ids[i] = ids[tokens.ids[i]];
      }
      return tokens;
    };
  },
};
