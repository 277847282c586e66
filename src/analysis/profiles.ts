import { z } from "zod";
import { slugSchema } from "../model/slugs.ts";
import { closedObject, readConfig } from "../platform/config-file.ts";
import type { PaperTokens } from "../model/paper.ts";
import { paperTokens, vocabulary } from "./terms.ts";
import { smoothedIdf, sublinearTf } from "./tfidf.ts";

/**
 * Topic profiles: what each topic's papers say, learned from papers labelled with their topic
 * (a Rocchio classifier: each topic's mean TF-IDF vector). Phrases name what a curator knows a
 * field says; a profile holds the hundreds of words the field's papers use besides, so a
 * detection paper that never writes "object detection" still reads like one. Learned once by
 * `npm run topics:learn` and committed (content/topic-profiles.json), idf included, so a
 * paper's topics depend on its own text alone: a growing archive never re-files old papers.
 */

/** content/topic-profiles.json. Stems are Porter2 stems of American spellings (src/analysis/terms.ts). */
export interface ProfilesFile {
  note: string;
  /** Where the labelled papers came from, and how many each gave. */
  learnedFrom: Record<string, number>;
  idf: Record<string, number>;
  /** Per topic slug, its heaviest stems and their weights in the topic's unit-length mean vector. */
  topics: Record<string, Record<string, number>>;
}

const weight = z.number().nonnegative({ error: "expected a number, 0 or more" });
/** The file `learnProfiles` writes: a file edited by hand or cut short stops the ingest where it differs. https://zod.dev */
const profilesSchema: z.ZodType<ProfilesFile> = closedObject({
  note: z.string(),
  learnedFrom: z.record(z.string(), z.number().int().positive({ error: "expected a count of papers" })),
  idf: z.record(z.string(), weight),
  topics: z.record(slugSchema, z.record(z.string(), weight)),
});

/** Reads and checks a profiles file; whether its topics are the taxonomy's is `compileProfiles`' to check. */
export function readProfiles(path: string): ProfilesFile {
  return readConfig(path, profilesSchema);
}

export interface LabelledPaper {
  title: string;
  abstract: string;
  topic: string;
}

/** How many stems a profile keeps: the rest weigh little (measured: 300 classify as well as all). */
export const STEMS_PER_PROFILE = 300;
/** A profile's topic is added when the paper resembles it at least this much… */
const MIN_SIMILARITY = 0.1;
/**
 * …and this many times more than the next topic: a paper between two profiles says nothing.
 * 1.2 rather than 1.1: on the sample digest, 1.1 added a doubtful topic to 6 of 63 papers (1.2: 1),
 * for 2.5 points more same-area pairs on the development set's fourth round.
 */
const MARGIN = 1.2;
/**
 * A topic named by the paper's phrases is kept only if the paper resembles its profile at least
 * this share as much as its best: a stray word ("generalized" in an agent paper's title, "image
 * classification" in an optimiser's experiments) names a field the rest of the paper is not in.
 * Chosen by cross-validation over the development set's four rounds (learned from three, measured
 * on the fourth): at 0.2 distant pairs sharing a field fell from 76 to 66 of 4,928 with no
 * same-area pair lost, and no sample paper changed; from 0.3 same-area pairs began to be lost.
 */
const AGREEMENT = 0.2;

/** Stem id → how often the paper uses it, content words only. */
function stemCounts({ ids }: PaperTokens): Map<number, number> {
  const counts = new Map<number, number>();
  for (const id of ids) {
    if (vocabulary.isStop(id)) continue;
    const stem = vocabulary.stemOf(id);
    counts.set(stem, (counts.get(stem) ?? 0) + 1);
  }
  return counts;
}

/** Sublinear tf × idf, unit length; stems without an idf are left out. */
function unitVector(counts: Map<number, number>, idf: (stem: number) => number | undefined): Map<number, number> {
  const vector = new Map<number, number>();
  let norm = 0;
  for (const [stem, tf] of counts) {
    const weight = idf(stem);
    if (weight === undefined) continue;
    const x = sublinearTf(tf) * weight;
    vector.set(stem, x);
    norm += x * x;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [stem, x] of vector) vector.set(stem, x / norm);
  return vector;
}

const round = (x: number) => Math.round(x * 1e5) / 1e5;
const textOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byKey = <T>(entries: [string, T][]) => Object.fromEntries(entries.sort(([a], [b]) => textOrder(a, b)));

