import { hash } from "node:crypto";
import { collapseWhitespace } from "../text/plain.ts";

/**
 * When two listings are the same paper. A paper's `id` is a hash of the text it was first
 * read with; that id, and so the page's slug and feed guid, stay with the paper when a
 * curator fixes a typo or a source re-sends an edited abstract. docs/guarantees.md: "One paper, one page".
 */

/** Case, width and spacing variants of one text compare equal. */
function identityText(text: string): string {
  return collapseWhitespace(text.normalize("NFKC").toLowerCase());
}

/** The id of a paper first read with this title and abstract (computed from the text as scraped). */
export function paperId(title: string, abstract: string): string {
  return hash("sha256", `${identityText(title)}\n${identityText(abstract)}`, "hex").slice(0, 16);
}

/** The words of a text, ignoring case, width, spacing, punctuation and markup. */
export function identityWords(text: string): string[] {
  return (
    text
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** Edit distance between two sequences (of words, or of a slug's letters), stopping early once it exceeds `limit`. */
export function wordEdits(a: string[], b: string[], limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // Listings compared as candidates mostly share their title word for word.
  if (a.length === b.length && a.every((word, i) => word === b[i])) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    if (Math.min(...current) > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}

/** Titles match when they differ only in case, spacing or punctuation, or by one word (two in a long title). */
export function titlesMatch(a: string[], b: string[]): boolean {
  const allowed = Math.max(a.length, b.length) > 10 ? 2 : 1;
  return wordEdits(a, b, allowed) <= allowed;
}

/** An abstract's words, their pairs (bigrams) counted, and how many pairs fall in each of `PAIR_BUCKETS` buckets. */
interface AbstractText {
  words: string[];
  pairs: Map<string, number>;
  buckets: Uint32Array;
}

/** How many buckets an abstract's word pairs are counted in, for `similarAtLeast`'s bound. */
const PAIR_BUCKETS = 64;

/** A word pair's bucket, 0 to `PAIR_BUCKETS` − 1, by its FNV-1a hash. */
function pairBucket(pair: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < pair.length; i++) hash = Math.imul(hash ^ pair.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % PAIR_BUCKETS;
}

function textOfAbstract(words: string[]): AbstractText {
  const pairs = new Map<string, number>();
  for (let i = 0; i + 1 < words.length; i++) {
    const pair = `${words[i]} ${words[i + 1]}`;
    pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
  }
  const buckets = new Uint32Array(PAIR_BUCKETS);
  for (const [pair, n] of pairs) buckets[pairBucket(pair)] += n;
  return { words, pairs, buckets };
}

/** How many word pairs two abstracts have between them. */
const pairTotal = (a: AbstractText, b: AbstractText) => Math.max(a.words.length - 1, 0) + Math.max(b.words.length - 1, 0);

/** Share of word pairs two abstracts have in common (Dice coefficient over word bigrams), 0–1. */
function similarity(a: AbstractText, b: AbstractText): number {
  const total = pairTotal(a, b);
  if (total === 0) return a.words.join(" ") === b.words.join(" ") ? 1 : 0;
  const [small, large] = a.pairs.size <= b.pairs.size ? [a.pairs, b.pairs] : [b.pairs, a.pairs];
  let shared = 0;
  for (const [pair, n] of small) shared += Math.min(n, large.get(pair) ?? 0);
  return (2 * shared) / total;
}

/** Share of word pairs two abstracts, given as words, have in common (Dice coefficient over word bigrams), 0–1. */
export function abstractSimilarity(a: string[], b: string[]): number {
  return similarity(textOfAbstract(a), textOfAbstract(b));
}

/**
 * Whether two abstracts are at least `threshold` alike. Most candidates are not (a listing that shares its title with
 * many others, each its own paper, is compared with them all), so a bound is tried first: two abstracts share no
 * more of a bucket's pairs than the fewer of the two has.
 */
function similarAtLeast(a: AbstractText, b: AbstractText, threshold: number): boolean {
  const total = pairTotal(a, b);
  if (total > 0) {
    let bound = 0;
    for (let i = 0; i < PAIR_BUCKETS; i++) bound += Math.min(a.buckets[i], b.buckets[i]);
    if ((2 * bound) / total < threshold) return false;
  }
  return similarity(a, b) >= threshold;
}

/** Abstracts this alike are one text with corrections (a typo fixed: ≈0.99; a sentence added: ≈0.9). */
export const NEAR_IDENTICAL = 0.8;

/** A listing's text, as identity compares it: made once for a listing compared with many. */
export interface IdentityText {
  title: string[];
  abstract: AbstractText;
}

export function identityTextOf(title: string, abstract: string): IdentityText {
  return { title: identityWords(title), abstract: textOfAbstract(identityWords(abstract)) };
}

/**
 * Two listings whose texts differ are still one paper when
 * - their titles match (see `titlesMatch`) and their abstracts are near-identical, or
 * - they hold the same place — the same issue and rank — and either the titles match or the
 *   abstracts are near-identical (a curator correcting a digest in place).
 */
export function samePaper(a: IdentityText, b: IdentityText, samePlace = false): boolean {
  const titles = titlesMatch(a.title, b.title);
  if (titles && similarAtLeast(a.abstract, b.abstract, NEAR_IDENTICAL)) return true;
  return samePlace && (titles || similarAtLeast(a.abstract, b.abstract, NEAR_IDENTICAL));
}

const WORD = /[\p{L}\p{N}]+/gu;
/** Words at each end of an abstract that make a key. */
const END_WORDS = 8;

/** The first `n` words of a text, as `identityWords` splits it, without splitting the rest. */
function firstWords(text: string, n: number): string[] {
  const words: string[] = [];
  for (const match of text.matchAll(WORD)) {
    if (words.push(match[0]) === n) break;
  }
  return words;
}

/** The last `n` words, read from a tail long enough to hold them, cut at a space (no word holds one). */
function lastWords(text: string, n: number): string[] {
  for (let length = 16 * n; ; length *= 4) {
    const from = length >= text.length ? 0 : Math.max(0, text.lastIndexOf(" ", text.length - length));
    const words = text.slice(from).match(WORD) ?? [];
    if (words.length >= n || from === 0) return words.slice(-n);
  }
}

/**
 * Keys under which a listing's possible other versions are looked up, from its text as scraped:
 * its title, and the first and last words of its abstract. No pair of the archive is compared
 * blindly, and no abstract is split into all its words just to be looked up.
 */
export function candidateKeys(title: string, abstract: string): string[] {
  const text = abstract.normalize("NFKC").toLowerCase();
  return [`t:${identityWords(title).join(" ")}`, `a:${firstWords(text, END_WORDS).join(" ")}`, `z:${lastWords(text, END_WORDS).join(" ")}`];
}

/** Finds, among many listings, those that may be another version of a given one. */
export class CandidateIndex<T> {
  private readonly byKey = new Map<string, T[]>();

  add(item: T, keys: string[]): void {
    for (const key of keys) {
      const list = this.byKey.get(key);
      if (list) list.push(item);
      else this.byKey.set(key, [item]);
    }
  }

  /** Items under any of `keys`, each once. */
  find(keys: string[]): T[] {
    return [...new Set(keys.flatMap((key) => this.byKey.get(key) ?? []))];
  }
}
