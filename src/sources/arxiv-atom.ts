import { InputError } from "../input-error.ts";
import { newPaper, type Paper, type Warning } from "../paper.ts";
import { parseArxivRef } from "./arxiv-id.ts";
import type { ParsedDigest } from "./trending.ts";
import { attribute, children, elementLine, oneLine, textOf, type XmlElement } from "./xml.ts";

/**
 * A response of arXiv's `api/query` endpoint (Atom 1.0 with arXiv's extensions), one paper per
 * `<entry>`. https://info.arxiv.org/help/api/user-manual.html#_details_of_atom_results_returned
 */
export function parseArxivAtom(feed: XmlElement, text: string, file: string, date: string): ParsedDigest {
  const papers: Paper[] = [];
  const warnings: Warning[] = [];
  for (const entry of children(feed, "entry")) {
    const line = elementLine(text, entry);
    const idText = textOf(entry.id);
    // The API answers a bad query with one entry whose id is under /api/errors.
    if (idText.includes("/api/errors")) throw new InputError(file, line, `arXiv answered with an error: ${oneLine(textOf(entry.summary))}`);
    const ref = parseArxivRef(idText);
    const title = oneLine(textOf(entry.title));
    const abstract = oneLine(textOf(entry.summary));
    if (!ref) warnings.push({ file, line, message: `entry id "${idText}" is not an arXiv id; read without one` });
    if (!title || !abstract) {
      warnings.push({ file, line, message: `entry without a ${title ? "summary" : "title"}; skipped` });
      continue;
    }
    const primary = attribute(children(entry, "primary_category")[0] ?? {}, "term");
    papers.push(
      newPaper({
        titleRaw: title,
        abstractRaw: abstract,
        date,
        rank: papers.length + 1,
        source: { file, line },
        facts: {
          arxivId: ref?.id ?? "",
          arxivVersion: ref?.version ?? 0,
          authors: children(entry, "author").map((a) => oneLine(textOf(a.name))).filter(Boolean),
          categories: [...new Set([primary, ...children(entry, "category").map((c) => attribute(c, "term"))].filter(Boolean))],
          submitted: textOf(entry.published).slice(0, 10),
        },
      }),
    );
  }
  if (papers.length === 0) warnings.push({ file, line: 1, message: "no papers found in this digest" });
  return { papers, warnings };
}
