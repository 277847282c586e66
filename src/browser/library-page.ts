import { followMatch, followsNothing, foldForMatching } from "../model/follow.ts";
import {
  bibtexFile,
  interestsOf,
  mergeLibraries,
  readLibrary,
  savedNewestFirst,
  setKeywords,
  toggleFollow,
  type FollowKind,
  type Library,
  type SavedPaper,
} from "./library.ts";
import type { Window } from "./features.ts";
import { download, h, paperPath, readableDay, sitePath } from "./dom.ts";
import { saveButton, savedControls } from "./controls.ts";
import { change, completeRecords, loadLibrary, loadWindow, onLibraryChange } from "./store.ts";

/** Whether an author has a page, asked of the server once per page view (only some authors do: src/archive/authors.ts). */
const authorPages = new Map<string, Promise<boolean>>();
const pageExists = (path: string) =>
  fetch(path, { method: "HEAD" }).then(
    (response) => response.status !== 404,
    () => true,
  );

/** A followed author's page, or a search for their name where they have none (the search the paper page's byline links to). */
function authorLink(slug: string, name: string): HTMLAnchorElement {
  const page = sitePath(`authors/${slug}/`);
  const link = h("a", { href: page }, name);
  if (!authorPages.has(slug)) authorPages.set(slug, pageExists(page));
  void authorPages.get(slug)!.then((hasPage) => {
    if (!hasPage) link.href = sitePath(`search/?q=${encodeURIComponent(name)}`);
  });
  return link;
}

/**
 * /library/: the saved papers by tag, newest first, filtered as the reader types; export as BibTeX (each entry the
 * paper page's "Cite" gives) and JSON, import of that JSON; what the reader follows, and the window's latest papers
 * that match it.
 */

const UNTAGGED = "No tag";

function byline(paper: SavedPaper): string {
  const names = `${(paper.authors ?? []).join(", ")}${paper.etAl ? " et al." : ""}`;
  return [names, paper.date ? readableDay(paper.date) : ""].filter(Boolean).join(" · ");
}

function paperItem(paper: SavedPaper, rerender: () => void): HTMLElement {
  return h(
    "li",
    { "data-slug": paper.slug },
    h(
      "article",
      { class: `saved-paper${paper.read ? " is-read" : ""}` },
      h("h3", {}, h("a", { href: paperPath(paper.slug) }, paper.title)),
      byline(paper) ? h("p", { class: "byline" }, byline(paper)) : null,
      h("div", { class: "reader-actions" }, saveButton({ slug: paper.slug, title: paper.title })),
      savedControls(paper, rerender),
    ),
  );
}

/** Whether a saved paper matches the filter's words: each word in its title, authors, tags or note. */
function matches(paper: SavedPaper, query: string): boolean {
  const words = foldForMatching(query).trim().split(" ").filter(Boolean);
  const text = foldForMatching([paper.title, ...(paper.authors ?? []), ...paper.tags, paper.note].join(" "));
  return words.every((w) => text.includes(w));
}

