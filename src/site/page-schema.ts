import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { InputError } from "../input-error.ts";
import { checkPaperPage, isPaperPage } from "../pages/schema.ts";
import { isIsoDate } from "../sources/digest-date.ts";
import { keyLine } from "../pages/store.ts";

/**
 * Eleventy's data-schema hook for papers/ (papers.11tydata.js): a page the ingest wrote must
 * follow src/pages/schema.ts, or the build stops with one line naming file, line, key and
 * what was expected. https://www.11ty.dev/docs/data-validate/
 */
export function checkPaperPageData(data: Record<string, unknown> & { page: { inputPath: string } }): void {
  if (!isPaperPage(data)) return; // written by hand: free-form
  const { problem } = checkPaperPage(data);
  if (!problem) return;
  throw pageError(data.page.inputPath, problem.key, problem.message);
}

/**
 * Eleventy reads `date` itself, before the schema hook runs, and stops with a stack trace on
 * a value it cannot read: say instead what is wrong, where. https://www.11ty.dev/docs/dates/
 */
export function checkDateValue(this: { page: { inputPath: string } }, value: unknown): undefined {
  const readable = value === undefined || value instanceof Date || (typeof value === "string" && (!/^\d{4}-\d{2}-\d{2}$/.test(value) || isIsoDate(value)));
  if (!readable) throw pageError(this.page.inputPath, "date", `date: expected a date written YYYY-MM-DD, found ${JSON.stringify(value)}`);
  return undefined; // Eleventy parses it as usual
}

/** An InputError naming the line of `key` in the page; Eleventy prints such an error without a stack trace. */
function pageError(inputPath: string, key: string, message: string): InputError {
  const file = relative(process.cwd(), inputPath);
  return Object.assign(new InputError(file, keyLine(readFileSync(file, "utf8"), key), message), { skipOriginalStack: true });
}
