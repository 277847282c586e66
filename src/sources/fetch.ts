import { mkdirSync } from "node:fs";
import { join, relative } from "node:path";
import writeFileAtomic from "write-file-atomic";
import { InputError } from "../platform/input-error.ts";
import { ARXIV_CATEGORY_PATTERN } from "../model/arxiv.ts";
import { isIsoDate, monthNumber } from "../model/dates.ts";
import { parseDigest, type FORMATS } from "./index.ts";

/**
 * Downloads today's listing into content/digests/ for the daily job: Hugging Face's daily papers,
 * an arXiv category's RSS listing, or the results of an arXiv API query. A response is checked
 * with the same parser the ingest uses before a byte is written, and written atomically, so the
 * folder never holds a half-written or garbage file. The build itself never touches the network.
 */

export type FetchSource = "hf" | "arxiv";

export interface FetchOptions {
  source: FetchSource;
  contentDir: string;
  /** The issue date (YYYY-MM-DD); default: the listing's own date, else today (UTC). */
  date?: string;
  /** arXiv: the category whose daily RSS listing to fetch, e.g. cs.LG. */
  category?: string;
  /** arXiv: an API search query (e.g. `cat:cs.LG AND ti:diffusion`) instead of a category's listing. */
  query?: string;
  /** arXiv API: how many results at most (fetched 100 per call). */
  max?: number;
  /** Where the service lives; tests point this at a local server. */
  baseUrl?: string;
  /** Pause between calls to one service, and the default wait after a rate limit; arXiv asks for 3 s. */
  pauseMs?: number;
  /** Tries per request when the service says it is busy (HTTP 429 or 503). */
  tries?: number;
  now?: Date;
  log?: (line: string) => void;
}

export interface FetchResult {
  /** Files written (or found already identical), relative to the working directory. */
  files: string[];
  papers: number;
  /** True when the listing had no papers (arXiv announces none at weekends): nothing was written. */
  empty: boolean;
}

/** A download that failed: the message says what, where, and what to do. */
export class FetchError extends Error {
  override name = "FetchError";
}

export const DEFAULT_BASE_URLS = {
  hf: "https://huggingface.co",
  arxivRss: "https://rss.arxiv.org",
  arxivApi: "https://export.arxiv.org",
};

const PAGE_SIZE = 100;
/** The longest a Retry-After is honoured, so a daily job never hangs. */
const MAX_WAIT_MS = 60_000;
const TIMEOUT_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function fetchListing(options: FetchOptions): Promise<FetchResult> {
  const today = (options.now ?? new Date()).toISOString().slice(0, 10);
  if (options.date !== undefined && !isIsoDate(options.date)) throw new FetchError(`--date "${options.date}" is not a YYYY-MM-DD date`);
  if (options.max !== undefined && !(Number.isInteger(options.max) && options.max > 0)) throw new FetchError(`--max must be a positive whole number`);
  const pauseMs = options.pauseMs ?? 3000;
  const get = (url: string) => download(url, { pauseMs, tries: options.tries ?? 3, log: options.log ?? (() => {}) });

  if (options.source === "hf") {
    const date = options.date ?? today;
    const url = new URL(`api/daily_papers?date=${date}`, base(options.baseUrl ?? DEFAULT_BASE_URLS.hf)).href;
    const text = await get(url);
    return save(options.contentDir, [{ name: `${date}-hf.json`, text, papers: check(text, url, date, "Hugging Face daily papers") }]);
  }

  if (options.query) {
    const date = options.date ?? today;
    const max = options.max ?? PAGE_SIZE;
    const pages: Listing[] = [];
    for (let start = 0; start < max; start += PAGE_SIZE) {
      if (start > 0) await sleep(pauseMs); // arXiv asks for a pause between API calls.
      const params = new URLSearchParams({
        search_query: options.query,
        start: String(start),
        max_results: String(Math.min(PAGE_SIZE, max - start)),
        sortBy: "submittedDate",
        sortOrder: "descending",
      });
      const url = new URL(`api/query?${params}`, base(options.baseUrl ?? DEFAULT_BASE_URLS.arxivApi)).href;
      const text = await get(url);
      const papers = check(text, url, date, "arXiv API Atom");
      if (papers === 0) break;
      pages.push({ name: `${date}-arxiv-query${start > 0 ? `-${start / PAGE_SIZE + 1}` : ""}.xml`, text, papers });
      if (papers < PAGE_SIZE) break;
    }
    return save(options.contentDir, pages);
  }

  const category = options.category;
  if (!category) throw new FetchError("--source arxiv needs --category (e.g. cs.LG) or --query");
  if (!ARXIV_CATEGORY_PATTERN.test(category)) throw new FetchError(`"${category}" is not an arXiv category such as cs.LG`);
  const url = new URL(`rss/${category}`, base(options.baseUrl ?? DEFAULT_BASE_URLS.arxivRss)).href;
  const text = await get(url);
  // The listing says which day it announces; that is its issue.
  const date = options.date ?? listingDate(text) ?? today;
  return save(options.contentDir, [{ name: `${date}-arxiv-${category}.xml`, text, papers: check(text, url, date, "arXiv RSS") }]);
}