export function renderLibrary(root: HTMLElement): void {
  const status = h("p", { class: "status", role: "status" });
  const filter = h("input", { id: "library-filter", type: "search", autocomplete: "off" });
  const saved = h("div", { class: "saved-lists" });
  const following = h("div", { class: "following" });
  const matchesList = h("div", { class: "matches" });
  let window: Window | undefined;

  const exportBibtex = h("button", { type: "button" }, "Export BibTeX");
  exportBibtex.addEventListener("click", async () => {
    status.textContent = "Preparing the BibTeX file…";
    await completeRecords(Infinity);
    const library = loadLibrary().library;
    const missing = Object.values(library.papers).filter((p) => !p.bibtex).length;
    download("paper-digest-library.bib", "application/x-bibtex", bibtexFile(library));
    status.textContent = `Exported ${Object.keys(library.papers).length - missing} BibTeX entries${missing ? `; ${missing} papers could not be reached` : ""}.`;
  });
  const exportJson = h("button", { type: "button" }, "Export JSON");
  exportJson.addEventListener("click", () => {
    const library = loadLibrary().library;
    download("paper-digest-library.json", "application/json", `${JSON.stringify(library, null, 2)}\n`);
    status.textContent = `Exported ${Object.keys(library.papers).length} papers and what you follow.`;
  });
  const importFile = h("input", { id: "library-import", type: "file", accept: "application/json,.json" });
  importFile.addEventListener("change", async () => {
    const file = importFile.files?.[0];
    if (!file) return;
    let imported: Library | undefined;
    try {
      imported = readLibrary(JSON.parse(await file.text()));
    } catch {
      imported = undefined;
    }
    if (!imported) {
      status.textContent = "That file is not a library exported from this site (or is from a newer version of it).";
      return;
    }
    change((library) => mergeLibraries(library, imported));
    status.textContent = `Imported ${Object.keys(imported.papers).length} papers and what you follow.`;
    importFile.value = "";
    void completeRecords();
  });

  const keyword = h("input", { id: "follow-keyword", type: "text", autocomplete: "off" });
  const keywordForm = h(
    "form",
    { class: "follow-keyword" },
    h("label", { for: keyword.id }, "Follow a keyword or phrase"),
    " ",
    keyword,
    " ",
    h("button", { type: "submit" }, "Follow"),
  );
  keywordForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!keyword.value.trim()) return;
    change((library) => setKeywords(library, [...library.follows.keywords, keyword.value]));
    status.textContent = `You follow “${keyword.value.trim()}”.`;
    keyword.value = "";
  });

  root.replaceChildren(
    h(
      "section",
      { "aria-labelledby": "saved-heading" },
      h("h2", { id: "saved-heading" }, "Saved papers"),
      h("p", { class: "library-tools" }, h("label", { for: filter.id }, "Filter saved papers"), " ", filter),
      h("p", { class: "library-tools" }, exportBibtex, " ", exportJson, " ", h("label", { for: importFile.id }, "Import a JSON export"), " ", importFile),
      status,
      saved,
    ),
    h("section", { "aria-labelledby": "following-heading" }, h("h2", { id: "following-heading" }, "Following"), following, keywordForm),
    h("section", { "aria-labelledby": "matches-heading" }, h("h2", { id: "matches-heading" }, "Latest papers you follow"), matchesList),
  );

  const drawSaved = (library: Library) => {
    const papers = savedNewestFirst(library).filter((p) => matches(p, filter.value));
    if (!Object.keys(library.papers).length) {
      saved.replaceChildren(
        h("p", {}, "Nothing saved yet. Press Save on any paper, in an issue or on its page.", " ", h("a", { href: sitePath("") }, "Latest issue")),
      );
      return;
    }
    if (!papers.length) {
      saved.replaceChildren(h("p", {}, "No saved paper matches the filter."));
      return;
    }
    const tags = [...new Set(papers.flatMap((p) => (p.tags.length ? p.tags : [UNTAGGED])))].sort((a, b) =>
      a === UNTAGGED ? 1 : b === UNTAGGED ? -1 : a.localeCompare(b),
    );
    saved.replaceChildren(
      ...tags.map((tag) => {
        const list = papers.filter((p) => (p.tags.length ? p.tags.includes(tag) : tag === UNTAGGED));
        return h(
          "section",
          { class: "tag-group" },
          h("h3", { class: "tag-heading" }, tag === UNTAGGED ? UNTAGGED : `Tag: ${tag}`, " ", h("span", { class: "count" }, `(${list.length})`)),
          h("ol", { class: "saved" }, ...list.map((p) => paperItem(p, redraw))),
        );
      }),
    );
  };

  const drawFollowing = (library: Library) => {
    const unfollow = (kind: FollowKind | "keywords", slug: string, name: string) => {
      const button = h("button", { type: "button", class: "unfollow", "aria-label": `Unfollow: ${name}` }, "Unfollow");
      button.addEventListener("click", () => {
        change((lib) =>
          kind === "keywords"
            ? setKeywords(
                lib,
                lib.follows.keywords.filter((k) => k !== slug),
              )
            : toggleFollow(lib, kind, { slug, name }),
        );
        status.textContent = `You no longer follow ${name}.`;
      });
      return button;
    };
    const rows = [
      ...library.follows.authors.map((f) => h("li", {}, authorLink(f.slug, f.name), " (author) ", unfollow("authors", f.slug, f.name))),
      ...library.follows.topics.map((f) =>
        h("li", {}, h("a", { href: sitePath(`topics/${f.slug}/`) }, f.name), " (topic) ", unfollow("topics", f.slug, f.name)),
      ),
      ...library.follows.keywords.map((k) => h("li", {}, `“${k}” (keyword) `, unfollow("keywords", k, `“${k}”`))),
    ];
    following.replaceChildren(
      rows.length
        ? h("ul", { class: "follow-items" }, ...rows)
        : h("p", {}, "You follow nothing yet. Follow an author or a topic from its page, or a keyword here."),
    );
  };

  const drawMatches = (library: Library) => {
    if (followsNothing(interestsOf(library))) {
      matchesList.replaceChildren(h("p", {}, "Papers of the latest issues that match what you follow will be listed here."));
      return;
    }
    if (!window) {
      matchesList.replaceChildren(h("p", {}, "Loading the latest issues…"));
      return;
    }
    const interests = interestsOf(library);
    const found = window.papers
      .map((p) => ({ p, match: followMatch({ topics: p.topics, authorSlugs: p.authorSlugs, text: [p.title, p.summary] }, interests) }))
      .filter(({ match }) => match.authors.length + match.topics.length + match.keywords.length > 0)
      .sort((a, b) => b.p.date.localeCompare(a.p.date))
      .slice(0, 30);
    const name = (kind: FollowKind, slug: string) => library.follows[kind].find((f) => f.slug === slug)?.name ?? slug;
    matchesList.replaceChildren(
      found.length
        ? h(
            "ol",
            { class: "match-list" },
            ...found.map(({ p, match }) =>
              h(
                "li",
                {},
                h("a", { href: paperPath(p.slug) }, p.title),
                " ",
                h(
                  "span",
                  { class: "count" },
                  `${readableDay(p.date)} · ${[...match.authors.map((s) => name("authors", s)), ...match.topics.map((s) => name("topics", s)), ...match.keywords.map((k) => `“${k}”`)].join(", ")}`,
                ),
              ),
            ),
          )
        : h("p", {}, "Nothing in the latest issues matches what you follow."),
    );
  };

  function redraw(): void {
    const { library, writable } = loadLibrary();
    const focused = document.activeElement;
    const focusKey = focused instanceof HTMLElement && saved.contains(focused) ? focused.closest("li")?.dataset.slug : undefined;
    drawSaved(library);
    drawFollowing(library);
    drawMatches(library);
    if (!writable)
      status.textContent =
        "This browser will not let the page store your library (private browsing, or a newer version of this site wrote it): changes last until you leave.";
    if (focusKey) saved.querySelector<HTMLElement>(`li[data-slug="${focusKey}"] a`)?.focus();
  }

  filter.addEventListener("input", () => drawSaved(loadLibrary().library));
  onLibraryChange(() => {
    // Typing in a note or tags must not redraw under the reader's cursor.
    const active = document.activeElement;
    if (active instanceof HTMLTextAreaElement || (active instanceof HTMLInputElement && active.type === "text" && saved.contains(active))) return;
    redraw();
  });
  redraw();
  const path = root.dataset.window;
  if (path)
    void loadWindow(sitePath(path)).then((loaded) => {
      window = loaded;
      drawMatches(loadLibrary().library);
    });
}
