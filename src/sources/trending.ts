import { InputError } from "../platform/input-error.ts";
import { dateLineMatches, parseDateLine } from "../model/dates.ts";
import { DigestReader, quote, type ParsedDigest } from "./digest-reader.ts";

/**
 * Parser for a saved "trending papers" listing (its line endings already normalised to \n): an optional header, a date line
 * (`Mar 17`), then per paper a title line and an abstract, separated by blank lines.
 */

/** The listing's own chrome, skipped wherever it appears before the first paper. */
const HEADER_LINES = new Set([
  "new",
  "get trending papers in your email inbox!",
  "subscribe",
  "byak and the research community",
  "trending papers",
  "daily papers",
]);

/** A run of non-blank lines; `line` is the 1-based number of its first line. */
interface Block {
  lines: string[];
  line: number;
}

function toBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (line === "") {
      current = undefined;
    } else if (current) {
      current.lines.push(line);
    } else {
      current = { lines: [line], line: index + 1 };
      blocks.push(current);
    }
  });
  return blocks;
}

/** Prose rather than a title: long, or a sentence-ending line of many words. */
export function looksLikeAbstract(text: string): boolean {
  const words = text.split(/\s+/).length;
  if (text.length > 300) return true;
  if (/[.!]$/.test(text) && words >= 8) return true;
  return /[.!?]\s+[A-Z]/.test(text) && words >= 12;
}

export function parseTrending(text: string, file: string, date: string): ParsedDigest {
  const reader = new DigestReader(file, date);
  const blocks = toBlocks(text);

  let start = 0;
  let sawDateLine = false;
  for (; start < blocks.length; start++) {
    const block = blocks[start];
    if (block.lines.every((l) => HEADER_LINES.has(l.toLowerCase()))) continue;
    const dateLine = block.lines.length === 1 ? parseDateLine(block.lines[0]) : undefined;
    if (!dateLine) break;
    if (!dateLineMatches(dateLine, date)) {
      throw new InputError(file, block.line, `date line "${block.lines[0]}" does not match the issue date ${date}`);
    }
    sawDateLine = true;
  }
  if (!sawDateLine && blocks.length > 0) {
    reader.warn(blocks[0].line, `no date line found; using the issue date ${date}`);
  }

  let pending: { title: string; line: number } | undefined;
  const emit = (abstract: string, line: number) => {
    if (!pending) {
      reader.warn(line, "abstract without a title; skipped");
      return;
    }
    reader.add(pending.line, pending.title, abstract);
    pending = undefined;
  };
  const openTitle = (title: string, line: number) => {
    if (pending) reader.warn(pending.line, `title ${quote(pending.title)} has no abstract; skipped`);
    pending = { title, line };
  };

  const body = blocks.slice(start);
  body.forEach((block, i) => {
    const [first, ...rest] = block.lines;
    const next = body[i + 1];
    if (block.lines.length === 1 && parseDateLine(first)) {
      reader.warn(block.line, `unexpected date line ${quote(first)} inside the digest (one file holds one day); ignored`);
    } else if (rest.length > 0 && !looksLikeAbstract(first)) {
      // A title with its abstract directly below it, no blank line between.
      openTitle(first, block.line);
      emit(rest.join(" "), block.line + 1);
    } else if (looksLikeAbstract(first)) {
      emit(block.lines.join(" "), block.line);
    } else if (pending && !(next && looksLikeAbstract(next.lines[0]))) {
      // A short abstract: after a title, and not followed by prose of its own.
      emit(first, block.line);
    } else {
      openTitle(first, block.line);
    }
  });
  if (pending) reader.warn(pending.line, `title ${quote(pending.title)} has no abstract; skipped`);
  return reader.result();
}