function base(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}

/** The day an RSS listing announces, from its channel's pubDate ("Wed, 19 Mar 2025 00:00:00 -0400"), as written. */
export function listingDate(rss: string): string | undefined {
  const m = /<pubDate>\s*\w{3},\s*(\d{1,2}) (\w{3}) (\d{4})/.exec(rss);
  if (!m) return undefined;
  const month = monthNumber(m[2]);
  const date = `${m[3]}-${String(month).padStart(2, "0")}-${m[1].padStart(2, "0")}`;
  return month > 0 && isIsoDate(date) ? date : undefined;
}

/** The number of papers a response holds, if it is a listing of the expected format; else a FetchError saying what came instead. */
function check(text: string, url: string, date: string, format: (typeof FORMATS)[number]): number {
  let digest;
  try {
    digest = parseDigest(text, url, date);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new FetchError(`${url} did not answer with a ${format} listing: ${error.reason} (line ${error.line}); nothing written`);
  }
  if (digest.format !== format)
    throw new FetchError(
      `${url} answered with ${digest.format === "trending text" ? "something that is not XML or JSON" : digest.format}, not a ${format} listing; nothing written`,
    );
  return digest.papers.length;
}

/** A checked response, to be saved under `name`. */
interface Listing {
  name: string;
  text: string;
  papers: number;
}

function save(contentDir: string, files: Listing[]): FetchResult {
  const papers = files.reduce((sum, f) => sum + f.papers, 0);
  if (papers === 0) return { files: [], papers: 0, empty: true };
  const dir = join(contentDir, "digests");
  mkdirSync(dir, { recursive: true });
  const written = files.map(({ name, text }) => {
    const path = join(dir, name);
    writeFileAtomic.sync(path, text, { encoding: "utf8" });
    return relative(process.cwd(), path);
  });
  return { files: written, papers, empty: false };
}

/** One GET, with a timeout, retrying while the service says it is busy; the body as text, or a FetchError. */
async function download(url: string, { pauseMs, tries, log }: { pauseMs: number; tries: number; log: (line: string) => void }): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, { headers: { "user-agent": "paper-digest (daily fetch)" }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason =
        (error as Error).name === "TimeoutError" ? `no answer within ${TIMEOUT_MS / 1000} s` : (cause?.code ?? cause?.message ?? (error as Error).message);
      throw new FetchError(`cannot reach ${url}: ${reason}; check the network (or --base-url) and try again`);
    }
    if (response.status === 429 || response.status === 503) {
      await response.body?.cancel();
      const retryAfter = Number(response.headers.get("retry-after"));
      const waitMs = Math.min(Number.isFinite(retryAfter) && response.headers.has("retry-after") ? retryAfter * 1000 : pauseMs, MAX_WAIT_MS);
      if (attempt >= tries) throw new FetchError(`${new URL(url).host} is rate-limiting us (HTTP ${response.status}) after ${tries} tries; try again later`);
      log(`HTTP ${response.status} from ${new URL(url).host}: waiting ${waitMs / 1000} s before trying again (${attempt}/${tries})`);
      await sleep(waitMs);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      const hint = response.status === 404 ? "is the category or date right?" : response.status >= 500 ? "the service is failing; try again later" : "";
      throw new FetchError(`HTTP ${response.status} ${response.statusText} from ${url}${hint ? ` (${hint})` : ""}; nothing written`);
    }
    return response.text();
  }
}
