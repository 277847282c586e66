/**
 * The reader's script builds its DOM here: text from the site's pages and the reader's library is always put in as
 * text nodes, never as HTML, and links only to the site's own pages.
 */

type Child = Node | string | null | undefined | false;

/** An element with attributes (`class`, `aria-*`, …) and children, strings becoming text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined) element.setAttribute(name, value);
  for (const child of children) if (child) element.append(child);
  return element;
}

/** The site's root path ("/", or "/paper-digest/" under a sub-path), from the page (templates/layouts/base.njk). */
export function siteRoot(): string {
  const root = document.body.dataset.root ?? "/";
  return root.startsWith("/") && root.endsWith("/") ? root : "/";
}

/** A path of the site ("papers/x/", "/assets/…") under its root. */
export function sitePath(path: string): string {
  return siteRoot() + path.replace(/^\/+/, "");
}

/** A paper page's address, from its slug (slugs are checked when a library is read: src/browser/library.ts). */
export function paperPath(slug: string): string {
  return sitePath(`papers/${encodeURIComponent(slug)}/`);
}

/** A toggle button (aria-pressed) that shows `label` and is named `label: detail` ("Save: the title"), so each of a list's buttons says what it is for. */
export function toggle(label: string, detail: string, pressed: boolean, onToggle: (pressed: boolean) => void, className = "toggle"): HTMLButtonElement {
  const button = h(
    "button",
    { type: "button", class: className, "aria-pressed": String(pressed), "aria-label": detail ? `${label}: ${detail}` : undefined },
    h("span", { class: "mark", "aria-hidden": "true" }),
    label,
  );
  button.addEventListener("click", () => {
    const next = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", String(next));
    onToggle(next);
  });
  return button;
}

/** A file the reader downloads, made in the browser. */
export function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "17 March 2025" for 2025-03-17, as the site writes dates. */
export function readableDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}
