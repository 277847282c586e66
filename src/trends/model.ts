import type { Topic } from "../analysis/topics.ts";
import { readableDate } from "../model/dates.ts";
import { shareChart, sparkline } from "./charts.ts";
import { MIN_HISTORY_DAYS, percent, risingPhrases, risingTopics, type PhrasePaper, type PhraseRise, type TopicRise } from "./rising.ts";
import { addDays, shareOf, timelineOf, weeklySeries, type Timeline, type TrendPaper } from "./timeline.ts";

/** Weeks charted, at most: 104 weeks of 31 topics make a page of about 165 KB. */
export const CHARTED_WEEKS = 104;

/** One topic's line on /trends/, its sparkline on the topic pages. */
export interface TopicTrend {
  slug: string;
  name: string;
  /** Its share of each week's new papers (undefined: a week without papers). */
  shares: (number | undefined)[];
  /** Its share in the latest week with papers, and its highest. */
  latest?: number;
  peak?: { share: number; week: string };
  /** One sentence with the numbers a chart shows: latest week, peak, range. */
  summary: string;
  chart: string;
  sparkline: string;
}

/** Everything the trends page, the home page and the topic pages show of how the field moves. */
export interface Trends {
  /** Whether there is history enough (`MIN_HISTORY_DAYS`) to draw and compare anything. */
  enough: boolean;
  historyDays: number;
  neededDays: number;
  /** When the archive will have enough history, if it does not yet. */
  enoughOn?: string;
  /** The Monday of each week charted (the latest `CHARTED_WEEKS`), oldest first, and its new papers. */
  weeks: string[];
  /** Weeks the whole archive spans, charted or not. */
  archiveWeeks: number;
  totals: number[];
  /** In the taxonomy's order. */
  topics: TopicTrend[];
  /** The week to the newest issue against the weeks before. */
  rising: TopicRise;
  phrases: PhraseRise;
  /** The counts behind it all, for the rising topics of any issue. */
  timeline: Timeline;
}

export interface TrendsInput extends TrendPaper, PhrasePaper {}

/** What a topic's chart shows, in numbers and in words (its text alternative). */
function describe(name: string, weeks: string[], shares: (number | undefined)[]): Pick<TopicTrend, "latest" | "peak" | "summary"> {
  const drawn = shares.flatMap((share, i) => (share === undefined ? [] : [{ share, week: weeks[i] }]));
  if (drawn.length === 0) return { summary: `${name}: no papers yet.` };
  const peak = drawn.reduce((best, w) => (w.share > best.share ? w : best));
  const low = Math.min(...drawn.map((w) => w.share));
  const latest = drawn.at(-1)!;
  const summary =
    `${name}: ${percent(latest.share)} of the new papers in the week of ${readableDate(latest.week)}; ` +
    `over ${weeks.length} weeks from ${readableDate(weeks[0])}, between ${percent(low)} and ${percent(peak.share)} (the week of ${readableDate(peak.week)}).`;
  return { latest: latest.share, peak, summary };
}

/**
 * The trends of an archive: one pass over its papers (newest first, as the listings order them,
 * so a rising phrase lists its newest papers), then sums over days and weeks.
 */
export function buildTrends(papers: TrendsInput[], taxonomy: Topic[], fallback: string): Trends {
  const timeline: Timeline = timelineOf(papers);
  const first = timeline.days[0];
  const last = timeline.days.at(-1);
  const rising = risingTopics(timeline, last ?? "1970-01-01", { exclude: [fallback] });
  const phrases = risingPhrases(papers, first, last ?? "1970-01-01");
  const series = weeklySeries(
    timeline,
    taxonomy.map((t) => t.slug),
  );
  // The latest two years: the page stays the same size however long the archive grows.
  const from = Math.max(0, series.weeks.length - CHARTED_WEEKS);
  const weeks = series.weeks.slice(from);
  const totals = series.totals.slice(from);
  const topics = taxonomy.map((topic): TopicTrend => {
    const shares = series.counts
      .get(topic.slug)!
      .slice(from)
      .map((n, w) => shareOf(n, totals[w]));
    const { latest, peak, summary } = describe(topic.name, weeks, shares);
    return {
      slug: topic.slug,
      name: topic.name,
      shares,
      latest,
      peak,
      summary,
      chart: rising.enough
        ? shareChart(shares, { id: `trend-${topic.slug}`, title: `${topic.name}: share of each week's new papers`, description: summary })
        : "",
      sparkline: rising.enough ? sparkline(shares, summary) : "",
    };
  });
  return {
    enough: rising.enough,
    historyDays: rising.historyDays,
    neededDays: MIN_HISTORY_DAYS,
    enoughOn: first && !rising.enough ? addDays(first, MIN_HISTORY_DAYS - 1) : undefined,
    weeks,
    archiveWeeks: series.weeks.length,
    totals,
    topics,
    rising,
    phrases,
    timeline,
  };
}
