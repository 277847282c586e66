import type { TermVector } from "../model/term-vector.ts";
import type { PaperRecord } from "./features.ts";
import { dismissPaper, savePaper, unsavePaper, updatePaper, withRecord, type Library, type SavedPaper } from "./library.ts";
import { h, toggle } from "./dom.ts";
import { change, fetchRecord, loadLibrary } from "./store.ts";

/** The controls a paper gets wherever it is shown: Save, and for a saved paper its read mark, tags and note. */

export interface Savable {
  slug: string;
  title: string;
  /** What the page already knows of it: its record (a paper page), or its features (the window). */
  record?: PaperRecord;
  vector?: TermVector;
  shown?: Record<string, string>;
}

/** Saves a paper with what is known of it, then fetches its page's record if that is not known. */
export function save(paper: Savable): void {
  change((library) => {
    let next = savePaper(library, paper);
    const saved = next.papers[paper.slug];
    if (paper.record) next = withSaved(next, withRecord(saved, paper.record));
    else if (paper.vector && !saved.vector) next = withSaved(next, { ...saved, vector: paper.vector, ...(paper.shown && { shown: paper.shown }) });
    return next;
  });
  if (!paper.record) {
    void fetchRecord(paper.slug).then((record) => {
      if (record) change((library) => (library.papers[paper.slug] ? withSaved(library, withRecord(library.papers[paper.slug], record)) : library));
    });
  }
}

function withSaved(library: Library, paper: SavedPaper): Library {
  return { ...library, papers: { ...library.papers, [paper.slug]: paper } };
}

/** The Save toggle: its accessible name is "Save: <title>", aria-pressed whether the paper is saved. */
export function saveButton(paper: Savable): HTMLButtonElement {
  const button = toggle("Save", paper.title, Boolean(loadLibrary().library.papers[paper.slug]), (pressed) => {
    if (pressed) save(paper);
    else change((library) => unsavePaper(library, paper.slug));
  });
  button.classList.add("save");
  button.dataset.slug = paper.slug;
  return button;
}

/** Brings every Save toggle on the page in line with the library (a change here, or in another tab). */
export function refreshSaveButtons(library: Library): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>("button.save[data-slug]")) {
    button.setAttribute("aria-pressed", String(Boolean(library.papers[button.dataset.slug!])));
  }
}

/** "Not interested": drops the paper from /for-you/ and teaches the model. */
export function dismiss(paper: Savable): void {
  change((library) => dismissPaper(library, paper));
}

let uniqueId = 0;

/** A saved paper's read mark, tags and private note, each stored as it changes. */
export function savedControls(paper: SavedPaper, onTags?: () => void): HTMLElement {
  const id = `saved-${++uniqueId}`;
  const read = toggle("Read", paper.title, paper.read, (pressed) => change((library) => updatePaper(library, paper.slug, { read: pressed })), "toggle read");
  const tags = h("input", { id: `${id}-tags`, type: "text", value: paper.tags.join(", "), autocomplete: "off" });
  tags.addEventListener("change", () => {
    change((library) =>
      updatePaper(library, paper.slug, {
        tags: [
          ...new Set(
            tags.value
              .split(",")
              .map((t) => t.trim())
              .filter(Boolean),
          ),
        ],
      }),
    );
    onTags?.();
  });
  const note = h("textarea", { id: `${id}-note`, rows: "2" });
  note.value = paper.note;
  note.addEventListener("input", () => change((library) => updatePaper(library, paper.slug, { note: note.value })));
  return h(
    "div",
    { class: "saved-controls" },
    read,
    h("p", {}, h("label", { for: tags.id }, "Tags", h("span", { class: "visually-hidden" }, ` for ${paper.title}`), " (comma-separated)"), tags),
    h("p", {}, h("label", { for: note.id }, "Private note", h("span", { class: "visually-hidden" }, ` on ${paper.title}`)), note),
  );
}
