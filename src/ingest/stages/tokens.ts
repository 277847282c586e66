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

/**
 * Word ids are the process's own: the memo keeps with them the words they stand for, only those its results use and
 * numbered in order of first use (the table grows with the archive, not with its history), and a later run reads them
 * into its own numbering.
 */
const WORD_IDS: Numbering<PaperTokens> = {
  write: (results) => {
    const renumbered = new Int32Array(vocabulary.size).fill(-1);
    const words: string[] = [];
    const written = results.map(({ ids, titleLength }) => {
      const kept = new Uint32Array(ids.length);
      for (let i = 0; i < ids.length; i++) {
        if (!(ids[i] < renumbered.length)) throw new Error(`word id ${ids[i]} is past the vocabulary's ${renumbered.length} words`);
        if (renumbered[ids[i]] < 0) renumbered[ids[i]] = words.push(vocabulary.word(ids[i])) - 1;
        kept[i] = renumbered[ids[i]];
      }
      return { ids: kept, titleLength };
    });
    return { table: words, results: written };
  },
  reader: (words) => {
    if (!Array.isArray(words) || !words.every((word) => typeof word === "string")) throw new Error("not a list of words");
    const ids = vocabulary.idsOf(words);
    return (tokens) => {
      if (!(tokens?.ids instanceof Uint32Array) || !Number.isInteger(tokens.titleLength)) throw new Error("not a paper's tokens");
      const read = new Uint32Array(tokens.ids.length);
      for (let i = 0; i < read.length; i++) {
        if (tokens.ids[i] >= ids.length) throw new Error(`word id ${tokens.ids[i]} is past the memo's ${ids.length} words`);
        read[i] = ids[tokens.ids[i]];
      }
      return { ids: read, titleLength: tokens.titleLength };
    };
  },
};
