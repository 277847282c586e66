import { join } from "node:path";
import juice from "juice";
import nunjucks from "nunjucks";
import { FORMAT_FILTERS } from "../format.ts";
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

/** The HTML email: CSS inlined by juice; media queries (dark mode, phones) kept in the <style>. */
export function renderHtml(newsletter: Newsletter, lang = "en"): string {
  const html = htmlEnv.render("newsletter/email.html.njk", { n: newsletter, lang });
  return juice(html, { preserveMediaQueries: true, preserveFontFaces: false, applyWidthAttributes: true, applyAttributesTableElements: true });
}

export function renderText(newsletter: Newsletter): string {
  return `${textEnv.render("newsletter/email.txt.njk", { n: newsletter }).replace(/\n{3,}/g, "\n\n").trim()}\n`;
}

export function renderMarkdown(newsletter: Newsletter): string {
  return `${textEnv.render("newsletter/email.md.njk", { n: newsletter }).replace(/\n{3,}/g, "\n\n").trim()}\n`;
}
