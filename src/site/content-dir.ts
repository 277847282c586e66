import { relative, resolve } from "node:path";
import { loadTaxonomy } from "../enrich/topics.ts";
import { readDerived } from "../pages/derived.ts";
import { loadSiteSettings } from "./settings.ts";

/**
 * The folder Eleventy reads: `content/` unless PAPER_DIGEST_CONTENT names another (the
 * tests build throwaway sites that way). Templates always come from `templates/`.
 */
export const contentDir = relative(process.cwd(), resolve(process.env.PAPER_DIGEST_CONTENT ?? "content"));
// (Relative to the working directory, because Eleventy applies directory data files
// such as authors/author.11tydata.js only to inputs given that way.)

export const taxonomy = loadTaxonomy(contentDir).topics;

export const site = loadSiteSettings(contentDir);

/** Related papers and keywords the ingest derived (src/pages/derived.ts); none before the first ingest. */
export const derived = readDerived(contentDir)?.papers ?? {};
