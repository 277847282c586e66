import { countWords, vocabulary, type Lexicon } from "./terms.ts";

export const SUMMARY_MAX_LENGTH = 220;

/** Sentence ends, but not after common abbreviations ("e.g.", "et al.", "Fig."). */
const ABBREVIATION = /(?:\b(?:e\.g|i\.e|et al|vs|cf|Fig|Eq|Sec|resp|approx|etc|al|Dr|Inc|No)\.|\b[A-Z]\.)$/;

export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of text.matchAll(/[.!?]["”’)]?\s+(?=["“(]?[A-Z0-9])/g)) {
    const end = match.index + match[0].trimEnd().length;
    if (ABBREVIATION.test(text.slice(start, end))) continue;
    sentences.push(text.slice(start, end).trim());
    start = match.index + match[0].length;
  }
  if (start < text.length) sentences.push(text.slice(start).trim());
  return sentences.filter(Boolean);
}

/** A character that is neither a letter, a digit, a space nor plain punctuation: formula material. */
const SYMBOL = /[^\p{L}\p{N}\s.,;:'"-]/gu;

/** Phrases that announce what a paper contributes, with how strongly they do. */
const CUES: [RegExp, number][] = [
  [/\b(?:we|this (?:paper|work|study)|here,? we)\s+(?:\w+ly\s+)?(?:introduce|propose|present|develop|design|release|provide)s?\b/i, 3],
  [/\b(?:we|our (?:results|experiments|analysis)|this (?:paper|work))\s+(?:\w+ly\s+)?(?:show|find|demonstrate|prove|reveal|establish)s?\b/i, 2.5],
  [/\bin this (?:paper|work|study)\b/i, 2],
  [/\b(?:we|this (?:paper|work))\s+(?:study|investigate|examine|analy[sz]e|explore|consider|evaluate)\b/i, 1.5],
  [/\b(?:outperform|state-of-the-art|significantly improves?)\b/i, 0.5],
];

/** Sentence openers that lean on the sentence before: "Second,", "Finally,", "In this paper,", "Here we". */
const OPENERS =
  "first(?:ly)?|second(?:ly)?|third(?:ly)?|finally|lastly|then|next|here|thus|hence|therefore|consequently|accordingly|overall|specifically|concretely|interestingly|importantly|notably|surprisingly|crucially|moreover|furthermore|additionally|further|also|however|instead|in (?:addition|particular|summary|short|conclusion|this (?:paper|work|study|article|note))|to (?:this|that) end|as a result";
const LEAD_IN = new RegExp(`^(?:(?:${OPENERS}),\\s+|(?:${OPENERS})\\s+(?=(?:we|our|this|these)\\b))+`, "i");

/** An opening clause that points back at what came before it ("To address this gap, we …", "Motivated by these findings, we …"). */
const BACK_REFERENCE = /^([^,;:]{3,100}?),\s+(?=we\b)/i;
const POINTS_BACK = /\b(?:this|these|that|those|such|them|their|its|it|our|above|aforementioned)\b/i;

/** The sentence as a line that reads on its own: openers that point back at the abstract's other sentences dropped. */
export function standalone(sentence: string): string {
  let line = sentence.replace(LEAD_IN, "");
  const clause = BACK_REFERENCE.exec(line);
  if (clause && POINTS_BACK.test(clause[1])) line = line.slice(clause[0].length);
  return line === sentence ? sentence : line.charAt(0).toUpperCase() + line.slice(1);
}

/**
 * A sentence about something other than the paper's own work: it opens on a word that points back
 * ("It discovers…", "Such a conflict…", "These methods…", but not "This comprehensive study…") or on earlier work
 * ("Prior work…", "The recent work…", "Existing methods…"). Alone in a listing it would misattribute.
 */
const NOT_ITS_OWN =
  /^(?:(?:it|they|such|these|those|its|their)\b|this (?!(?:[\w-]+ ){0,2}(?:paper|work|study|article|note|report|thesis|survey|review)\b)|(?:the )?(?:prior|previous|recent|existing|earlier) (?:work|works|methods|approaches|studies|research)\b)/i;

/** Words a cut must not end on: "… the training of the…" reads as broken. */
const DANGLING = /(?:\s+(?:a|an|the|of|to|for|and|or|but|with|in|on|at|by|from|as|that|which|whose|while|into|via|its|their|our))+$/i;

/** Where a parenthesis the text opens is still open at its end, else -1. */
function openParenthesis(text: string): number {
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "(" || text[i] === "[") open.push(i);
    else if ((text[i] === ")" || text[i] === "]") && open.length) open.pop();
  }
  return open.length ? open[0] : -1;
}

/**
 * Cuts text to `max` characters, marking the cut with an ellipsis: at the last clause boundary
 * (comma, semicolon, dash) that keeps at least 60% of the room and no parenthesis open, else at
 * the last word, never mid-word; a parenthesis left open goes ("… trained (e.g…" reads as broken).
 */
