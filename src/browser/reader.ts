import { followMatch, followsNothing, type FollowablePaper } from "../model/follow.ts";
import { interestsOf, isFollowing, toggleFollow, type FollowKind, type Library } from "./library.ts";
import { h, toggle } from "./dom.ts";
import { refreshSaveButtons, saveButton, savedControls } from "./controls.ts";
import { renderLibrary } from "./library-page.ts";
import { setUpSearchResults } from "./search-results.ts";
import { change, completeRecords, loadLibrary, onLibraryChange, recordOf } from "./store.ts";

/**
 * The reader's script on listings, paper pages, the search page and /library/ (bundled by src/recommend/bundle.ts).
 * Everything it adds — Save, Follow, the marks of followed papers and their filter — it draws itself, so a page
 * without JavaScript shows no dead button. What the reader does is kept in this browser (src/browser/store.ts).
 */

/** A card's paper, as the follow rule reads it: its topics, authors' page slugs, and the text shown. */
function cardPaper(card: HTMLElement): FollowablePaper {
  const words = (name: string) => (card.dataset[name] ?? "").split(" ").filter(Boolean);
  const text = [card.querySelector(".card-title")?.textContent ?? "", card.querySelector(".summary")?.textContent ?? ""];
  return { topics: words("topics"), authorSlugs: words("authors"), text };
}

/** What a follow mark says: the followed names a paper matched. */
function matchText(library: Library, paper: FollowablePaper): string {
  const match = followMatch(paper, interestsOf(library));
  const name = (kind: FollowKind, slug: string) => library.follows[kind].find((f) => f.slug === slug)?.name ?? slug;
  return [...match.authors.map((s) => name("authors", s)), ...match.topics.map((s) => name("topics", s)), ...match.keywords.map((k) => `“${k}”`)].join(", ");
}

function setUpCards(): void {
  for (const card of document.querySelectorAll<HTMLElement>("article.card[data-slug]")) {
    const title = card.querySelector(".card-title")?.textContent?.trim() ?? card.dataset.slug!;
    card.append(h("div", { class: "reader-actions" }, saveButton({ slug: card.dataset.slug!, title }), h("p", { class: "followed", hidden: "" })));
  }
  const list = document.querySelector("ol.cards");
  if (!list) return;
  const filter = toggle("Only papers you follow", "", false, (pressed) => document.body.classList.toggle("only-followed", pressed), "toggle follow-filter");
  list.before(h("div", { class: "follow-bar", hidden: "" }, filter, " ", h("span", { class: "count", role: "status" })));
}

/** Marks the cards that match what the reader follows, and counts them for the filter. */
function refreshCards(library: Library): void {
  const nothing = followsNothing(interestsOf(library));
  let matched = 0;
  const cards = document.querySelectorAll<HTMLElement>("article.card[data-slug]");
  for (const card of cards) {
    const text = nothing ? "" : matchText(library, cardPaper(card));
    const mark = card.querySelector<HTMLElement>(".followed")!;
    mark.hidden = !text;
    mark.textContent = text ? `You follow: ${text}` : "";
    const item = card.closest("li");
    if (item) item.toggleAttribute("data-followed", Boolean(text));
    if (text) matched++;
  }
  const bar = document.querySelector<HTMLElement>(".follow-bar");
  if (bar) {
    bar.hidden = nothing;
    bar.querySelector(".count")!.textContent = nothing ? "" : `${matched} of ${cards.length} match what you follow`;
    if (nothing) {
      document.body.classList.remove("only-followed");
      bar.querySelector("button")!.setAttribute("aria-pressed", "false");
    }
  }
}

function followButton(kind: FollowKind, slug: string, name: string): HTMLButtonElement {
  const button = toggle(
    "Follow",
    name,
    isFollowing(loadLibrary().library, kind, slug),
    () => change((library) => toggleFollow(library, kind, { slug, name })),
    "toggle follow",
  );
  button.dataset.kind = kind;
  button.dataset.slug = slug;
  return button;
}

function refreshFollowButtons(library: Library): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>("button.follow[data-slug]")) {
    button.setAttribute("aria-pressed", String(isFollowing(library, button.dataset.kind as FollowKind, button.dataset.slug!)));
  }
}

/** A paper page: Save, the saved paper's read mark, tags and note, and Follow for its authors and topics. */
function setUpPaperPage(): (library: Library) => void {
  const record = recordOf(document);
  const header = document.querySelector("article.paper > header");
  if (!record || !header) return () => {};
  // Topics by the pages the paper page links, /topics/<slug>/; authors by the slug their link carries (a name may
  // link to a search rather than a page: src/archive/authors.ts).
  const linked = (selector: string) =>
    [...document.querySelectorAll<HTMLAnchorElement>(selector)].map((a) => ({
      slug: a.dataset.author ?? new URL(a.href).pathname.split("/").at(-2) ?? "",
      name: a.textContent ?? "",
    }));
  const follows = [
    ...linked(".paper .authors > p a[data-author]").map((a) => followButton("authors", a.slug, a.name)),
    ...linked(".paper .meta a.topic").map((t) => followButton("topics", t.slug, t.name)),
  ];
  const saved = h("div", { class: "saved-slot" });
  const panel = h(
    "section",
    { class: "reader-panel", "aria-label": "Your library" },
    h("div", { class: "reader-actions" }, saveButton({ slug: record.slug, title: record.title, record })),
    saved,
    follows.length ? h("p", { class: "follow-list" }, h("span", { class: "label" }, "Follow: "), ...follows.flatMap((b) => [b, " "])) : null,
  );
  header.after(panel);
  let shownFor: string | undefined;
  return (library) => {
    const paper = library.papers[record.slug];
    // Redrawn only when the paper is saved or unsaved, so typing a note keeps its focus.
    const state = paper ? "saved" : "not";
    if (state === shownFor) return;
    shownFor = state;
    saved.replaceChildren(paper ? savedControls(paper) : "");
  };
}

function setUpFollowHeader(): void {
  const main = document.querySelector<HTMLElement>("main[data-follow-kind]");
  const heading = main?.querySelector("h1");
  if (!main || !heading) return;
  const kind = main.dataset.followKind === "topics" ? "topics" : "authors";
  heading.after(h("p", { class: "reader-actions" }, followButton(kind, main.dataset.followSlug!, main.dataset.followName!)));
}

function start(): void {
  setUpCards();
  setUpFollowHeader();
  setUpSearchResults();
  const refreshPaper = setUpPaperPage();
  const libraryRoot = document.getElementById("library");
  const refresh = () => {
    const { library } = loadLibrary();
    refreshSaveButtons(library);
    refreshFollowButtons(library);
    refreshCards(library);
    refreshPaper(library);
  };
  refresh();
  onLibraryChange(refresh);
  if (libraryRoot) renderLibrary(libraryRoot);
  // Papers saved from a listing or a search result get their page's record (citation, features) once the page has
  // settled.
  setTimeout(() => void completeRecords(), libraryRoot ? 0 : 2000);
}

start();
