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
  const m = IN_TEXT.exec(
    text
      .trim()
      .replace(/\/+$/, "")
      .replace(/\.pdf$/, ""),
  );
  return m ? { id: m[1], version: m[2] ? Number(m[2]) : 0 } : undefined;
}

export function arxivAbsUrl(id: string): string {
  return `https://arxiv.org/abs/${id}`;
}

export function arxivPdfUrl(id: string): string {
  return `https://arxiv.org/pdf/${id}`;
}

/**
 * arXiv's archives, today's and those it has folded into others (`cmp-lg` into cs.CL, `chao-dyn` into nlin.CD), whose
 * papers keep their old categories. https://arxiv.org/category_taxonomy
 */
export const ARXIV_ARCHIVES = [
  ...["cs", "econ", "eess", "math", "stat", "q-bio", "q-fin", "quant-ph", "physics", "astro-ph", "cond-mat", "gr-qc", "nlin"],
  ...["hep-ex", "hep-lat", "hep-ph", "hep-th", "math-ph", "nucl-ex", "nucl-th"],
  ...["acc-phys", "adap-org", "alg-geom", "ao-sci", "atom-ph", "bayes-an", "chao-dyn", "chem-ph", "cmp-lg", "comp-gas", "dg-ga"],
  ...["funct-an", "mtrl-th", "patt-sol", "plasm-ph", "q-alg", "solv-int", "supr-con"],
];
/** An arXiv category: an archive, and its subject class where it has them: `cs.LG`, `q-bio.NC`, `physics.hist-ph`, `hep-th`. */
export const ARXIV_CATEGORY_PATTERN = new RegExp(`^(?:${ARXIV_ARCHIVES.join("|")})(?:\\.(?:[A-Z]{2}|[a-z]{2,9}(?:-[a-z]{2,6})?))?$`);
/** A Mathematics Subject Classification code: `35`, `53C`, `03B70`, `68Q99`, `68Txx`, `35-XX`. https://zbmath.org/classification/ */
export const MSC_PATTERN = /^\d{2}(?:[A-Z](?:\d{2}|xx)?|-XX|-xx|-\d{2})?$/;
/** An ACM Computing Classification (1998) code: `F.4.1`, `F.4.m`, `K.2`, `I.2`. https://www.acm.org/publications/computing-classification-system/1998 */
export const ACM_PATTERN = /^[A-K](?:\.(?:\d{1,2}|m)(?:\.(?:\d{1,2}|m))?)?$/;

/** Classification terms as arXiv's API gives them in `<category term>`, sorted by scheme; what fits none is `unknown`. */
export interface Classifications {
  categories: string[];
  msc: string[];
  acm: string[];
  unknown: string[];
}

/**
 * arXiv's API puts the authors' MSC and ACM codes in `<category term>` beside arXiv's own categories, one code or a
 * list of them per term (`03B70, 68Q99`; `F.4.1; F.4.m; K.2`; `14D20 (Primary) 14J60 (Secondary)`): each code is
 * sorted into its scheme, and a word that is no code of any (`Primary`) is `unknown`.
 */
export function sortClassifications(terms: readonly string[]): Classifications {
  const sorted: Classifications = { categories: [], msc: [], acm: [], unknown: [] };
  // "(Primary)" and "(Secondary)" say which code is which: a note, not a code.
  const codes = terms.flatMap((term) => term.split(/[\s,;]+/)).filter((code) => code && !/^\(\w+\)$/.test(code));
  for (const code of codes) {
    const scheme = ARXIV_CATEGORY_PATTERN.test(code)
      ? sorted.categories
      : MSC_PATTERN.test(code)
        ? sorted.msc
        : ACM_PATTERN.test(code)
          ? sorted.acm
          : sorted.unknown;
    if (!scheme.includes(code)) scheme.push(code);
  }
  return sorted;
}
