import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { FrontMatter } from "../store/schema.ts";
import { pageFileNames } from "../store/paths.ts";
import { checkPage, pageTextHash } from "../store/check-page.ts";
import { PageParseCache } from "../store/parse-cache.ts";
import { FIXED_PAGE_DATE } from "../store/settings.ts";
import { isoDay } from "../model/dates.ts";
import { paperUrl } from "../model/urls.ts";

/**
 * The pages in papers/, read by the build itself and laid out by one paginated template
 * (content/papers/paper.njk) rather than given to Eleventy as one template each: Eleventy's own
 * work per template file (its data cascade, dependency graph and a lookup in a list of every
 * template) was half the build of a 10,000-paper archive, and one template of 10,000 pages skips it.
 */
export interface PageFile {
  /** `/papers/<file name>/`, where Eleventy serves a Markdown file of papers/. */
  url: string;
  /** The file, as `content/papers/<name>.md`. */
  inputPath: string;
  /** Front matter: a page the ingest wrote, checked (src/store/schema.ts); one written by hand, as it is. */
  data: Record<string, unknown>;
  /** The Markdown below the front matter. */
  body: string;
  /** A hash of the file's bytes: what a page or listing shows of it, for src/site/render-plan.ts. */
  textHash: string;
}

/** A page the ingest wrote. */
export interface PaperItem extends PageFile {
  data: FrontMatter;
}

/**
 * A page whose body is read from its file each time it is asked for, not kept: every build process models the whole
 * archive, but lays out, feeds or windows the bodies of few of its pages (a shard, its own year's), and at 100,000
 * papers the bodies were 170 MB of each process's heap (docs/scale.md). The file's bytes are checked against the hash
 * they were read with; a file changed since gives its new body, and the next build (which `npm start` runs on the
 * change) lays the page out from its new front matter too.
 */
class PageOnDisk implements PageFile {
  constructor(
    readonly url: string,
    readonly inputPath: string,
    readonly data: Record<string, unknown>,
    readonly textHash: string,
    /** Where the body starts in the file's text. */
    private readonly bodyFrom: number,
  ) {}

  get body(): string {
    const text = readFileSync(this.inputPath, "utf8");
    if (pageTextHash(text) === this.textHash) return text.slice(this.bodyFrom);
    return checkPage(this.inputPath, text).content;
  }
}

/**
 * Every page in `dir`, in file-name order. Front matter is read as the ingest reads it (YAML only,
 * never run as code); a page the ingest wrote that breaks the schema stops the build with an
 * error naming file, line and key, the same the ingest gives. What an unchanged file parsed to
 * comes from the last build's parse cache (src/store/parse-cache.ts).
 */
export function readPageFiles(dir: string): PageFile[] {
  const paths = pageFileNames(dir).map((name) => join(dir, name));
  return new PageParseCache().checkEach(paths, (inputPath, { data, page, content, textHash }, text): PageFile => {
    const url = paperUrl(basename(inputPath, ".md"));
    if (text.endsWith(content)) return new PageOnDisk(url, inputPath, page ?? data, textHash, text.length - content.length);
    // A body that is not the file's last characters is kept, as a string of its own: a slice of the text would keep
    // all of it (front matter too) for the whole build. A copy through JSON is a flat new string.
    return { url, inputPath, data: page ?? data, body: JSON.parse(JSON.stringify(content)) as string, textHash };
  });
}

/** The day a page is filed under (sitemap order, shards): its date, or for a hand-made page without one, the site's fixed date. */
export function fileDay(file: Pick<PageFile, "data">): string {
  const date = file.data.date;
  if (date instanceof Date) return isoDay(date);
  return typeof date === "string" && /^\d{4}-\d{2}-\d{2}/.test(date) ? date.slice(0, 10) : FIXED_PAGE_DATE;
}
