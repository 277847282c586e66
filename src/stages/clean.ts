import { cleanTitleOrAbstract } from "../clean/index.ts";
import { capLength } from "../clean/text.ts";
import type { Paper } from "../paper.ts";
import { PARALLEL_FROM, runBeside, workerShareFrom } from "../workers.ts";

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

/** Every paper's text cleaned (src/clean/); a large archive's second half in a worker thread meanwhile. */
export function clean(papers: Paper[], _context?: unknown, parallelFrom = PARALLEL_FROM): Paper[] {
  const half = workerShareFrom(papers.length, parallelFrom);
  const rest = papers.slice(half).map(({ titleRaw, abstractRaw }) => ({ titleRaw, abstractRaw }));
  const worker = rest.length ? runBeside<ReturnType<typeof cleanPaperText>[]>(new URL("../clean/clean-worker.ts", import.meta.url), rest) : undefined;
  const first = papers.slice(0, half).map(cleanPaperText);
  const second = worker?.() ?? [];
  return papers.map((p, i) => ({ ...p, ...(i < half ? first[i] : second[i - half]) }));
}