/** Profiles from labelled papers: the same papers give the same file, byte for byte. */
export function learnProfiles(papers: LabelledPaper[], learnedFrom: Record<string, number>): ProfilesFile {
  const counts = papers.map((p) => stemCounts(paperTokens(p.title, p.abstract)));
  const df = new Map<number, number>();
  for (const c of counts) for (const stem of c.keys()) df.set(stem, (df.get(stem) ?? 0) + 1);
  const idf = new Map([...df].map(([stem, d]) => [stem, round(smoothedIdf(papers.length, d))]));
  const sums = new Map<string, Map<number, number>>();
  papers.forEach((p, i) => {
    const sum = sums.get(p.topic) ?? new Map<number, number>();
    for (const [stem, x] of unitVector(counts[i], (s) => idf.get(s))) sum.set(stem, (sum.get(stem) ?? 0) + x);
    sums.set(p.topic, sum);
  });
  const topics = [...sums].map(([topic, sum]): [string, Record<string, number>] => {
    const kept = [...sum].sort((a, b) => b[1] - a[1] || textOrder(vocabulary.stem(a[0]), vocabulary.stem(b[0]))).slice(0, STEMS_PER_PROFILE);
    const norm = Math.sqrt(kept.reduce((s, [, x]) => s + x * x, 0)) || 1;
    return [topic, byKey(kept.map(([stem, x]) => [vocabulary.stem(stem), round(x / norm)]))];
  });
  const used = new Set(topics.flatMap(([, weights]) => Object.keys(weights)));
  return {
    note: "Generated by `npm run topics:learn` from papers labelled with their topics; do not edit by hand. See docs/reading-aids.md, Topics.",
    learnedFrom,
    idf: byKey([...idf].map(([stem, x]): [string, number] => [vocabulary.stem(stem), x]).filter(([stem]) => used.has(stem))),
    topics: byKey(topics),
  };
}

/** Profiles ready to score papers, as flat arrays: the ingest scores every paper of the archive. */
export interface CompiledProfiles {
  slugs: string[];
  indexOf: Map<string, number>;
  /** Per stem id, its row below, or −1 for a stem no profile weighs (stems interned later are past the end). */
  rowOfStem: Int32Array;
  stemOfRow: Int32Array;
  idf: Float64Array;
  /** The profiles that weigh row r's stem, sparse (a stem is in one or two profiles of thirty): topics[i] and weights[i] for i from start[r] to start[r + 1]. */
  start: Uint32Array;
  topics: Uint16Array;
  weights: Float64Array;
  /** Per word id, its row, once looked up (−2: not yet). */
  rowOfId: Int32Array;
  /** Scratch space for the paper being scored: how often it uses each row's stem (zero between papers), the rows it uses, its weight on each, its score per topic. */
  counts: Uint16Array;
  rows: Int32Array;
  vector: Float64Array;
  scores: Float64Array;
}

/** Compiles a profiles file against the taxonomy's topics; a profile of a topic the taxonomy lacks is an error the curator must hear of. */
export function compileProfiles(file: ProfilesFile, topicSlugs: ReadonlySet<string>, path: string): CompiledProfiles {
  const slugs = Object.keys(file.topics);
  const unknown = slugs.filter((slug) => !topicSlugs.has(slug));
  if (unknown.length)
    throw new Error(`${path}: profiles of topics the taxonomy does not have (${unknown.join(", ")}); run \`npm run topics:learn\` after changing topics`);
  const stems = Object.keys(file.idf);
  const stemOfRow = Int32Array.from(stems, (stem) => vocabulary.stemId(stem));
  const rowOfStem = new Int32Array(vocabulary.stemCount).fill(-1);
  stemOfRow.forEach((stem, row) => (rowOfStem[stem] = row));
  const byRow: { topic: number; weight: number }[][] = stems.map(() => []);
  slugs.forEach((slug, topic) => {
    for (const [stem, weight] of Object.entries(file.topics[slug])) {
      const row = file.idf[stem] === undefined ? -1 : rowOfStem[vocabulary.stemId(stem)];
      if (row < 0) throw new Error(`${path}: topic "${slug}" weighs stem "${stem}", which has no idf`);
      byRow[row].push({ topic, weight });
    }
  });
  const start = new Uint32Array(stems.length + 1);
  byRow.forEach((entries, row) => (start[row + 1] = start[row] + entries.length));
  const flat = byRow.flat();
  return {
    slugs,
    indexOf: new Map(slugs.map((slug, t) => [slug, t])),
    rowOfStem,
    stemOfRow,
    idf: Float64Array.from(stems, (stem) => file.idf[stem]),
    start,
    topics: Uint16Array.from(flat, (e) => e.topic),
    weights: Float64Array.from(flat, (e) => e.weight),
    ...scratch(stems.length, slugs.length),
  };
}

