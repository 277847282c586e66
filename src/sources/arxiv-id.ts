/**
 * arXiv identifiers, as sources write them: `2501.00656v2`, `arXiv:2501.00656`,
 * `http://arxiv.org/abs/2501.00656v2`, `oai:arXiv.org:2501.00656v1`, or an old-style
 * `hep-th/9901001v3`. A paper is one paper whatever its version. https://info.arxiv.org/help/arxiv_identifier.html
 */

/** An id without its version: `2501.00656` or `hep-th/9901001`. */
export const ARXIV_ID_PATTERN = /^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})$/;

const IN_TEXT = /(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v(\d+))?$/;

export interface ArxivRef {
  id: string;
  /** 0 when the reference names no version. */
  version: number;
}

/** The id and version a reference names, or undefined if it names none. */
export function parseArxivRef(text: string): ArxivRef | undefined {
  const m = IN_TEXT.exec(text.trim().replace(/\/+$/, "").replace(/\.pdf$/, ""));
  return m ? { id: m[1], version: m[2] ? Number(m[2]) : 0 } : undefined;
}

export function arxivAbsUrl(id: string): string {
  return `https://arxiv.org/abs/${id}`;
}

export function arxivPdfUrl(id: string): string {
  return `https://arxiv.org/pdf/${id}`;
}
