import porter2 from "wink-porter2-stemmer";
import { eng } from "stopword";
import { sharedArray } from "../platform/workers.ts";
import { americanSpelling } from "./spelling.ts";
import type { PaperTokens } from "../model/paper.ts";

/**
 * The one tokenizer every text statistic uses (topics, related papers, keywords, summaries),
 * so a phrase in the taxonomy and a word in an abstract meet in the same form. Words are
 * interned: a text becomes a list of word ids, and each distinct word is stemmed and checked
 * against the stop words once, however often the archive uses it (tens of millions of times at
 * 100,000 papers, where stemming each occurrence took more time than all the rest).
 */

const STOP_WORDS = new Set([
  ...eng,
  // Words every abstract uses, which say nothing about its subject.
  "we",
  "our",
  "paper",
  "propose",
  "proposed",
  "show",
  "results",
  "approach",
  "method",
  "methods",
  "based",
  "using",
  "use",
  "used",
  "new",
  "novel",
  "work",
  "study",
  "also",
  "can",
  "however",
  "well",
  "via",
  "e.g",
  "i.e",
  "et",
  "al",
  "us",
  "may",
  "across",
  "within",
  "without",
  "two",
  "one",
  "first",
]);

/** Lower-case words; hyphenated compounds split into their parts. `tokenize` scans for exactly these. */
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** What a character is to `WORD`: a letter, a number (which may continue a word, not follow an apostrophe), or neither. */
const OTHER = 0;
const LETTER = 1;
const NUMBER = 2;
const IS_LETTER = /^\p{L}$/u;
const IS_NUMBER = /^\p{N}$/u;
/** Characters past ASCII, classified once each. */
const kinds = new Map<number, number>();

function charKind(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? LETTER : c >= 48 && c <= 57 ? NUMBER : OTHER;
  const code = text.codePointAt(i)!;
  let kind = kinds.get(code);
  if (kind === undefined) {
    const char = String.fromCodePoint(code);
    kind = IS_LETTER.test(char) ? LETTER : IS_NUMBER.test(char) ? NUMBER : OTHER;
    kinds.set(code, kind);
  }
  return kind;
}

/** How many UTF-16 units the character at i takes (2 for a surrogate pair). */
function charWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
}

/** The end of the run of characters from i whose kind is LETTER, or up to `upTo` (NUMBER: letters and numbers). */
function endOfRun(text: string, i: number, upTo: number): number {
  while (i < text.length) {
    const kind = charKind(text, i);
    if (kind === OTHER || kind > upTo) break;
    i += charWidth(text, i);
  }
  return i;
}

/** FNV-1a over the UTF-16 units of text[start..end). */
function hashOf(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

function sameWord(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word) || /^\d+$/.test(word) || word.length < 2;
}

/**
 * Every word seen, with its Porter2 (Snowball English) stem — Porter2 rather than the original
 * Porter, which folds "generative" and "generalization" into one stem — of its American spelling. Ids only grow, so a
 * tokenised text stays valid as the vocabulary learns more words.
 */
export class Vocabulary {
  /** Open addressing over `words` by an FNV-1a hash of their characters: word id + 1, 0 where empty. */
  private slots = new Int32Array(1 << 16);
  private stemIds = new Map<string, number>();
  /** Per word id: the word, its stem's id, and whether it is a stop word. */
  private readonly words: string[] = [];
  private readonly stemOfWord: number[] = [];
  private readonly stopWords: boolean[] = [];
  private readonly stems: string[] = [];

  /**
   * A text's words in order, as ids (stop words included: a phrase matches word for word). A
   * plain array: a typed array per sentence, millions at 100,000 papers, bloated memory.
   * The words `WORD` matches, found by a scan that looks each up by its characters in place:
   * a word seen before (nearly every one) costs no string, at tens of millions of words.
   */
  tokenize(text: string): number[] {
    const lower = text.toLowerCase();
    const ids: number[] = [];
    for (let i = 0; i < lower.length;) {
      const kind = charKind(lower, i);
      if (kind === OTHER) {
        i += charWidth(lower, i);
        continue;
      }
      const start = i;
      i = endOfRun(lower, i, NUMBER);
      const mark = lower.charCodeAt(i);
      if (mark === 0x27 || mark === 0x2019) {
        const end = endOfRun(lower, i + 1, LETTER);
        if (end > i + 1) i = end;
      }
      ids.push(this.idAt(lower, start, i));
    }
    return ids;
  }

