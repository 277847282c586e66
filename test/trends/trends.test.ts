import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { shareChart, sparkline } from "../../src/trends/charts.ts";
import { buildTrends } from "../../src/trends/model.ts";
import { poissonTail, riseText, risingInIssue, risingPhrases, risingTopics, type PhrasePaper } from "../../src/trends/rising.ts";
import { addDays, timelineOf, weekOf, weeklySeries } from "../../src/trends/timeline.ts";

const TOPICS = ["vision", "language", "robotics", "speech", "other"];

/** `days` days of papers from 2025-01-06 (a Monday): `perDay` a day spread over vision, language and robotics in turn; `extra(day)` adds more. */
function archive(days: number, perDay: number, extra: (day: number) => { topics: string[]; keywords?: string[] }[] = () => []) {
  const papers: (PhrasePaper & { topics: string[] })[] = [];
  for (let d = 0; d < days; d++) {
    const date = addDays("2025-01-06", d);
    const today = [
      ...Array.from({ length: perDay }, (_, i) => ({ topics: [TOPICS[(d + i) % 3], "other"], keywords: [`word${(d * perDay + i) % 40}`] })),
      ...extra(d),
    ];
    today.forEach((p, i) => papers.push({ issues: [date], topics: p.topics, keywords: p.keywords ?? [], slug: `p-${d}-${i}`, title: `Paper ${d}.${i}` }));
  }
  return papers;
}

describe("the timeline: each paper once, under its main topic", () => {
  it("counts papers on their first issue and adds every week's shares up to 100%", () => {
    const papers = archive(40, 6);
    papers.push({ issues: ["2025-01-06", "2025-02-10"], topics: ["speech", "vision"], keywords: [], slug: "again", title: "Listed twice" });
    const timeline = timelineOf(papers);
    expect(timeline.totals.reduce((a, b) => a + b, 0)).toBe(papers.length);
    const { weeks, totals, counts } = weeklySeries(timeline, TOPICS);
    expect(weeks[0]).toBe("2025-01-06");
    expect(weeks).toHaveLength(6);
    weeks.forEach((week, w) => {
      expect(weekOf(week)).toBe(week);
      const sum = TOPICS.reduce((s, t) => s + counts.get(t)![w], 0);
      expect(sum).toBe(totals[w]);
    });
    // The paper listed again counts in its first week only, under its first topic only.
    expect(counts.get("speech")).toEqual([1, 0, 0, 0, 0, 0]);
    expect(totals).toEqual([43, 42, 42, 42, 42, 30]);
  });

  it("keeps a week without papers as a gap in the series, not a zero share", () => {
    const papers = archive(35, 3).filter((p) => !(p.issues[0] >= "2025-01-20" && p.issues[0] <= "2025-01-26"));
    const trends = buildTrends(
      papers.map((p) => ({ ...p })),
      TOPICS.map((slug) => ({ slug, name: slug, description: "", phrases: [] })),
      "other",
    );
    expect(trends.totals[2]).toBe(0);
    expect(trends.topics[0].shares[2]).toBeUndefined();
    // Five weeks over x from 1 to 299 (74.5 apart): the line is two runs, weeks 0-1 and 3-4, with nothing drawn at week 2.
    // Both runs have two weeks, so no lone-week step widens either of them.
    const line = /<path class="line" d="([^"]+)"/.exec(trends.topics[0].chart)![1];
    const runs = line
      .split("M")
      .filter(Boolean)
      .map((run) => run.split("L").map((point) => Number(point.split(",")[0])));
    expect(runs, line).toEqual([
      [1, 75.5],
      [224.5, 299],
    ]);
  });
});

describe("the charted history", () => {
  it("is the latest 104 weeks of a longer archive, so the page does not grow with it", () => {
    const papers = archive(150 * 7, 2);
    const trends = buildTrends(
      papers,
      TOPICS.map((slug) => ({ slug, name: slug, description: "", phrases: [] })),
      "other",
    );
    expect(trends.archiveWeeks).toBe(150);
    expect(trends.weeks).toHaveLength(104);
    expect(trends.weeks.at(-1)).toBe(weekOf(papers.at(-1)!.issues[0]));
    expect(trends.topics.every((t) => t.shares.length === 104)).toBe(true);
    expect(trends.totals.every((n) => n === 14)).toBe(true);
  });
});

