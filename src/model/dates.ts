import { basename } from "node:path";

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** Eleventy turns a YAML date into a Date; issue dates are days, so take the UTC day. */
export function isoDay(value: string | Date): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

/** True for a real calendar date written as YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** The issue date a digest's file name carries (`2025-03-17.txt`, `trending-2025-03-17.txt`), if any. */
export function dateFromFileName(path: string): string | undefined {
  const m = /(\d{4}-\d{2}-\d{2})/.exec(basename(path));
  return m && isIsoDate(m[1]) ? m[1] : undefined;
}

/** A month's number (1–12) from its English name or its first three letters, any case; 0 for anything else. */
export function monthNumber(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

/** Parses a listing's date line such as `Mar 17` or `March 17` into month (1–12) and day. */
export function parseDateLine(line: string): { month: number; day: number } | undefined {
  const m = /^([A-Za-z]{3,9})\.?\s+(\d{1,2})$/.exec(line.trim());
  if (!m) return undefined;
  const month = monthNumber(m[1]);
  const day = Number(m[2]);
  if (month === 0 || day < 1 || day > 31) return undefined;
  return { month, day };
}

/** Does a date line (month and day, no year) name the same day as an ISO date? */
export function dateLineMatches(line: { month: number; day: number }, iso: string): boolean {
  const [, month, day] = iso.split("-").map(Number);
  return line.month === month && line.day === day;
}

/** Issue dates are calendar days (YYYY-MM-DD); all formatting treats them as UTC midnight. */
export function issueDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

// One formatter each: toLocaleDateString builds a new one per call, which costs seconds over a large archive.
const READABLE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const SHORT = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

// An archive has a few thousand days and writes them tens of thousands of times a build.
const readableDates = new Map<string, string>();

/** "17 March 2025" */
export function readableDate(iso: string): string {
  let text = readableDates.get(iso);
  if (text === undefined) readableDates.set(iso, (text = READABLE.format(issueDate(iso))));
  return text;
}

/** "17 Mar 2025", for subject lines. */
export function shortDate(iso: string): string {
  return SHORT.format(issueDate(iso));
}

/** "Mon, 17 Mar 2025 00:00:00 GMT", as RSS 2.0 wants (RFC 822). */
export function rfc822Date(iso: string): string {
  return issueDate(iso).toUTCString();
}