export function shorten(text: string, max = SUMMARY_MAX_LENGTH): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max); // leaves one character for the ellipsis
  const clauses = [...room.matchAll(/, |; | – | — /g)].map((m) => m.index).filter((at) => at >= 0.6 * max && openParenthesis(room.slice(0, at)) < 0);
  const space = room.lastIndexOf(" ");
  let cut = clauses.length ? room.slice(0, clauses.at(-1)) : space > max / 2 ? room.slice(0, space).replace(DANGLING, "") : room.slice(0, max - 1);
  const open = openParenthesis(cut);
  if (open > max / 2) cut = cut.slice(0, open).replace(DANGLING, "");
  return `${cut.replace(/[\s,;:—–-]+$/, "")}…`;
}

/**
 * Per stem id, its count in the abstract being read and the last sentence that saw it: arrays
 * kept between calls (and zeroed after each), since Maps and Sets per sentence were half the stage.
 */
let scratchCounts = new Int32Array(1 << 16);
let scratchSeen = new Int32Array(1 << 16);
let scratchMark = 0;

function scratch(stems: number): { counts: Int32Array; seen: Int32Array } {
  if (stems > scratchCounts.length) {
    const size = 2 ** Math.ceil(Math.log2(stems));
    scratchCounts = new Int32Array(size);
    scratchSeen = new Int32Array(size);
  }
  return { counts: scratchCounts, seen: scratchSeen };
}

/**
 * Each sentence's word ids, cut from the abstract's (the tokens stage's) rather than looked up
 * again (a third of the stage's time); undefined when the sentences' words do not add up to them.
 */
function sentenceWords(sentences: string[], abstractIds: Uint32Array): ArrayLike<number>[] | undefined {
  const counts = sentences.map(countWords);
  if (counts.reduce((a, b) => a + b, 0) !== abstractIds.length) return undefined;
  let at = 0;
  return counts.map((count) => abstractIds.subarray(at, (at += count)));
}

/**
 * The one sentence that best states a paper's contribution: cue phrases first, then
 * early position and overlap with the abstract's vocabulary; made to read on its own, and never cut mid-word.
 * `abstractIds`, the abstract's word ids if already known, saves tokenising it again.
 */
export function pickSummary(abstract: string, abstractIds?: Uint32Array): string {
  const sentences = splitSentences(abstract);
  if (sentences.length === 0) return "";
  const words = (abstractIds && sentenceWords(sentences, abstractIds)) ?? sentences.map((sentence) => vocabulary.tokenize(sentence));
  return bestSentence(sentences, words, vocabulary);
}

/**
 * The same, in a thread that can read word ids but not make them (src/ingest/stages/summary-worker.ts):
 * undefined when the ids do not line up with the sentences, for the ingest's own thread to pick.
 */
export function pickSummaryFromIds(abstract: string, abstractIds: Uint32Array, lexicon: Lexicon): string | undefined {
  const sentences = splitSentences(abstract);
  if (sentences.length === 0) return "";
  const words = sentenceWords(sentences, abstractIds);
  return words && bestSentence(sentences, words, lexicon);
}

function bestSentence(sentences: string[], words: ArrayLike<number>[], lexicon: Lexicon): string {
  // The abstract's vocabulary is its sentences' together: how often each stem occurs in it.
  const sentenceStems = words.map((ids) => {
    const stems: number[] = [];
    for (let i = 0; i < ids.length; i++) if (!lexicon.isStop(ids[i])) stems.push(lexicon.stemOf(ids[i]));
    return stems;
  });
  const { counts, seen } = scratch(lexicon.stemCount);
  for (const stems of sentenceStems) for (const s of stems) counts[s]++;

  let best = sentences[0];
  let bestScore = -Infinity;
  sentences.forEach((sentence, index) => {
    const cue = Math.max(0, ...CUES.filter(([re]) => re.test(sentence)).map(([, w]) => w));
    // Each distinct stem of the sentence once: how much of the abstract's vocabulary it shares.
    const mark = ++scratchMark;
    let distinct = 0;
    let shared = 0;
    for (const s of sentenceStems[index]) {
      if (seen[s] === mark) continue;
      seen[s] = mark;
      distinct++;
      shared += Math.min(counts[s] - 1, 3);
    }
    const centrality = shared / Math.sqrt(distinct + 1);
    const position = index === 0 ? 0.6 : index === 1 ? 0.3 : 0;
    const lengthPenalty = sentence.length > 2 * SUMMARY_MAX_LENGTH ? 1 : sentence.length < 40 ? 1.5 : 0;
    // A sentence that is mostly formula reads badly on its own in a listing.
    let symbols = 0;
    for (const match of sentence.matchAll(SYMBOL)) symbols += match[0].length;
    const formulaPenalty = symbols / sentence.length > 0.08 ? 3 : 0;
    const notItsOwn = NOT_ITS_OWN.test(sentence) ? 2 : 0;
    const score = cue + position + 0.4 * centrality - lengthPenalty - formulaPenalty - notItsOwn;
    if (score > bestScore) {
      best = sentence;
      bestScore = score;
    }
  });
  for (const stems of sentenceStems) for (const s of stems) counts[s] = 0;
  return shorten(standalone(best));
}
