import type { Interests } from "../model/follow.ts";
import type { TermVector } from "../model/term-vector.ts";
import type { PaperRecord } from "./features.ts";

/**
 * The reader's library as their browser keeps it (localStorage, one JSON value per site): saved papers with their
 * tags, notes and read marks, papers dismissed from /for-you/, and what they follow. Nothing leaves the browser
 * but a file the reader exports. Pure: the page script (src/browser/reader.ts) loads and stores it.
 *
 * The format is versioned. A newer script reads every older version (`readLibrary` upgrades it); an older script
 * handed a newer version leaves it untouched rather than write over what it cannot read. An imported file is
 * untrusted: every value is checked and bounded, and what does not fit is dropped.
 */

export const LIBRARY_FORMAT = "paper-digest-library";
export const LIBRARY_VERSION = 2;

/** A page slug as src/model/slugs.ts writes them (lower-case ASCII words joined by hyphens). */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const LIMITS = { title: 2000, name: 300, tag: 60, tags: 30, note: 20_000, bibtex: 20_000, terms: 200, term: 200, authors: 60, papers: 20_000, follows: 1000 };

export interface SavedPaper {
  slug: string;
  title: string;
  /** When it was saved, as an ISO timestamp. */
  savedAt: string;
  tags: string[];
  note: string;
  read: boolean;
  /** What its page told the browser once fetched (src/browser/features.ts: PaperRecord). */
  date?: string;
  /** The names its byline shows, and whether it has more authors. */
  authors?: string[];
  etAl?: boolean;
  topics?: string[];
  arxivId?: string;
  bibtex?: string;
  vector?: TermVector;
  shown?: Record<string, string>;
}

export interface DismissedPaper {
  slug: string;
  title: string;
  at: string;
  vector?: TermVector;
}

export interface Followed {
  slug: string;
  name: string;
}

export interface Library {
  format: typeof LIBRARY_FORMAT;
  version: typeof LIBRARY_VERSION;
  papers: Record<string, SavedPaper>;
  dismissed: Record<string, DismissedPaper>;
  follows: { authors: Followed[]; topics: Followed[]; keywords: string[] };
}

export function emptyLibrary(): Library {
  return { format: LIBRARY_FORMAT, version: LIBRARY_VERSION, papers: {}, dismissed: {}, follows: { authors: [], topics: [], keywords: [] } };
}

// ---- Reading untrusted JSON ----------------------------------------------------------------------------------

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown, max: number): string | undefined => (typeof value === "string" ? value.slice(0, max) : undefined);
const texts = (value: unknown, max: number, count: number): string[] =>
  Array.isArray(value) ? value.flatMap((v) => (typeof v === "string" && v.trim() ? [v.slice(0, max)] : [])).slice(0, count) : [];
const slugOf = (value: unknown): string | undefined => (typeof value === "string" && value.length <= 200 && SLUG.test(value) ? value : undefined);
const timestamp = (value: unknown): string =>
  typeof value === "string" && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : new Date(0).toISOString();

function vectorOf(value: unknown): TermVector | undefined {
  if (!isObject(value) || !Array.isArray(value.terms) || !Array.isArray(value.weights) || typeof value.scale !== "number") return undefined;
  const terms = value.terms.slice(0, LIMITS.terms);
  const weights = value.weights.slice(0, terms.length);
  if (terms.length !== weights.length) return undefined;
  if (!terms.every((t) => typeof t === "string" && t.length <= LIMITS.term)) return undefined;
  if (!weights.every((w) => Number.isInteger(w) && w >= 1 && w <= 255)) return undefined;
  if (!(value.scale > 0 && value.scale <= 1)) return undefined;
  return { terms: terms as string[], weights: weights as number[], scale: value.scale };
}

function shownOf(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const entries = Object.entries(value).flatMap(([k, v]) => (typeof v === "string" && k.length <= LIMITS.term ? [[k, v.slice(0, LIMITS.term)]] : []));
  return Object.fromEntries(entries.slice(0, LIMITS.terms));
}

