import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import writeFileAtomic from "write-file-atomic";
import nunjucks from "nunjucks";
import { FORMAT_FILTERS } from "../render/format.ts";
import type { Newsletter } from "./model.ts";

/**
 * Renders a newsletter with the templates in templates/newsletter/. The export script and
 * the site's web version (/newsletter/<date>/) both call these, so they cannot drift apart.
 */

const TEMPLATES = join(import.meta.dirname, "..", "..", "templates");

/** HTML: every value escaped. Text and Markdown are not HTML, so they escape in their own ways. */
const htmlEnv = new nunjucks.Environment(new nunjucks.FileSystemLoader(TEMPLATES), { autoescape: true, throwOnUndefined: true });
const textEnv = new nunjucks.Environment(new nunjucks.FileSystemLoader(TEMPLATES), { autoescape: false, throwOnUndefined: true });

for (const env of [htmlEnv, textEnv]) for (const [name, filter] of Object.entries(FORMAT_FILTERS)) env.addFilter(name, filter);

const JUICE_OPTIONS = { preserveMediaQueries: true, preserveFontFaces: false, applyWidthAttributes: true, applyAttributesTableElements: true };
/**
 * Inlined HTML by the hash of the HTML it came from: juice costs ~15 ms an issue, and a site
 * rebuilds the web version of every past issue daily. Safe to delete at any time.
 */
export const JUICE_CACHE = join(import.meta.dirname, "..", "..", ".cache", "juice");
const JUICE_VERSION = (JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "node_modules", "juice", "package.json"), "utf8")) as { version: string })
  .version;

/**
 * juice, loaded on first use: with its cache warm a build never calls it, and loading it (with
 * cheerio and its HTTP client) took a fifth of a second of every build's start.
 */
let juiceModule: typeof import("juice") | undefined;
function juice(): typeof import("juice") {
  return (juiceModule ??= createRequire(import.meta.url)("juice") as typeof import("juice"));
}

export interface RenderOptions {
  /**
   * Keep the inlined HTML in JUICE_CACHE (the default): right for the site's web versions, rebuilt daily. A send renders
   * one HTML per subscriber's filter, each used once, which would only fill the cache.
   */
  juiceCache?: boolean;
}

function inlineCss(html: string, { juiceCache = true }: RenderOptions): string {
  if (!juiceCache) return juice()(html, JUICE_OPTIONS);
  const key = createHash("sha256")
    .update(`${JUICE_VERSION}\0${JSON.stringify(JUICE_OPTIONS)}\0${html}`)
    .digest("hex");
  const cached = join(JUICE_CACHE, `${key}.html`);
  try {
    return readFileSync(cached, "utf8");
  } catch {
    const inlined = juice()(html, JUICE_OPTIONS);
    mkdirSync(JUICE_CACHE, { recursive: true });
    writeFileAtomic.sync(cached, inlined, { encoding: "utf8" });
    return inlined;
  }
}

/** The HTML email: CSS inlined by juice; media queries (dark mode, phones) kept in the <style>. */
export function renderHtml(newsletter: Newsletter, lang = "en", options: RenderOptions = {}): string {
  return inlineCss(htmlEnv.render("newsletter/email.html.njk", { n: newsletter, lang }), options);
}

export function renderText(newsletter: Newsletter): string {
  return `${textEnv
    .render("newsletter/email.txt.njk", { n: newsletter })
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}

export function renderMarkdown(newsletter: Newsletter): string {
  return `${textEnv
    .render("newsletter/email.md.njk", { n: newsletter })
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}