/** A word's row (−1: a stop word, or a stem no profile weighs), remembered per word id: the archive repeats its words millions of times. */
function rowOfWord(profiles: CompiledProfiles, id: number): number {
  if (id >= profiles.rowOfId.length) {
    const grown = new Int32Array(Math.max(2 * profiles.rowOfId.length, id + 1, 1024)).fill(UNKNOWN);
    grown.set(profiles.rowOfId);
    profiles.rowOfId = grown;
  }
  if (profiles.rowOfId[id] === UNKNOWN) {
    const stem = vocabulary.stemOf(id);
    profiles.rowOfId[id] = vocabulary.isStop(id) || stem >= profiles.rowOfStem.length ? -1 : profiles.rowOfStem[stem];
  }
  return profiles.rowOfId[id];
}
const UNKNOWN = -2;

const scratch = (rows: number, topics: number) => ({
  rowOfId: new Int32Array(0),
  counts: new Uint16Array(rows),
  rows: new Int32Array(rows),
  vector: new Float64Array(rows),
  scores: new Float64Array(topics),
});

/** How much a paper resembles each profile: views into the profiles' scratch space, valid until the next paper is scored. */
export interface Resemblance {
  /** Cosine similarity per profile, in `slugs` order. */
  scores: Float64Array;
  /** The most resembled profile and the next (−1 with a single profile). */
  best: number;
  second: number;
  /** How many of `rows` (the stems the paper uses that profiles weigh) are filled, with their weights in `vector`. */
  rowCount: number;
}

/** Scores a paper against every profile, once: both the topic it clearly reads like and whether it reads at all like a topic its phrases name come from here. */
export function resemble({ ids }: PaperTokens, profiles: CompiledProfiles): Resemblance {
  const { idf, start, topics, weights, counts, rows, vector, scores } = profiles;
  const topicCount = profiles.slugs.length;
  let rowCount = 0;
  for (let i = 0; i < ids.length; i++) {
    const row = rowOfWord(profiles, ids[i]);
    if (row >= 0 && counts[row]++ === 0) rows[rowCount++] = row;
  }
  let squares = 0;
  scores.fill(0);
  for (let i = 0; i < rowCount; i++) {
    const row = rows[i];
    const x = sublinearTf(counts[row]) * idf[row];
    counts[row] = 0;
    vector[i] = x;
    squares += x * x;
    for (let at = start[row]; at < start[row + 1]; at++) scores[topics[at]] += x * weights[at];
  }
  // The vector was left at its length: dividing the scores once is dividing each weight.
  const norm = Math.sqrt(squares) || 1;
  for (let t = 0; t < topicCount; t++) scores[t] /= norm;
  let best = 0;
  let second = -1;
  for (let t = 1; t < topicCount; t++) {
    if (scores[t] > scores[best]) [second, best] = [best, t];
    else if (second < 0 || scores[t] > scores[second]) second = t;
  }
  return { scores, best, second, rowCount };
}

/**
 * Whether a topic the paper's phrases name is one its words read like at all (`AGREEMENT`):
 * a topic without a profile, or a paper that resembles none, gives no reason to doubt it.
 */
export function agrees(resemblance: Resemblance, slug: string, profiles: CompiledProfiles): boolean {
  const t = profiles.indexOf.get(slug);
  const { scores, best } = resemblance;
  return t === undefined || scores[best] <= 0 || scores[t] >= AGREEMENT * scores[best];
}

/**
 * The topic whose profile a paper resembles clearly more than any other (`MARGIN`), if any,
 * with the paper's own words that weigh most in the resemblance, as the paper spells them.
 */
export function clearTopic({ ids }: PaperTokens, resemblance: Resemblance, profiles: CompiledProfiles): { slug: string; terms: string[] } | undefined {
  const { start, topics, weights, rows, vector } = profiles;
  const { scores, best, second, rowCount } = resemblance;
  if (scores[best] < MIN_SIMILARITY || (second >= 0 && scores[best] < MARGIN * scores[second])) return undefined;
  const weightIn = (row: number, topic: number) => {
    for (let at = start[row]; at < start[row + 1]; at++) if (topics[at] === topic) return weights[at];
    return 0;
  };
  const heaviest = Array.from(rows.subarray(0, rowCount), (row, i) => ({ stem: profiles.stemOfRow[row], c: vector[i] * weightIn(row, best) }))
    .filter(({ c }) => c > 0)
    .sort((a, b) => b.c - a.c || a.stem - b.stem)
    .slice(0, 3);
  return { slug: profiles.slugs[best], terms: heaviest.map(({ stem }) => vocabulary.word(ids.find((id) => vocabulary.stemOf(id) === stem)!)) };
}
