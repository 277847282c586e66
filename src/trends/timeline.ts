import { isoDay, issueDate } from "../model/dates.ts";

/**
 * The archive as the trends read it: how many papers were first listed each day, and how many
 * of those had each topic as their main topic (their first, the one their text fits best).
 * Each paper counts once, under one topic, so a day's or a week's topic counts add up to its
 * total and its shares to 100%. Built in one pass; every question after that reads sums.
 */

/** What the trends need of a paper (its page's front matter). */
export interface TrendPaper {
  /** Every issue it appeared in, oldest first: it counts on its first. */
  issues: string[];
  /** Strongest first. */
  topics: string[];
}

export interface Timeline {
  /** Every day on which papers were first listed, oldest first. */
  days: string[];
  /** Papers first listed each day (aligned with `days`). */
  totals: number[];
  /** Per topic slug, papers first listed each day whose main topic it is. */
  counts: Map<string, number[]>;
}

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((issueDate(to).getTime() - issueDate(from).getTime()) / DAY_MS);
}

/** The day `n` days after `iso` (before, if negative). */
export function addDays(iso: string, n: number): string {
  return isoDay(new Date(issueDate(iso).getTime() + n * DAY_MS));
}

/** The Monday of the ISO week `iso` falls in. */
export function weekOf(iso: string): string {
  return addDays(iso, -((issueDate(iso).getUTCDay() + 6) % 7));
}

export function timelineOf(papers: Iterable<TrendPaper>): Timeline {
  const byDay = new Map<string, Map<string, number>>();
  for (const paper of papers) {
    const day = paper.issues[0];
    const topic = paper.topics[0];
    if (!day || !topic) continue;
    let counts = byDay.get(day);
    if (!counts) byDay.set(day, (counts = new Map()));
    counts.set(topic, (counts.get(topic) ?? 0) + 1);
  }
  const days = [...byDay.keys()].sort();
  const counts = new Map<string, number[]>();
  const totals = days.map((day, i) => {
    let total = 0;
    for (const [topic, count] of byDay.get(day)!) {
      let series = counts.get(topic);
      if (!series) counts.set(topic, (series = new Array<number>(days.length).fill(0)));
      series[i] = count;
      total += count;
    }
    return total;
  });
  return { days, totals, counts };
}

/** The index of the first day on or after `iso` (days.length if none). */
function firstOnOrAfter(days: string[], iso: string): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (days[mid] < iso) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Papers first listed from `from` to `to` (inclusive): in all, and per topic. */
export function windowCounts(timeline: Timeline, from: string, to: string): { total: number; counts: Map<string, number> } {
  const start = firstOnOrAfter(timeline.days, from);
  const end = firstOnOrAfter(timeline.days, addDays(to, 1));
  let total = 0;
  for (let i = start; i < end; i++) total += timeline.totals[i];
  const counts = new Map<string, number>();
  for (const [topic, series] of timeline.counts) {
    let sum = 0;
    for (let i = start; i < end; i++) sum += series[i];
    if (sum) counts.set(topic, sum);
  }
  return { total, counts };
}

export interface WeeklySeries {
  /** The Monday of every week from the first paper's to the last's, weeks without papers included. */
  weeks: string[];
  /** Papers first listed each week. */
  totals: number[];
  /** Per topic slug (every topic asked for, even one with no papers), its papers each week. */
  counts: Map<string, number[]>;
}

/** The timeline in calendar weeks (Monday to Sunday), for the charts. */
export function weeklySeries(timeline: Timeline, topics: string[]): WeeklySeries {
  if (timeline.days.length === 0) return { weeks: [], totals: [], counts: new Map(topics.map((t) => [t, []])) };
  const first = weekOf(timeline.days[0]);
  const weekCount = Math.floor(daysBetween(first, timeline.days.at(-1)!) / 7) + 1;
  const weeks = Array.from({ length: weekCount }, (_, w) => addDays(first, 7 * w));
  const weekIndex = timeline.days.map((day) => Math.floor(daysBetween(first, day) / 7));
  const totals = new Array<number>(weekCount).fill(0);
  timeline.totals.forEach((n, d) => (totals[weekIndex[d]] += n));
  const counts = new Map<string, number[]>();
  for (const topic of topics) {
    const weekly = new Array<number>(weekCount).fill(0);
    timeline.counts.get(topic)?.forEach((n, d) => (weekly[weekIndex[d]] += n));
    counts.set(topic, weekly);
  }
  return { weeks, totals, counts };
}

/** `count` of `total` as a fraction; undefined for a week without papers (a gap, not a zero). */
export function shareOf(count: number, total: number): number | undefined {
  return total > 0 ? count / total : undefined;
}
