import { readableDate } from "../model/dates.ts";
import { thousands } from "../text/numbers.ts";
import { addDays, daysBetween, windowCounts, type Timeline } from "./timeline.ts";

/**
 * What is rising: the week to a given day against the weeks before it. A topic rises when its
 * share of the week's new papers clearly exceeds its share over the trailing weeks; a phrase
 * (one of the keywords the ingest gives each paper) when far more of the week's papers use it
 * than before. Both carry the counts behind the claim, and neither is claimed on thin history.
 */

/** The week compared: the seven days to the issue, so every issue has its own. */
export const WEEK_DAYS = 7;
/** Weeks before it that make the trailing average. */
export const TRAILING_WEEKS = 8;
/** History the archive needs, up to the day compared, before anything is called rising. */
export const MIN_HISTORY_DAYS = 28;
/** A topic or phrase needs this many of the week's papers: one or two papers are not a trend. */
const MIN_PAPERS = 3;
/** A rising topic's share is at least this multiple of its trailing share… */
const MIN_TOPIC_RATIO = 1.5;
/** …and at least this much higher (one percentage point). */
const MIN_TOPIC_GAIN = 0.01;
/** A rising phrase is used this many times more often than before (counting one use before, if none). */
const MIN_PHRASE_RATIO = 3;
/**
 * And neither is chance: at the trailing rate, a week would reach its count less often than
 * this (a Poisson tail), shared among all the topics or phrases tested that week (Bonferroni),
 * since among hundreds of keywords a few always jump. Three papers of 21 where one was
 * expected is a fluke; seven where none was is not.
 */
const MAX_CHANCE = 0.01;
/** Other keywords of the same papers named with a rising phrase. */
const ALSO_SHOWN = 3;
/** Papers listed under each rising phrase. */
const PHRASE_PAPERS = 10;

export interface Count {
  count: number;
  total: number;
  share: number;
}

export interface Comparison {
  /** The last day of the week compared. */
  date: string;
  /** Whether the archive reaches back `MIN_HISTORY_DAYS` from `date`. */
  enough: boolean;
  /** Days of history up to `date`, that day included. */
  historyDays: number;
  week: { from: string; to: string; total: number };
  before: { from: string; to: string; total: number; weeks: number };
}

export interface RisingTopic {
  slug: string;
  week: Count;
  before: Count;
}

export interface TopicRise extends Comparison {
  topics: RisingTopic[];
}

/** P(X ≥ k) for X ~ Poisson(λ). */
export function poissonTail(k: number, lambda: number): number {
  let term = Math.exp(-lambda);
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += term;
    term *= lambda / (i + 1);
  }
  return Math.max(0, 1 - below);
}

/** Whether `week` papers of the week are more than chance at the rate of `before` (half a paper, if none), one of `tests` such questions. */
function beyondChance(week: Count, before: Count, tests: number): boolean {
  const rate = Math.max(before.count, 0.5) / before.total;
  return poissonTail(week.count, rate * week.total) < MAX_CHANCE / Math.max(1, tests);
}

function count(n: number, total: number): Count {
  return { count: n, total, share: total > 0 ? n / total : 0 };
}

/** The week to `date` and the trailing weeks before it, within the archive (which starts on `firstDay`). */
function windows(
  firstDay: string | undefined,
  date: string,
): Omit<Comparison, "week" | "before"> & { week: { from: string; to: string }; before: { from: string; to: string; weeks: number } } {
  const historyDays = firstDay && firstDay <= date ? daysBetween(firstDay, date) + 1 : 0;
  const weekFrom = addDays(date, 1 - WEEK_DAYS);
  const beforeTo = addDays(weekFrom, -1);
  const earliest = addDays(weekFrom, -WEEK_DAYS * TRAILING_WEEKS);
  const beforeFrom = firstDay && firstDay > earliest ? firstDay : earliest;
  const weeks = Math.max(0, Math.ceil((daysBetween(beforeFrom, beforeTo) + 1) / WEEK_DAYS));
  return { date, enough: historyDays >= MIN_HISTORY_DAYS, historyDays, week: { from: weekFrom, to: date }, before: { from: beforeFrom, to: beforeTo, weeks } };
}

/** Topics whose share of the week to `date` most exceeds their trailing share, biggest rise first. */
export function risingTopics(timeline: Timeline, date: string, options: { exclude?: string[]; limit?: number } = {}): TopicRise {
  const span = windows(timeline.days[0], date);
  const week = windowCounts(timeline, span.week.from, span.week.to);
  const before = windowCounts(timeline, span.before.from, span.before.to);
  const comparison = { ...span, week: { ...span.week, total: week.total }, before: { ...span.before, total: before.total } };
  if (!span.enough || week.total === 0 || before.total === 0) return { ...comparison, topics: [] };
  const tested = [...week.counts]
    .filter(([slug, n]) => !options.exclude?.includes(slug) && n >= MIN_PAPERS)
    .map(([slug, n]) => ({ slug, week: count(n, week.total), before: count(before.counts.get(slug) ?? 0, before.total) }));
  const topics = tested
    .filter(
      (t) =>
        t.week.share >= MIN_TOPIC_RATIO * t.before.share && t.week.share - t.before.share >= MIN_TOPIC_GAIN && beyondChance(t.week, t.before, tested.length),
    )
    .sort((a, b) => b.week.share - b.before.share - (a.week.share - a.before.share) || a.slug.localeCompare(b.slug));
  return { ...comparison, topics: topics.slice(0, options.limit ?? 5) };
}

