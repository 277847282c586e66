import type { Window } from "./features.ts";
import { savePaper, type Library } from "./library.ts";
import { recommend, type Recommendation } from "./model.ts";
import { findPasted } from "./paste.ts";
import { h, paperPath, readableDay, sitePath } from "./dom.ts";
import { dismiss, refreshSaveButtons, saveButton } from "./controls.ts";
import { change, completeRecords, loadLibrary, loadWindow, onLibraryChange } from "./store.ts";

/**
 * /for-you/: the recent window ranked by the model trained here on the reader's saved papers (src/browser/model.ts),
 * each paper with the saved paper it is most like, a Save and a "Not interested" button. A reader with nothing saved
 * starts from arXiv ids or titles they paste.
 */

const SHOWN = 30;

/** The reader's saved papers that are in the window but kept no features yet get the window's, so they count after it moves on. */
function keepFeatures(window: Window): void {
  const inWindow = new Map(window.papers.map((p) => [p.slug, p]));
  change((library) => {
    const missing = Object.values(library.papers).filter((p) => !p.vector && inWindow.has(p.slug));
    if (!missing.length) return library;
    const papers = { ...library.papers };
    for (const paper of missing) {
      const vector = inWindow.get(paper.slug)!.vector;
      const shown = Object.fromEntries(vector.terms.flatMap((t) => (window.shown.has(t) ? [[t, window.shown.get(t)!]] : [])));
      papers[paper.slug] = { ...paper, vector, shown };
    }
    return { ...library, papers };
  });
}

function readerState(library: Library) {
  return {
    saved: Object.values(library.papers).map((p) => ({ slug: p.slug, title: p.title, vector: p.vector, shown: p.shown })),
    dismissed: Object.values(library.dismissed),
  };
}

function byline(paper: Window["papers"][number]): string {
  return [`${paper.byline.join(", ")}${paper.etAl ? " et al." : ""}`, readableDay(paper.date)].filter(Boolean).join(" · ");
}

function start(root: HTMLElement): void {
  const status = h("p", { class: "status", role: "status" }, "Loading the latest issues…");
  const list = h("div", { class: "for-you-list" });
  const seed = h("textarea", { id: "for-you-seed", rows: "4" });
  const seedForm = h(
    "form",
    { class: "seed-form" },
    h("p", {}, h("label", { for: seed.id }, "Paste arXiv ids or titles of papers you like, one a line")),
    seed,
    h("p", {}, h("button", { type: "submit" }, "Start from these papers")),
  );
  const start = h("div", { class: "for-you-start" });
  root.replaceChildren(status, start, list);
  let window: Window | undefined;
  const latest = root.dataset.latest ? sitePath(root.dataset.latest) : sitePath("");

  seedForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!window) return;
    const { found, unmatched } = findPasted(seed.value, window);
    change((library) => found.reduce((lib, p) => savePaper(lib, p), library));
    keepFeatures(window);
    seed.value = unmatched.join("\n");
    draw();
    status.textContent =
      `Saved ${found.length} paper${found.length === 1 ? "" : "s"} from the latest issues.` +
      (unmatched.length ? ` Not in the latest issues: ${unmatched.length} line${unmatched.length === 1 ? "" : "s"} (left in the box).` : "");
    void completeRecords();
  });

  function item(r: Recommendation, index: number): HTMLElement {
    const notInterested = h("button", { type: "button", class: "dismiss", "aria-label": `Not interested: ${r.paper.title}` }, "Not interested");
    notInterested.addEventListener("click", () => {
      dismiss({ slug: r.paper.slug, title: r.paper.title, vector: r.paper.vector });
      draw();
      status.textContent = `Removed “${r.paper.title}”; the ranking now leaves out papers like it.`;
      // Focus stays where the reader was: on the paper that took this one's place.
      list.querySelectorAll<HTMLElement>("button.dismiss")[index]?.focus();
    });
    const why = r.because
      ? h(
          "p",
          { class: "why" },
          "Like ",
          h("a", { href: paperPath(r.because.slug) }, r.because.title),
          " you saved",
          r.because.shared.length ? `: ${r.because.shared.join(", ")}` : "",
        )
      : null;
    return h(
      "li",
      { "data-slug": r.paper.slug },
      h(
        "article",
        { class: "card" },
        h("h2", { class: "card-title" }, h("a", { href: paperPath(r.paper.slug) }, r.paper.title)),
        h("p", { class: "byline" }, byline(r.paper)),
        r.paper.summary ? h("p", { class: "summary" }, r.paper.summary) : null,
        why,
        h("div", { class: "reader-actions" }, saveButton({ slug: r.paper.slug, title: r.paper.title, vector: r.paper.vector }), " ", notInterested),
      ),
    );
  }

  function draw(): void {
    const library = loadLibrary().library;
    if (!window) return;
    const ranked = recommend(window, readerState(library));
    const saved = Object.keys(library.papers).length;
    if (!ranked.length) {
      status.textContent = saved
        ? "The papers you saved are not in the latest issues and their pages could not be read yet: open one, or paste a few ids below."
        : "Nothing saved yet: this page ranks the latest issues by the papers you save.";
      start.replaceChildren(
        h(
          "p",
          {},
          "Save a few papers you like with the Save button on any paper (start with the ",
          h("a", { href: latest }, "latest issue"),
          "), or paste their arXiv ids or titles here.",
        ),
        seedForm,
      );
      list.replaceChildren();
      return;
    }
    status.textContent = `${window.papers.length - saved} papers of the latest ${window.issues.length} issue${window.issues.length === 1 ? "" : "s"}, ranked by the ${saved} paper${saved === 1 ? "" : "s"} you saved. The first ${Math.min(SHOWN, ranked.length)}:`;
    start.replaceChildren(h("details", { class: "seed" }, h("summary", {}, "Add papers you know"), seedForm));
    list.replaceChildren(h("ol", { class: "cards recommendations" }, ...ranked.slice(0, SHOWN).map(item)));
  }

  void loadWindow(sitePath(root.dataset.window ?? "")).then((loaded) => {
    window = loaded;
    if (!window) {
      status.textContent = "The latest issues could not be loaded. ";
      status.append(h("a", { href: latest }, "Read the latest issue"));
      return;
    }
    keepFeatures(window);
    draw();
    void completeRecords().then((got) => {
      if (got) draw();
    });
  });
  // Saving here only presses the button: the list is ranked again when the page is opened again.
  onLibraryChange(() => refreshSaveButtons(loadLibrary().library));
}

const root = document.getElementById("for-you");
if (root) start(root);
