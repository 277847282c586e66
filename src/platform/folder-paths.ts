import { join, relative, sep } from "node:path";

/**
 * `join` and `relative` for the hundreds of thousands of paths a large site's build plans, records and tidies
 * (src/site/render-plan.ts), and the pages the parse cache names (src/store/parse-cache.ts). Node's functions
 * normalize every path they are given, 3–5 µs each, though nearly all of these are normal already: at 100,000 papers
 * the plan's took 2.2 s over the site's record, about 1.2 s of a day's build (docs/scale.md). A path already in
 * normal form is put together or taken apart as a string; any other goes through Node's, so the result is always
 * what Node's would give.
 */

/** A relative path in normal form: segments separated by "/", none empty, "." or "..", and no "\" (Windows' separator). */
const NORMAL_RELATIVE = /^(?!\.\.?(?:\/|$))[^/\\]+(?:\/(?!\.\.?(?:\/|$))[^/\\]+)*$/;

/** An absolute path in normal form, other than the root: "/" then a normal relative path. */
function isNormalAbsolute(folder: string): boolean {
  return sep === "/" && folder.startsWith("/") && NORMAL_RELATIVE.test(folder.slice(1));
}

/** `join(folder, path)`. */
export function inFolder(folder: string, path: string): string {
  return isNormalAbsolute(folder) && NORMAL_RELATIVE.test(path) ? `${folder}/${path}` : join(folder, path);
}

/** `relative(folder, file)`. */
export function fromFolder(folder: string, file: string): string {
  if (file.length > folder.length + 1 && file.startsWith(folder) && file[folder.length] === "/" && isNormalAbsolute(folder)) {
    const rest = file.slice(folder.length + 1);
    if (NORMAL_RELATIVE.test(rest)) return rest;
  }
  return relative(folder, file);
}
