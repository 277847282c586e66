import porter2 from "wink-porter2-stemmer";
import { eng } from "stopword";
import { sharedArray } from "../workers.ts";
import { americanSpelling } from "./spelling.ts";

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
  "we", "our", "paper", "propose", "proposed", "show", "results", "approach", "method", "methods",
  "based", "using", "use", "used", "new", "novel", "work", "study", "also", "can", "however", "well",
  "via", "e.g", "i.e", "et", "al", "us", "may", "across", "within", "without", "two", "one", "first",
]);

/** Lower-case words; hyphenated compounds split into their parts. */
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word) || /^\d+$/.test(word) || word.length < 2;
}

/**
 * Every word seen, with its Porter2 (Snowball English) stem — Porter2 rather than the original
 * Porter, which folds "generative" and "generalization" into one stem — of its American spelling. Ids only grow, so a
 * tokenised text stays valid as the vocabulary learns more words.
 */
export class Vocabulary {
  private wordIds = new Map<string, number>();
  private stemIds = new Map<string, number>();
  /** Per word id: the word, its stem's id, and whether it is a stop word. */
  private readonly words: string[] = [];
  private readonly stemOfWord: number[] = [];
  private readonly stopWords: boolean[] = [];
  private readonly stems: string[] = [];

  /**
   * A text's words in order, as ids (stop words included: a phrase matches word for word). A
   * plain array: a typed array per sentence, millions at 100,000 papers, bloated memory.
   */
  tokenize(text: string): number[] {
    return (text.toLowerCase().match(WORD) ?? []).map((word) => this.id(word));
  }

  word(id: number): string {
    return this.words[id];
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

  private id(word: string): number {
    let id = this.wordIds.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.wordIds.set(word, id);
      this.words.push(word);
      this.stopWords.push(isStopWord(word));
      this.stemOfWord.push(this.stemId(porter2(americanSpelling(word))));
    }
    return id;
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
export interface PaperTokens {
  ids: Uint32Array;
  /** How many of the ids are the title's. */
  titleLength: number;
}

export function paperTokens(title: string, abstract: string): PaperTokens {
  const titleIds = vocabulary.tokenize(title);
  return { ids: Uint32Array.from([...titleIds, ...vocabulary.tokenize(abstract)]), titleLength: titleIds.length };
}