function savedPaperOf(value: unknown): SavedPaper | undefined {
  if (!isObject(value)) return undefined;
  const slug = slugOf(value.slug);
  const title = text(value.title, LIMITS.title);
  if (!slug || !title) return undefined;
  const paper: SavedPaper = {
    slug,
    title,
    savedAt: timestamp(value.savedAt),
    tags: [...new Set(texts(value.tags, LIMITS.tag, LIMITS.tags).map((t) => t.trim()))],
    note: text(value.note, LIMITS.note) ?? "",
    read: value.read === true,
  };
  if (typeof value.date === "string" && DAY.test(value.date)) paper.date = value.date;
  if (Array.isArray(value.authors)) paper.authors = texts(value.authors, LIMITS.name, LIMITS.authors);
  if (typeof value.etAl === "boolean") paper.etAl = value.etAl;
  if (Array.isArray(value.topics)) paper.topics = texts(value.topics, 200, 50).filter((s) => SLUG.test(s));
  const arxivId = text(value.arxivId, 40);
  if (arxivId && /^[\w./-]+$/.test(arxivId)) paper.arxivId = arxivId;
  const bibtex = text(value.bibtex, LIMITS.bibtex);
  if (bibtex && bibtex.startsWith("@")) paper.bibtex = bibtex;
  const vector = vectorOf(value.vector);
  if (vector) paper.vector = vector;
  const shown = shownOf(value.shown);
  if (shown) paper.shown = shown;
  return paper;
}

function followedOf(value: unknown): Followed[] {
  if (!Array.isArray(value)) return [];
  const list = value.flatMap((v) => {
    const slug = isObject(v) ? slugOf(v.slug) : undefined;
    return slug ? [{ slug, name: text((v as Record<string, unknown>).name, LIMITS.name) || slug }] : [];
  });
  return list.filter((f, i) => list.findIndex((g) => g.slug === f.slug) === i).slice(0, LIMITS.follows);
}

/**
 * A library from stored or imported JSON, upgraded to this version: version 1 kept saved papers alone, as a list of
 * `{ slug, title, savedAt }`. Undefined when it is not a library, or is of a version newer than this script.
 */
export function readLibrary(value: unknown): Library | undefined {
  if (!isObject(value) || !Number.isInteger(value.version)) return undefined;
  const version = value.version as number;
  if (version > LIBRARY_VERSION || version < 1) return undefined;
  const library = emptyLibrary();
  const saved = version === 1 ? (Array.isArray(value.saved) ? value.saved : []) : isObject(value.papers) ? Object.values(value.papers) : [];
  for (const item of saved.slice(0, LIMITS.papers)) {
    const paper = savedPaperOf(item);
    if (paper) library.papers[paper.slug] = paper;
  }
  if (version >= 2) {
    if (value.format !== LIBRARY_FORMAT) return undefined;
    for (const item of isObject(value.dismissed) ? Object.values(value.dismissed).slice(0, LIMITS.papers) : []) {
      const slug = isObject(item) ? slugOf(item.slug) : undefined;
      if (!slug) continue;
      const entry = item as Record<string, unknown>;
      const vector = vectorOf(entry.vector);
      library.dismissed[slug] = { slug, title: text(entry.title, LIMITS.title) ?? slug, at: timestamp(entry.at), ...(vector && { vector }) };
    }
    const follows = isObject(value.follows) ? value.follows : {};
    library.follows = {
      authors: followedOf(follows.authors),
      topics: followedOf(follows.topics),
      keywords: [...new Set(texts(follows.keywords, LIMITS.name, LIMITS.follows).map((k) => k.trim()))],
    };
  }
  return library;
}

/** A library merged into another (an import into what this browser has): the imported entry wins where both have a paper. */
export function mergeLibraries(into: Library, from: Library): Library {
  const union = (a: Followed[], b: Followed[]) => [...a, ...b.filter((f) => !a.some((g) => g.slug === f.slug))];
  return {
    ...into,
    papers: { ...into.papers, ...from.papers },
    dismissed: { ...into.dismissed, ...from.dismissed },
    follows: {
      authors: union(into.follows.authors, from.follows.authors),
      topics: union(into.follows.topics, from.follows.topics),
      keywords: [...new Set([...into.follows.keywords, ...from.follows.keywords])],
    },
  };
}

