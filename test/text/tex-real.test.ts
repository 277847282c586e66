import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanTitleOrAbstract } from "../../src/text/clean.ts";
import { readDigest } from "../../src/sources/index.ts";
import { markdownLibrary, plainMathMarkdownLibrary } from "../../src/render/markdown.ts";

/**
 * Every title and abstract of the real listings in test/fixtures/real/ (see SOURCES.md there), cleaned and
 * rendered as the site and the feeds render them: what a reader sees holds no TeX.
 */
const REAL = new URL("../fixtures/real/", import.meta.url).pathname;

/**
 * TeX a reader must not see: a command, a math dollar (a price's "$5" is fine), TeX's braces (an author's own
 * "0.28{+0.09,-0.08}" is no TeX), its quotes, a tie between words ("(~47k tools)" is about 47k).
 */
const RESIDUE: [string, RegExp][] = [
  ["command", /\\(?:[A-Za-z]{2,}|[%&_#${}~^,;!'"`=.[\]()|\\])/],
  ["dollar", /\$(?!\d)/],
  ["braces", /[\^_]\{|\{\\|\}\{|(?<=[\w/.])\{[^{}\s]*[A-Za-z][^{}\s]*\}/],
  ["tie", /(?<=[\p{L}\p{N}.,;:])~(?=[\p{L}\p{N}])/u],
  ["quotes", /``|''/],
];

function residue(text: string): string[] {
  return RESIDUE.flatMap(([name, pattern]) => {
    const at = text.search(pattern);
    return at < 0 ? [] : [`${name} in «${text.slice(Math.max(0, at - 40), at + 40)}»`];
  });
}

/** An HTML fragment's visible text: MathML and code, which show math and its source as such, left out. */
function visibleText(html: string): string {
  return html
    .replace(/<math[^]*?<\/math>|<code>[^]*?<\/code>/g, " ")
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#039;/g, "'")
    .replace(/&amp;/g, "&");
}

const files = existsSync(REAL) ? readdirSync(REAL).filter((name) => /\.(xml|json|txt)$/.test(name)) : [];
const site = markdownLibrary();
const feed = plainMathMarkdownLibrary();

function papersOf(file: string): { titleRaw: string; abstractRaw: string }[] {
  try {
    return readDigest(join(REAL, file), "2025-01-01").papers;
  } catch {
    // An error answer (arXiv's or Hugging Face's) holds no papers; the sources' tests check it is refused.
    return [];
  }
}

describe.runIf(files.length > 0)("TeX in real listings", () => {
  it.each(files)("%s leaves no TeX in titles, abstracts, pages and feeds", (file) => {
    const found: string[] = [];
    for (const { titleRaw, abstractRaw } of papersOf(file)) {
      const title = cleanTitleOrAbstract(titleRaw);
      const abstract = cleanTitleOrAbstract(abstractRaw);
      const page = visibleText(site.render(abstract.markdown));
      const seen = { title: title.plain, abstract: abstract.plain, page, feed: visibleText(feed.render(abstract.markdown)) };
      for (const [where, text] of Object.entries(seen)) found.push(...residue(text).map((r) => `${where}: ${r}`));
    }
    expect(found).toEqual([]);
  });
});