describe("rising topics", () => {
  const steady = archive(70, 8);
  const lastDay = addDays("2025-01-06", 69);

  it("finds a topic injected into the last week, with the counts behind the claim", () => {
    const injected = archive(70, 8, (d) => (d >= 63 ? [{ topics: ["speech"] }, { topics: ["speech"] }] : []));
    const rise = risingTopics(timelineOf(injected), lastDay, { exclude: ["other"] });
    expect(rise.enough).toBe(true);
    expect(rise.topics.map((t) => t.slug)).toEqual(["speech"]);
    expect(rise.topics[0].week).toEqual({ count: 14, total: 70, share: 0.2 });
    expect(rise.topics[0].before).toEqual({ count: 0, total: 8 * 56, share: 0 });
    expect(rise.before).toMatchObject({ from: addDays(lastDay, -62), to: addDays(lastDay, -7), weeks: 8 });
    expect(riseText(rise.topics[0], rise)).toBe("20.0% of the week's papers (14 of 70), up from 0.0% over the 8 weeks before (0 of 448)");
  });

  it("claims nothing in a steady archive, nor for a bump chance explains", () => {
    expect(risingTopics(timelineOf(steady), lastDay).topics).toEqual([]);
    // Speech, one paper a week, has four in the last: 3.8 times its share and 5 points up, but a week like
    // that comes once in 45 at its rate (Poisson, λ ≈ 1.05). Eight in a week do not come by chance.
    const weekly = (bump: number) => (d: number) => [
      ...(d % 7 === 3 ? [{ topics: ["speech"] }] : []),
      ...(d === 68 ? Array.from({ length: bump }, () => ({ topics: ["speech"] })) : []),
    ];
    const small = risingTopics(timelineOf(archive(70, 8, weekly(3))), lastDay);
    expect(small.topics).toEqual([]);
    const large = risingTopics(timelineOf(archive(70, 8, weekly(7))), lastDay);
    expect(large.topics.map((t) => [t.slug, t.week.count, t.before.count])).toEqual([["speech", 8, 8]]);
  });

  it("waits for four weeks of history, and never calls the fallback topic rising", () => {
    const young = archive(20, 8, (d) => (d >= 13 ? [{ topics: ["speech"] }, { topics: ["speech"] }] : []));
    const rise = risingInIssue(timelineOf(young), addDays("2025-01-06", 19), "other");
    expect(rise).toMatchObject({ enough: false, historyDays: 20, topics: [] });
    const other = archive(70, 8, (d) => (d >= 63 ? Array.from({ length: 6 }, () => ({ topics: ["other"] })) : []));
    expect(risingInIssue(timelineOf(other), lastDay, "other").topics).toEqual([]);
    expect(risingTopics(timelineOf(other), lastDay).topics.map((t) => t.slug)).toContain("other");
  });

  it("compares the week to any issue, not only the newest", () => {
    const injected = archive(70, 8, (d) => (d >= 40 && d < 47 ? [{ topics: ["speech"] }, { topics: ["speech"] }] : []));
    const timeline = timelineOf(injected);
    expect(risingTopics(timeline, addDays("2025-01-06", 46)).topics[0]?.slug).toBe("speech");
    expect(risingTopics(timeline, lastDay).topics).toEqual([]);
  });
});

describe("rising phrases", () => {
  it("finds keywords the last week's papers carry, lists those papers, and folds keywords of the same papers together", () => {
    const speech = (spelling: string) => ({ topics: ["speech"], keywords: [spelling, "streaming"] });
    const papers = archive(70, 8, (d) => (d >= 65 ? [speech("Speech recognition"), speech("Speech recognition"), speech("speech recognition")] : []));
    const rise = risingPhrases(papers, papers[0].issues[0], addDays("2025-01-06", 69));
    expect(rise.phrases).toHaveLength(1);
    const [phrase] = rise.phrases;
    expect(phrase.phrase).toBe("Speech recognition"); // the week's commonest spelling, case aside
    expect(phrase.also).toEqual(["streaming"]);
    expect(phrase.week).toEqual({ count: 15, total: 71, share: 15 / 71 });
    expect(phrase.before.count).toBe(0);
    expect(phrase.papers).toHaveLength(10);
    expect(phrase.papers.every((p) => p.slug.startsWith("p-6"))).toBe(true);
  });

  it("ignores keywords as common as before", () => {
    const papers = archive(70, 8);
    expect(risingPhrases(papers, papers[0].issues[0], addDays("2025-01-06", 69)).phrases).toEqual([]);
  });
});

