import { h, siteRoot } from "./dom.ts";
import { saveButton } from "./controls.ts";

/**
 * Save on the search page's results (content/search.njk, templates/assets/search.js). Pagefind's UI draws its results
 * itself, after the page has loaded and again as the reader types or loads more, and offers no hook on its DOM (its
 * `processResult` sees a result's data, not its element): a MutationObserver on its container gives each result that is
 * a paper page the Save toggle a card has (src/browser/controls.ts), once. A paper saved here is saved as from a card:
 * its slug and title now, its page's record fetched at once (and by `completeRecords` if that failed).
 */

/** The slug of a paper page's address (`<root>papers/<slug>/`: Pagefind gives it under the site's path prefix), or undefined. */
export function paperSlugOf(href: string): string | undefined {
  let path: string;
  try {
    path = new URL(href, location.href).pathname;
  } catch {
    return undefined;
  }
  const root = siteRoot();
  if (!path.startsWith(root)) return undefined;
  const match = /^papers\/([^/]+)\/$/.exec(path.slice(root.length));
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

/** Gives every result on show that is a paper page its Save toggle, if it has not got it for that paper yet. */
function addSaveButtons(container: Element): void {
  for (const link of container.querySelectorAll<HTMLAnchorElement>(".pagefind-ui__result a.pagefind-ui__result-link")) {
    const slug = paperSlugOf(link.href);
    const inner = link.closest(".pagefind-ui__result-inner") ?? link.parentElement;
    if (!slug || !inner) continue;
    const actions = inner.querySelector<HTMLElement>(":scope > .reader-actions");
    if (actions?.querySelector<HTMLButtonElement>("button.save")?.dataset.slug === slug) continue;
    const title = link.textContent?.trim() || slug;
    const next = h("div", { class: "reader-actions" }, saveButton({ slug, title }));
    if (actions) actions.replaceWith(next);
    else inner.append(next);
  }
}

/** Watches the search page's results (`#search`), if this is the search page. */
export function setUpSearchResults(): void {
  const container = document.getElementById("search");
  if (!container) return;
  addSaveButtons(container);
  new MutationObserver(() => addSaveButtons(container)).observe(container, { childList: true, subtree: true });
}
