import porter2 from "wink-porter2-stemmer";
import { eng } from "stopword";

/**
 * The one tokenizer every text statistic uses (topics, related papers, keywords),
 * so a phrase in the taxonomy and a word in an abstract meet in the same form.
 */

const STOP_WORDS = new Set([
  ...eng,
  // Words every abstract uses, which say nothing about its subject.
  "we", "our", "paper", "propose", "proposed", "show", "results", "approach", "method", "methods",
  "based", "using", "use", "used", "new", "novel", "work", "study", "also", "can", "however", "well",
  "via", "e.g", "i.e", "et", "al", "us", "may", "across", "within", "without", "two", "one", "first",
]);

/** Lower-case word tokens; hyphenated compounds split into their parts. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [];
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word) || /^\d+$/.test(word) || word.length < 2;
}

const stems = new Map<string, string>();

/**
 * Porter2 (Snowball English) stem of a lower-case word, memoised: an archive repeats a small
 * vocabulary millions of times. Porter2 rather than the original Porter, which folds
 * "generative" and "generalization" into one stem.
 */
export function stem(word: string): string {
  let cached = stems.get(word);
  if (cached === undefined) {
    cached = porter2(word);
    if (stems.size < 1_000_000) stems.set(word, cached);
  }
  return cached;
}

/**
 * A text's content words, stop words removed (as scikit-learn does before forming n-grams):
 * each word's stem (what statistics count) and the word itself (what readers see), as two
 * parallel lists rather than an object per word — an archive tokenises tens of millions.
 */
export interface Tokens {
  stems: string[];
  words: string[];
}

export function contentTokens(text: string): Tokens {
  const stems: string[] = [];
  const kept: string[] = [];
  for (const word of words(text)) {
    if (isStopWord(word)) continue;
    stems.push(stem(word));
    kept.push(word);
  }
  return { stems, words: kept };
}

/**
 * How one text spells each of its uni- and bigrams, keyed by stems (`"model"`, `"generat model"`):
 * a paper's keywords read in its own words, not in whichever word first gave the corpus that stem.
 */
export function surfaceForms(text: string): Map<string, string> {
  const forms = new Map<string, string>();
  const { stems, words: spelled } = contentTokens(text);
  for (let i = 0; i < stems.length; i++) {
    if (!forms.has(stems[i])) forms.set(stems[i], spelled[i]);
    if (i + 1 < stems.length) {
      const bigram = `${stems[i]} ${stems[i + 1]}`;
      if (!forms.has(bigram)) forms.set(bigram, `${spelled[i]} ${spelled[i + 1]}`);
    }
  }
  return forms;
}
