import nunjucks, { type Environment } from "nunjucks";

/**
 * Nunjucks compiles a template into JavaScript the first time a `Template` object renders. Eleventy 3.1 makes a new
 * `Template` from a page's text for every page it renders (its Nunjucks engine opts out of Eleventy's compile cache),
 * so a paginated template such as content/authors/author.njk was compiled once per page: 21,760 compiles, about 7 s,
 * of a 10,000-paper build. `cacheNunjucksCompiles` keeps what a compile makes, for each environment, by the template's
 * path and text, and gives it to every later `Template` of the same path and text.
 *
 * What is kept is what `Template#_compile` sets: the root render function and the blocks. Both are pure functions of
 * the template's text and the environment's compile options (its async filters, extensions and options), and take the
 * environment and context as arguments when they run; a `Context` copies the blocks rather than changing them. A
 * template whose text changes (an edit under `npm start`) has another key, and Eleventy's next build uses a new
 * environment. Templates the environment's loader gives (includes, layouts) were already compiled once each.
 */

interface Compiled {
  root: unknown;
  blocks: Record<string, unknown>;
}

/** The fields of nunjucks' Template that compiling reads and sets (nunjucks/src/environment.js, `Template#_compile`). */
interface TemplateInternals {
  env: Environment;
  path?: string | null;
  tmplStr?: unknown;
  tmplProps?: unknown;
  blocks: Record<string, unknown>;
  rootRenderFunc: unknown;
  compiled: boolean;
  _compile(): void;
}

const compiles = new WeakMap<Environment, Map<string, Compiled>>();
let installed = false;

/** How many compiles were reused since the process started, for tests. */
export const nunjucksCompileStats = { compiled: 0, reused: 0 };

/** Makes every nunjucks `Template` of this process reuse an earlier compile of the same path and text; idempotent. */
export function cacheNunjucksCompiles(): void {
  if (installed) return;
  installed = true;
  const prototype = nunjucks.Template.prototype as unknown as TemplateInternals;
  const compile = prototype._compile;
  prototype._compile = function (this: TemplateInternals) {
    // Precompiled templates bring their compiled code already.
    if (this.tmplProps || typeof this.tmplStr !== "string") return compile.call(this);
    let byText = compiles.get(this.env);
    if (!byText) compiles.set(this.env, (byText = new Map()));
    const key = `${this.path ?? ""}\0${this.tmplStr}`;
    const kept = byText.get(key);
    if (kept) {
      nunjucksCompileStats.reused++;
      this.blocks = kept.blocks;
      this.rootRenderFunc = kept.root;
      this.compiled = true;
      return;
    }
    compile.call(this);
    nunjucksCompileStats.compiled++;
    byText.set(key, { root: this.rootRenderFunc, blocks: this.blocks });
  };
}