// ---- Changes -------------------------------------------------------------------------------------------------

/** A saved paper with what its page record says (or keeps what it had). */
export function withRecord(paper: SavedPaper, record: PaperRecord): SavedPaper {
  return {
    ...paper,
    title: record.title,
    date: record.date,
    authors: record.byline,
    etAl: record.etAl,
    topics: record.topics,
    ...(record.arxivId && { arxivId: record.arxivId }),
    bibtex: record.bibtex,
    vector: record.vector,
    ...(record.shown && { shown: record.shown }),
  };
}

export function savePaper(library: Library, paper: { slug: string; title: string }, now = new Date()): Library {
  if (library.papers[paper.slug]) return library;
  const dismissed = { ...library.dismissed };
  delete dismissed[paper.slug];
  const saved: SavedPaper = { slug: paper.slug, title: paper.title, savedAt: now.toISOString(), tags: [], note: "", read: false };
  return { ...library, dismissed, papers: { ...library.papers, [paper.slug]: saved } };
}

export function unsavePaper(library: Library, slug: string): Library {
  const papers = { ...library.papers };
  delete papers[slug];
  return { ...library, papers };
}

export function updatePaper(library: Library, slug: string, change: Partial<Pick<SavedPaper, "tags" | "note" | "read">>): Library {
  const paper = library.papers[slug];
  if (!paper) return library;
  return { ...library, papers: { ...library.papers, [slug]: { ...paper, ...change } } };
}

export function dismissPaper(library: Library, paper: { slug: string; title: string; vector?: TermVector }, now = new Date()): Library {
  const entry: DismissedPaper = { slug: paper.slug, title: paper.title, at: now.toISOString(), ...(paper.vector && { vector: paper.vector }) };
  return { ...library, dismissed: { ...library.dismissed, [paper.slug]: entry } };
}

export type FollowKind = "authors" | "topics";

export function isFollowing(library: Library, kind: FollowKind, slug: string): boolean {
  return library.follows[kind].some((f) => f.slug === slug);
}

export function toggleFollow(library: Library, kind: FollowKind, followed: Followed): Library {
  const list = library.follows[kind];
  const next = isFollowing(library, kind, followed.slug) ? list.filter((f) => f.slug !== followed.slug) : [...list, followed];
  return { ...library, follows: { ...library.follows, [kind]: next } };
}

export function setKeywords(library: Library, keywords: string[]): Library {
  return { ...library, follows: { ...library.follows, keywords: [...new Set(keywords.map((k) => k.trim()).filter(Boolean))] } };
}

/** What the reader follows, as the one follow rule (src/model/follow.ts) takes it. */
export function interestsOf(library: Library): Interests {
  return {
    topics: library.follows.topics.map((f) => f.slug),
    authors: library.follows.authors.map((f) => f.slug),
    keywords: library.follows.keywords,
  };
}

/** Tags in use, in the order of their names. */
export function tagsOf(library: Library): string[] {
  return [...new Set(Object.values(library.papers).flatMap((p) => p.tags))].sort((a, b) => a.localeCompare(b));
}

/** Saved papers, newest first: by the paper's date, then by when it was saved. */
export function savedNewestFirst(library: Library): SavedPaper[] {
  return Object.values(library.papers).sort(
    (a, b) => (b.date ?? "").localeCompare(a.date ?? "") || b.savedAt.localeCompare(a.savedAt) || a.slug.localeCompare(b.slug),
  );
}

/** The BibTeX file of the saved papers: each entry as its page's "Cite" gives it, newest first. */
export function bibtexFile(library: Library): string {
  return savedNewestFirst(library)
    .flatMap((p) => (p.bibtex ? [p.bibtex] : []))
    .join("\n\n")
    .concat("\n");
}
