// The search page: Pagefind's UI over the index `pagefind --site _site` builds, started
// with the words from the header's search box (?q=…).
// https://pagefind.app/docs/ui/
window.addEventListener("DOMContentLoaded", () => {
  const ui = new PagefindUI({ element: "#search", showImages: false, showSubResults: false, resetStyles: false });
  // The UI's input carries only a title; screen readers need a real label.
  document.querySelector("#search input")?.setAttribute("aria-label", "Search papers");
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
});
