// The search page: Pagefind's UI over the index `npm run build:search` builds, started
// with the words from the header's search box (?q=…). https://pagefind.app/docs/ui/
// A large archive is indexed in parts (src/site/search-index.ts): the main bundle lists the
// others in parts.json, and the UI merges them. https://pagefind.app/docs/multisite/
// The reader's script (src/browser/search-results.ts) gives each paper among the results its Save toggle.
window.addEventListener("DOMContentLoaded", async () => {
  const bundle = new URL("./", document.querySelector('script[src$="pagefind/pagefind-ui.js"]').src);
  const parts = await fetch(new URL("parts.json", bundle))
    .then((response) => (response.ok ? response.json() : []))
    .catch(() => []);
  const ui = new PagefindUI({
    element: "#search",
    bundlePath: bundle.pathname,
    mergeIndex: parts.map((part) => ({ bundlePath: new URL(part, bundle).pathname })),
    showImages: false,
    showSubResults: false,
    resetStyles: false,
  });
  // The UI's input carries only a title; screen readers need a real label.
  document.querySelector("#search input")?.setAttribute("aria-label", "Search papers");
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
});