describe("poissonTail", () => {
  it("is the chance of at least k events", () => {
    expect(poissonTail(0, 2)).toBe(1);
    expect(poissonTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 12);
    expect(poissonTail(3, 1)).toBeCloseTo(1 - Math.exp(-1) * 2.5, 12);
  });
});

describe("charts", () => {
  const shares = [0.1, 0.2, undefined, 0.05, 0.3];

  it("draws a share chart as well-formed SVG with its title and description, escaping both", () => {
    const svg = shareChart(shares, { id: "t-x", title: 'Speech & "audio" <b>', description: "From 5% to 30%." });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toMatch(/^<svg class="trend-chart" viewBox="0 0 300 60" preserveAspectRatio="none" role="img" aria-labelledby="t-x-title t-x-desc">/);
    expect(svg).toContain('<title id="t-x-title">Speech &amp; &quot;audio&quot; &lt;b&gt;</title>');
    expect(svg).toContain('<desc id="t-x-desc">From 5% to 30%.</desc>');
    // The peak reaches the top margin, zero the baseline; the gap splits the line in two.
    const line = /<path class="line" d="([^"]+)"/.exec(svg)![1];
    expect(line.match(/M/g)).toHaveLength(2);
    expect(line).toContain("L299,1");
  });

  it("draws a sparkline with a dot on the latest week and a text alternative", () => {
    const svg = sparkline(shares, "Speech: 30% latest");
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('role="img" aria-label="Speech: 30% latest"');
    expect(svg).toMatch(/<circle cx="117.5" cy="2.5" r="2"\/>/);
  });

  /** A path's subpaths as their points: "M1,2L3,4ZM5,6Z" → [[[1, 2], [3, 4]], [[5, 6]]]. */
  const subpaths = (d: string) =>
    d
      .split("M")
      .filter(Boolean)
      .map((sub) =>
        sub
          .replace(/Z$/, "")
          .split("L")
          .map((p) => p.split(",").map(Number)),
      );
  /** Whether some subpath of non-zero width passes through x. */
  const drawsAt = (d: string, x: number) => subpaths(d).some((points) => new Set(points.map((p) => p[0])).size > 1 && points.some((p) => p[0] === x));

  it("draws a week that has no drawn week either side, so the newest shows after a week without papers", () => {
    for (const lone of [
      [0.1, undefined, 0.3],
      [undefined, undefined, 0.2],
    ]) {
      const svg = shareChart(lone, { id: "l", title: "Lone", description: "A lone week." });
      expect(XMLValidator.validate(svg)).toBe(true);
      const line = /<path class="line" d="([^"]+)"/.exec(svg)![1];
      const fill = /<path class="area" d="([^"]+)"/.exec(svg)![1];
      // The last week's x is 299; its share is the peak, at the top margin.
      expect(drawsAt(line, 299), line).toBe(true);
      expect(line).toContain("L299,1");
      expect(drawsAt(fill, 299), fill).toBe(true);
      expect(sparkline(lone, "Lone")).toContain('<circle cx="117.5" cy="2.5" r="2"/>');
    }
    // The first week of [0.1, –, 0.3] is lone too: a step from the chart's left edge, a small dot on the sparkline.
    const first = /<path class="line" d="([^"]+)"/.exec(shareChart([0.1, undefined, 0.3], { id: "f", title: "F", description: "F." }))![1];
    expect(drawsAt(first, 1), first).toBe(true);
    expect(sparkline([0.1, undefined, 0.3], "First")).toContain('<circle cx="2.5" cy="15.2" r="1.5"/>');
    // A run of weeks is drawn as before, without a dot of its own.
    expect(sparkline([0.1, 0.2, undefined, 0.05, 0.3], "Run").match(/<circle/g)).toHaveLength(1);
  });

  it("draws nothing for a topic without papers rather than an empty path", () => {
    const svg = shareChart([0, 0, undefined], { id: "e", title: "Empty", description: "No papers." });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toMatch(/d=""/);
  });
});