  /** The id of text[start..end), found by its characters; only a word not seen before is cut out as a string. */
  private idAt(text: string, start: number, end: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hashOf(text, start, end) & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot] - 1;
      if (id < 0) {
        const word = this.add(text.slice(start, end));
        this.slots[slot] = word + 1;
        if (2 * this.words.length > this.slots.length) this.rehash();
        return word;
      }
      if (sameWord(this.words[id], text, start, end)) return id;
    }
  }

  /** Twice the slots (or `size`), every word placed again. */
  private rehash(size = 2 * this.slots.length): void {
    this.slots = new Int32Array(size);
    const mask = this.slots.length - 1;
    this.words.forEach((word, id) => {
      let slot = hashOf(word, 0, word.length) & mask;
      while (this.slots[slot]) slot = (slot + 1) & mask;
      this.slots[slot] = id + 1;
    });
  }

  word(id: number): string {
    return this.words[id];
  }

  /** How many words there are so far (word ids are below it). */
  get size(): number {
    return this.words.length;
  }

  /** Each word's id here (words not seen before are learned), by its place in `words`: another run's ids to this one's. */
  idsOf(words: readonly string[]): Uint32Array {
    return Uint32Array.from(words, (word) => this.idAt(word, 0, word.length));
  }

  stemOf(id: number): number {
    return this.stemOfWord[id];
  }

  isStop(id: number): boolean {
    return this.stopWords[id];
  }

  /** How many stems there are so far (stem ids are below it). */
  get stemCount(): number {
    return this.stems.length;
  }

  /** Each word id's stem and stop-word mark as it stands, in shared memory, for a worker thread to read (`WordTable`). */
  table(): WordTable {
    const table = new WordTable(sharedArray(Uint32Array, this.words.length), sharedArray(Uint8Array, this.words.length), this.stems.length);
    for (let id = 0; id < this.words.length; id++) {
      table.stems[id] = this.stemOfWord[id];
      table.stops[id] = Number(this.stopWords[id]);
    }
    return table;
  }

  /** Every word and stem with its id, for a worker thread to read word ids with the same meaning (`load`). */
  snapshot(): VocabularySnapshot {
    return { words: this.words, stems: this.stems, table: this.table() };
  }

  /**
   * Takes on a snapshot of another thread's vocabulary, ids and all: what a worker does before
   * it reads that thread's word ids. Only an empty vocabulary can, or an id would mean two words.
   */
  load({ words, stems, table }: VocabularySnapshot): void {
    if (this.words.length || this.stems.length) throw new Error("a vocabulary that holds words cannot load another's");
    stems.forEach((stem) => this.stemId(stem));
    words.forEach((word, id) => {
      this.words.push(word);
      this.stemOfWord.push(table.stems[id]);
      this.stopWords.push(table.stops[id] === 1);
    });
    let size = this.slots.length;
    while (2 * words.length > size) size *= 2;
    this.rehash(size);
  }

  /** A word not seen before: its id, stem and stop-word mark. */
  private add(word: string): number {
    this.words.push(word);
    this.stopWords.push(isStopWord(word));
    this.stemOfWord.push(this.stemId(porter2(americanSpelling(word))));
    return this.words.length - 1;
  }

  /** A stem's id, given as text (as a file of learned weights names it); a stem not seen yet gets one. */
  stemId(stem: string): number {
    let stemId = this.stemIds.get(stem);
    if (stemId === undefined) {
      stemId = this.stems.length;
      this.stemIds.set(stem, stemId);
      this.stems.push(stem);
    }
    return stemId;
  }

  /** A stem's text. */
  stem(stemId: number): string {
    return this.stems[stemId];
  }
}

export interface VocabularySnapshot {
  words: string[];
  stems: string[];
  table: WordTable;
}

/** What reading word ids needs of a vocabulary: the `Vocabulary` itself, or its `WordTable` in a worker thread. */
export interface Lexicon {
  stemOf(id: number): number;
  isStop(id: number): boolean;
  readonly stemCount: number;
}

/** A vocabulary's stems and stop-word marks by word id, frozen, for a thread that reads ids it did not make. */
export class WordTable implements Lexicon {
  constructor(
    readonly stems: Uint32Array,
    readonly stops: Uint8Array,
    readonly stemCount: number,
  ) {}

  /** The same table on the far side of a worker thread's message (which keeps the arrays, not the class). */
  static from({ stems, stops, stemCount }: WordTable): WordTable {
    return new WordTable(stems, stops, stemCount);
  }

  stemOf(id: number): number {
    return this.stems[id];
  }

  isStop(id: number): boolean {
    return this.stops[id] === 1;
  }
}

/** How many words `tokenize` finds in a text, without looking any up. */
export function countWords(text: string): number {
  return text.toLowerCase().match(WORD)?.length ?? 0;
}

/** The vocabulary of this process: every stage's word ids index it. */
export const vocabulary = new Vocabulary();

/** A text's stems as ids, stop words included. */
export function stemIds(text: string): number[] {
  return vocabulary.tokenize(text).map((id) => vocabulary.stemOf(id));
}

/** A paper's words as ids: the title's, then the abstract's. */
export function paperTokens(title: string, abstract: string): PaperTokens {
  const titleIds = vocabulary.tokenize(title);
  return { ids: Uint32Array.from([...titleIds, ...vocabulary.tokenize(abstract)]), titleLength: titleIds.length };
}
