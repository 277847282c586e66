import { FEATURES_VERSION, readWindow, type PaperRecord, type Window, type WindowFile } from "./features.ts";
import { emptyLibrary, readLibrary, withRecord, type Library } from "./library.ts";
import { paperPath, siteRoot } from "./dom.ts";

/**
 * Where the library lives: one localStorage value per site (the key holds the site's root, since sites under
 * sub-paths of one host share its storage). Every change reads the stored value first, so two tabs do not undo each
 * other; each tells the page through a "library" event, and other tabs through the browser's "storage" event.
 */

const key = () => `paper-digest:library:${siteRoot()}`;

export interface Stored {
  library: Library;
  /** False when the stored value is of a newer format than this script, or storage is unavailable: nothing is written. */
  writable: boolean;
}

/** The reader's library; an empty one when nothing is stored. */
export function loadLibrary(): Stored {
  let raw: string | null;
  try {
    raw = localStorage.getItem(key());
  } catch {
    return { library: emptyLibrary(), writable: false };
  }
  if (raw === null) return { library: emptyLibrary(), writable: true };
  try {
    const library = readLibrary(JSON.parse(raw));
    return library ? { library, writable: true } : { library: emptyLibrary(), writable: false };
  } catch {
    return { library: emptyLibrary(), writable: false };
  }
}

/** Applies a change to the stored library and stores it; the library as it now is. */
export function change(apply: (library: Library) => Library): Library {
  const { library, writable } = loadLibrary();
  const next = apply(library);
  if (writable && next !== library) {
    try {
      localStorage.setItem(key(), JSON.stringify(next));
    } catch {
      // Storage full or refused: the page keeps working, and says so where it can.
      document.dispatchEvent(new CustomEvent("library-error"));
    }
  }
  document.dispatchEvent(new CustomEvent("library"));
  return next;
}

/** Calls `refresh` whenever the library changes, here or in another tab. */
export function onLibraryChange(refresh: () => void): void {
  document.addEventListener("library", refresh);
  window.addEventListener("storage", (event) => {
    if (event.key === key()) refresh();
  });
}

/**
 * A paper page's record (`<script type="application/json" id="paper-record">`), if it is one this script reads, with
 * the BibTeX entry the page's "Cite" shows: the library exports the very entry the page gives.
 */
export function recordOf(doc: Document, slug?: string): PaperRecord | undefined {
  try {
    const record = JSON.parse(doc.getElementById("paper-record")?.textContent ?? "null") as PaperRecord | null;
    if (!record || record.version !== FEATURES_VERSION || typeof record.slug !== "string" || (slug && record.slug !== slug)) return undefined;
    return { ...record, bibtex: doc.querySelector("details.cite code")?.textContent ?? "" };
  } catch {
    return undefined;
  }
}

/** A paper's record, read from its page (fetched, parsed inert: its scripts never run). */
export async function fetchRecord(slug: string): Promise<PaperRecord | undefined> {
  try {
    const response = await fetch(paperPath(slug));
    if (!response.ok) return undefined;
    return recordOf(new DOMParser().parseFromString(await response.text(), "text/html"), slug);
  } catch {
    return undefined;
  }
}

/** Fetches the records of saved papers that have none yet (saved from a listing, or imported), one at a time; how many it got. */
export async function completeRecords(limit = 50): Promise<number> {
  const missing = Object.values(loadLibrary().library.papers)
    .filter((p) => !p.bibtex || !p.vector)
    .slice(0, limit);
  let got = 0;
  for (const paper of missing) {
    const record = await fetchRecord(paper.slug);
    if (!record) continue;
    got++;
    change((library) =>
      library.papers[paper.slug] ? { ...library, papers: { ...library.papers, [paper.slug]: withRecord(library.papers[paper.slug], record) } } : library,
    );
  }
  return got;
}

const WINDOW_CACHE = "paper-digest-window";

/**
 * The recent window's features. Its address changes with its content, so a copy in the Cache API is good until the
 * page names another; the copies of older windows are deleted. Without the Cache API (a page not served over
 * HTTPS), the browser's HTTP cache does what it can.
 */
export async function loadWindow(path: string): Promise<Window | undefined> {
  const url = new URL(path, location.href).href;
  let response: Response | undefined;
  try {
    const cache = await caches.open(WINDOW_CACHE);
    response = await cache.match(url);
    if (!response) {
      response = await fetch(url);
      if (response.ok) {
        await cache.put(url, response.clone());
        for (const request of await cache.keys()) if (request.url !== url) await cache.delete(request);
      }
    }
  } catch {
    response = await fetch(url).catch(() => undefined);
  }
  if (!response?.ok) return undefined;
  try {
    return readWindow((await response.json()) as WindowFile);
  } catch {
    return undefined;
  }
}
