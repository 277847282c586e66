import { cleanTitleOrAbstract } from "../../text/clean.ts";
import { capLength } from "../../text/plain.ts";
import type { Paper } from "../../model/paper.ts";
import { mapInHalves, PARALLEL_FROM } from "../../platform/workers.ts";
import { inputKey } from "../../store/stage-memo.ts";
import type { PipelineContext } from "./context.ts";

/** A paper's scraped text → a readable title and abstract, and the abstract as Markdown for the page body. */
export function cleanPaperText({ titleRaw, abstractRaw }: { titleRaw: string; abstractRaw: string }): {
  title: string;
  abstract: string;
  abstractMarkdown: string;
} {
  const abstract = cleanTitleOrAbstract(abstractRaw);
  // A title of invisible characters or TeX alone cleans to nothing: the abstract's opening words name the paper instead.
  const title = cleanTitleOrAbstract(titleRaw).plain || capLength(abstract.plain, UNTITLED_LENGTH) || "Untitled";
  return { title, abstract: abstract.plain, abstractMarkdown: abstract.markdown };
}

const UNTITLED_LENGTH = 80;

/**
 * Every paper's text cleaned (src/text/), or as the memo has it (`memo`); a large archive's second half in a worker
 * thread meanwhile.
 */
export function clean(papers: Paper[], { parallelFrom = PARALLEL_FROM, memo }: Pick<PipelineContext, "parallelFrom" | "memo"> = {}): Paper[] {
  const cleanAll = (share: Paper[]) =>
    mapInHalves(share, parallelFrom, cleanPaperText, {
      module: new URL("./clean-worker.ts", import.meta.url),
      input: (half) => half.map(({ titleRaw, abstractRaw }) => ({ titleRaw, abstractRaw })),
    });
  if (!memo) {
    const cleaned = cleanAll(papers);
    return papers.map((p, i) => ({ ...p, ...cleaned[i] }));
  }
  const kept = memo.map(
    "clean",
    papers,
    (p) => inputKey(p.titleRaw, p.abstractRaw),
    (misses) => cleanAll(misses).map((text, i) => keptText(text, misses[i])),
  );
  return papers.map((p, i) => ({ ...p, ...textFromKept(p, kept[i]) }));
}

/**
 * What the memo keeps of cleaned text: each text, or null where it is the text it comes from (the scraped title or
 * abstract, the plain abstract as Markdown) — so for most papers (78% and 71% of real listings' abstracts), none.
 */
type KeptText = [title: string | null, abstract: string | null, abstractMarkdown: string | null];

function keptText({ title, abstract, abstractMarkdown }: ReturnType<typeof cleanPaperText>, { titleRaw, abstractRaw }: Paper): KeptText {
  return [title === titleRaw ? null : title, abstract === abstractRaw ? null : abstract, abstractMarkdown === abstract ? null : abstractMarkdown];
}

function textFromKept({ titleRaw, abstractRaw }: Paper, [title, abstract, abstractMarkdown]: KeptText): ReturnType<typeof cleanPaperText> {
  const plain = abstract ?? abstractRaw;
  return { title: title ?? titleRaw, abstract: plain, abstractMarkdown: abstractMarkdown ?? plain };
}
