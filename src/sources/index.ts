import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { InputError } from "../input-error.ts";
import { dateFromFileName, isIsoDate } from "./digest-date.ts";
import { parseTrending, type ParsedDigest } from "./trending.ts";

/** The input formats ingest understands, by file extension. */
const PARSERS: Record<string, (text: string, file: string, date: string) => ParsedDigest> = {
  ".txt": parseTrending,
};

export const DIGEST_EXTENSIONS = Object.keys(PARSERS);

/** Removes a byte-order mark and turns CRLF and old-Mac CR line endings into \n, so every line number counts the same lines. */
export function normaliseNewlines(text: string): string {
  return text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

/** Reads one digest. Its date comes from `date` if given, else from its file name. */
export function readDigest(file: string, date?: string): ParsedDigest & { date: string } {
  const parse = PARSERS[extname(file).toLowerCase()];
  if (!parse) throw new InputError(file, 1, `unknown digest format "${extname(file)}" (known: ${DIGEST_EXTENSIONS.join(", ")})`);
  if (date !== undefined && !isIsoDate(date)) throw new InputError(file, 1, `--date "${date}" is not a YYYY-MM-DD date`);
  const issueDate = date ?? dateFromFileName(file);
  if (!issueDate) {
    throw new InputError(file, 1, "cannot tell the issue date: name the file YYYY-MM-DD.txt or pass --date YYYY-MM-DD");
  }
  let text: string;
  try {
    text = normaliseNewlines(readFileSync(file, "utf8"));
  } catch (error) {
    throw new InputError(file, 1, `cannot read: ${(error as Error).message}`);
  }
  const parsed = parse(text, file, issueDate);
  // Bytes that are not UTF-8 decode to U+FFFD: say where, rather than publish "�".
  const badLine = text.split("\n").findIndex((line) => line.includes("\uFFFD"));
  if (badLine >= 0) parsed.warnings.unshift({ file, line: badLine + 1, message: "text is not valid UTF-8 here (shown as �); save the digest as UTF-8" });
  return { ...parsed, date: issueDate };
}
