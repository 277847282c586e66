import matter from "gray-matter";

/**
 * gray-matter with its code engines switched off: a page that starts `---js` is
 * refused, never run. Passing options also keeps gray-matter from returning a cached,
 * shared object for identical input.
 */
function refuseCode(): never {
  throw new Error("JavaScript front matter is not allowed; use YAML");
}

export const SAFE_MATTER_OPTIONS = {
  engines: { js: refuseCode, javascript: refuseCode },
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

export function stringifyPage(body: string, data: Record<string, unknown>): string {
  return matter.stringify(body, data);
}