/** Rising topics shown with an issue, on the home page and in its newsletter. */
export const RISING_IN_ISSUE = 3;

/** The topics rising in the week to an issue, as the home page and the newsletter show them (never the fallback topic). */
export function risingInIssue(timeline: Timeline, date: string, fallback: string): TopicRise {
  return risingTopics(timeline, date, { exclude: [fallback], limit: RISING_IN_ISSUE });
}

/** What the phrases need of a paper: its issues, its keywords (derived by the ingest), and how to link it. */
export interface PhrasePaper {
  issues: string[];
  keywords: string[];
  slug: string;
  title: string;
}

export interface RisingPhrase {
  phrase: string;
  /** Other rising keywords of the same papers ("streaming", "recognition" with "speech"). */
  also: string[];
  week: Count;
  before: Count;
  /** The week's papers that use it, in the order given, at most `PHRASE_PAPERS`. */
  papers: { slug: string; title: string }[];
}

export interface PhraseRise extends Comparison {
  phrases: RisingPhrase[];
}

/** Keywords spelled apart only by case or Unicode form are one phrase. */
const phraseKey = (keyword: string) => keyword.normalize("NFKC").toLowerCase();

/**
 * Phrases used by far more of the week's papers than of the trailing weeks', biggest rise
 * first, each with the week's papers that use it. One pass over `papers`, which may be the
 * whole archive.
 */
export function risingPhrases(papers: Iterable<PhrasePaper>, firstDay: string | undefined, date: string, limit = 10): PhraseRise {
  const span = windows(firstDay, date);
  const totals = { week: 0, before: 0 };
  const byKey = new Map<string, { week: number; before: number; spellings: Map<string, number>; papers: PhrasePaper[] }>();
  // The week's papers are few; each phrase keeps all of its own.
  for (const paper of papers) {
    const day = paper.issues[0];
    const inWeek = day >= span.week.from && day <= span.week.to;
    if (!inWeek && !(day >= span.before.from && day <= span.before.to)) continue;
    totals[inWeek ? "week" : "before"]++;
    for (const keyword of new Set(paper.keywords)) {
      const key = phraseKey(keyword);
      let entry = byKey.get(key);
      if (!entry) byKey.set(key, (entry = { week: 0, before: 0, spellings: new Map(), papers: [] }));
      if (!inWeek) {
        entry.before++;
        continue;
      }
      entry.week++;
      entry.spellings.set(keyword, (entry.spellings.get(keyword) ?? 0) + 1);
      entry.papers.push(paper);
    }
  }
  const comparison = { ...span, week: { ...span.week, total: totals.week }, before: { ...span.before, total: totals.before } };
  if (!span.enough || totals.week === 0 || totals.before === 0) return { ...comparison, phrases: [] };
  const tested = [...byKey.values()].filter((e) => e.week >= MIN_PAPERS);
  const candidates = tested
    .map((e) => ({
      // The week's commonest spelling.
      phrase: [...e.spellings].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? "",
      week: count(e.week, totals.week),
      before: count(e.before, totals.before),
      papers: e.papers,
    }))
    .filter((c) => c.week.share >= (MIN_PHRASE_RATIO * Math.max(1, c.before.count)) / c.before.total && beyondChance(c.week, c.before, tested.length))
    .sort((a, b) => b.week.share - b.before.share - (a.week.share - a.before.share) || a.phrase.localeCompare(b.phrase));
  // A keyword of no papers but a stronger phrase's says nothing new: it joins that phrase.
  const phrases: (RisingPhrase & { all: Set<PhrasePaper> })[] = [];
  for (const c of candidates) {
    const within = phrases.find((p) => c.papers.every((paper) => p.all.has(paper)));
    if (within) {
      if (within.also.length < ALSO_SHOWN) within.also.push(c.phrase);
    } else if (phrases.length < limit)
      phrases.push({ ...c, also: [], all: new Set(c.papers), papers: c.papers.slice(0, PHRASE_PAPERS).map(({ slug, title }) => ({ slug, title })) });
  }
  return { ...comparison, phrases: phrases.map(({ phrase, also, week, before, papers }) => ({ phrase, also, week, before, papers })) };
}

/** "12.5%", "4.1%", "0.3%" */
export function percent(share: number): string {
  return `${(100 * share).toFixed(1)}%`;
}

/**
 * The claim behind a rise, in the same words on the site, in the feeds' and the email's text:
 * "6.1% of the week's papers (9 of 148), up from 2.0% over the 8 weeks before (24 of 1,190)".
 */
export function riseText(rise: { week: Count; before: Count }, comparison: Comparison): string {
  const weeks = comparison.before.weeks === 1 ? "the week before" : `the ${comparison.before.weeks} weeks before`;
  return `${percent(rise.week.share)} of the week's papers (${thousands(rise.week.count)} of ${thousands(rise.week.total)}), up from ${percent(rise.before.share)} over ${weeks} (${thousands(rise.before.count)} of ${thousands(rise.before.total)})`;
}

/** "the week to 17 March 2025" */
export function weekLabel(comparison: Comparison): string {
  return `the week to ${readableDate(comparison.date)}`;
}
