import matter from "gray-matter";
import yaml from "js-yaml";

/**
 * gray-matter with its code engines switched off: a page that starts `---js` is
 * refused, never run. Passing options also keeps gray-matter from returning a cached,
 * shared object for identical input. YAML is read and written with js-yaml 4, as Eleventy
 * reads it: gray-matter's own js-yaml 3 writes an id such as 0933637324367591 unquoted, which
 * YAML 1.2 (and so Eleventy) reads back as a number.
 */
function refuseCode(): never {
  throw new Error("JavaScript front matter is not allowed; use YAML");
}

/** The engines that would run front matter as code, refused (Eleventy gets these too). */
export const CODE_ENGINES = { js: refuseCode, javascript: refuseCode };

export const SAFE_MATTER_OPTIONS = {
  engines: {
    // Eleventy's own YAML engine is js-yaml 4's load, too.
    yaml: { parse: (text: string) => yaml.load(text) as object, stringify: (data: object) => yaml.dump(data) },
    ...CODE_ENGINES,
  },
  language: "yaml",
};

export interface ParsedPage {
  data: Record<string, unknown>;
  content: string;
}

export function parsePage(text: string): ParsedPage {
  const { data, content } = matter(text, SAFE_MATTER_OPTIONS);
  return { data: { ...data }, content };
}

/**
 * A page as gray-matter writes one (`---`, the YAML, `---`, the body, each ending in a newline),
 * put together here: gray-matter's stringify first parses the body as a page of its own, which
 * costs a third of writing 100,000 pages and would read a body opening with `---` as front matter.
 */
export function stringifyPage(body: string, data: Record<string, unknown>): string {
  const newline = (text: string) => (text.endsWith("\n") ? text : `${text}\n`);
  const yamlText = yaml.dump(data).trim();
  return `${yamlText === "{}" ? "" : `---\n${newline(yamlText)}---\n`}${newline(body)}`;
}
