import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { search } from "../../src/analysis/neighbour-search.ts";
import { foundArrays, nearestNeighbours, searchData } from "../../src/analysis/related.ts";
import { buildCorpus } from "../../src/analysis/tfidf.ts";
import { paperTokens } from "../../src/analysis/terms.ts";
import { clean } from "../../src/ingest/stages/clean.ts";
import { dedupe } from "../../src/ingest/stages/dedupe.ts";
import { dueForRelated, refreshBucket, refreshDay, related } from "../../src/ingest/stages/related.ts";
import { ingest } from "../../src/ingest/ingest.ts";
import { tokens } from "../../src/ingest/stages/tokens.ts";
import { topics } from "../../src/ingest/stages/topics.ts";
import type { Paper } from "../../src/model/paper.ts";
import { runBeside, sharedArray } from "../../src/platform/workers.ts";
import { readDigest } from "../../src/sources/index.ts";
import { derivedPapers, readDerived, relatedSource, type DerivedPapers } from "../../src/store/derived.ts";
import { FIXTURES, pipelineContext, SAMPLE, tempContent } from "../helpers.ts";

/** The sample's 63 papers with topics, slugs, and one issue each: paper i on day ⌊i / 7⌋ + 1 of March 2025 (9 days). */
let sample: Paper[];
const REFRESH_DAYS = 7;

beforeAll(() => {
  const read = tokens(dedupe(clean(readDigest(SAMPLE).papers)));
  sample = topics(read, pipelineContext()).map((p, i) => ({ ...p, slug: `p${String(i).padStart(2, "0")}`, issues: [issue(Math.floor(i / 7) + 1)] }));
});

function issue(day: number): string {
  return `2025-03-${String(day).padStart(2, "0")}`;
}

/** The index entries `derivedPapers` writes for these papers, by slug. */
function index(papers: Paper[]): DerivedPapers {
  return JSON.parse(`{${derivedPapers(papers)}}`) as DerivedPapers;
}

/** Related papers and keywords as the ingest runs them with a refresh cycle, against the last run's index. */
function run(papers: Paper[], previousDerived: DerivedPapers, relatedRefreshDays: number | undefined): Paper[] {
  return related(papers, pipelineContext({ previousDerived, relatedRefreshDays }));
}

/** Today's computation: every paper's lists from scratch. */
function full(papers: Paper[]): Paper[] {
  return related(papers, pipelineContext());
}

/** Which papers' lists were computed by this run rather than kept: a kept paper's keywords are the previous entry's very array. */
function recomputed(out: Paper[], previous: DerivedPapers): Set<string> {
  return new Set(out.filter((p) => p.keywords !== previous[p.slug]?.keywords).map((p) => p.slug));
}

function retitled(paper: Paper, title: string): Paper {
  return { ...paper, title, tokens: paperTokens(title, paper.abstract) };
}

describe("related papers with a refresh cycle", () => {
  it("computes every paper as today's full run does without refreshDays, whatever the last index holds", () => {
    const stale = index(full(sample.slice(0, 40)));
    const today = full(sample);
    expect(run(sample, stale, undefined)).toEqual(today);
    expect(run(sample, {}, REFRESH_DAYS)).toEqual(today);
    expect(today.every((p) => p.related.length === 5 && p.keywords.length === 5)).toBe(true);
  });

  it("finds the same neighbours, scores and shared terms for a subset of queries as for every document, on one thread or two", () => {
    const corpus = buildCorpus(sample.map((p) => p.tokens.ids));
    // A topic prior that reorders: every third paper shares the one topic.
    const prior = { bits: new Uint32Array(sample.length), words: 1, counts: new Uint8Array(sample.length), weight: 0.2 };
    for (let d = 0; d < sample.length; d += 3) [prior.bits[d], prior.counts[d]] = [1, 1];
    const all = nearestNeighbours(corpus, 5, 3, prior);
    const queries = [40, 3, 62, 0, 17, 18, 5];
    const some = nearestNeighbours(corpus, 5, 3, prior, Infinity, queries);
    expect(some).toEqual(queries.map((q) => all[q]));
    // Any archive of at least 10 papers is searched on two threads.
    expect(nearestNeighbours(corpus, 5, 3, prior, 10, queries)).toEqual(some);
    expect(nearestNeighbours(corpus, 5, 3, prior, Infinity, [])).toEqual([]);
    expect(() => nearestNeighbours(corpus, 5, 3, prior, Infinity, [63])).toThrow(/no document 63 among 63/);

    // The search itself: a query's row, in this thread or a worker's, is the full search's row of that document.
    const data = searchData(corpus, prior);
    const every = foundArrays(sample.length, 5);
    search(data, every, new Int32Array(1), 5);
    const asked = sharedArray(Uint32Array, queries.length);
    asked.set(queries);
    const here = foundArrays(queries.length, 5);
    search(data, here, new Int32Array(1), 5, asked);
    const there = foundArrays(queries.length, 5);
    runBeside<void>(new URL("../../src/analysis/neighbour-worker.ts", import.meta.url), {
      data,
      found: there,
      next: sharedArray(Int32Array, 1),
      k: 5,
      queries: asked,
    })();
    expect(there).toEqual(here);
    queries.forEach((doc, q) => {
      expect(here.docs.subarray(q * 5, q * 5 + 5)).toEqual(every.docs.subarray(doc * 5, doc * 5 + 5));
      expect(here.scores.subarray(q * 5, q * 5 + 5)).toEqual(every.scores.subarray(doc * 5, doc * 5 + 5));
      expect(here.shared.subarray(q * 40, q * 40 + 40)).toEqual(every.shared.subarray(doc * 40, doc * 40 + 40));
      expect(here.more.subarray(q * 5, q * 5 + 5)).toEqual(every.more.subarray(doc * 5, doc * 5 + 5));
    });
  });

  it("keeps an unchanged paper's entry on a second day and computes new, reworded, due papers and those whose neighbour went or was retitled", () => {
    const first = sample.slice(0, 49); // days 1–7
    const yesterday = index(full(first));
    expect(Object.values(yesterday).every((e) => e.source)).toBe(true);

    // Day 8: 7 new papers; one paper reworded, one gone, one retitled.
    const [reworded, gone, renamed] = [first[10], first[20], first[30]];
    const listing = (slug: string) => first.filter((p) => yesterday[p.slug].related.some((r) => r.slug === slug)).map((p) => p.slug);
    expect(listing(gone.slug).length).toBeGreaterThan(0);
    expect(listing(renamed.slug).length).toBeGreaterThan(0);
    const today = [
      ...first
        .filter((p) => p !== gone)
        .map((p) =>
          p === reworded
            ? { ...p, abstract: `${p.abstract} We also release the code.`, tokens: paperTokens(p.title, `${p.abstract} We also release the code.`) }
            : p,
        )
        .map((p) => (p === renamed ? retitled(p, `${p.title}: Revised`) : p)),
      ...sample.slice(49, 56),
    ];
    const day = refreshDay(today);
    expect(day).toBe(8);
    const bucket = today.filter((p) => refreshBucket(p.slug, REFRESH_DAYS) === day % REFRESH_DAYS).map((p) => p.slug);
    const fresh = sample.slice(49, 56).map((p) => p.slug);
    // A list names its papers by title and shows the terms they share: a neighbour retitled or reworded is a change.
    const neighbourChanged = [gone, renamed, reworded].flatMap((p) => listing(p.slug)).filter((slug) => slug !== gone.slug);
    const expected = new Set([...fresh, reworded.slug, renamed.slug, ...neighbourChanged, ...bucket]);
    expect(bucket.length).toBeGreaterThan(0);

    const out = run(today, yesterday, REFRESH_DAYS);
    expect(recomputed(out, yesterday)).toEqual(expected);
    expect(today.length - expected.size).toBeGreaterThan(20);
    const now = index(out);
    const fromScratch = index(full(today));
    let moved = 0;
    for (const p of today) {
      if (expected.has(p.slug)) expect(now[p.slug], p.slug).toEqual(fromScratch[p.slug]);
      else {
        expect(JSON.stringify(now[p.slug]), p.slug).toBe(JSON.stringify(yesterday[p.slug]));
        if (JSON.stringify(fromScratch[p.slug]) !== JSON.stringify(yesterday[p.slug])) moved++;
      }
    }
    // The archive's idf did move the lists of some papers kept as they were: what the cycle saves re-rendering.
    expect(moved).toBeGreaterThan(0);

    // The same archive again is the same bucket and the same lists: nothing changes.
    expect(index(run(today, now, REFRESH_DAYS))).toEqual(now);
  });

  it("refreshes every paper exactly once in refreshDays consecutive days, each kept list naming papers that exist", () => {
    let papers = sample.slice(0, 35); // days 1–5
    let previous = index(full(papers));
    const refreshed = new Map<string, number>();
    for (let d = 0; d < REFRESH_DAYS; d++) {
      const added = sample.slice(35 + 4 * d, 39 + 4 * d).map((p) => ({ ...p, issues: [issue(6 + d)] }));
      papers = [...papers, ...added];
      const out = run(papers, previous, REFRESH_DAYS);
      const slugs = new Set(papers.map((p) => p.slug));
      for (const p of out) expect(p.related.every((r) => slugs.has(r.slug))).toBe(true);
      for (const slug of recomputed(out, previous)) refreshed.set(slug, (refreshed.get(slug) ?? 0) + 1);
      previous = index(out);
    }
    // The 35 papers of the first run: once each, on their bucket's day (no neighbour of theirs went or changed).
    for (const p of sample.slice(0, 35)) expect(refreshed.get(p.slug), p.slug).toBe(1);
    // A paper added on the way: on its first day, and once more if its bucket came round before the end.
    for (const p of sample.slice(35, 63)) expect(refreshed.get(p.slug), p.slug).toBeGreaterThanOrEqual(1);
  });

  it("puts each slug in a fixed bucket, spread over the cycle", () => {
    const buckets = sample.map((p) => refreshBucket(p.slug, REFRESH_DAYS));
    expect(sample.map((p) => refreshBucket(p.slug, REFRESH_DAYS))).toEqual(buckets);
    expect(new Set(buckets)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6]));
    expect(sample.every((p) => refreshBucket(p.slug, 1) === 0)).toBe(true);
  });

  it("is due when the entry is missing, of another shape or from other words, or its bucket is today's", () => {
    const paper = sample[0];
    const source = relatedSource(paper);
    const entry = { related: [{ slug: "p01", title: "T", shared: [] }], keywords: ["k"], source };
    const kept = () => true;
    const day = [0, 1, 2, 3, 4, 5, 6].find((d) => d !== refreshBucket(paper.slug, REFRESH_DAYS))!;
    expect(dueForRelated(paper.slug, entry, source, day, REFRESH_DAYS, kept)).toBe(false);
    expect(dueForRelated(paper.slug, undefined, source, day, REFRESH_DAYS, kept)).toBe(true);
    expect(dueForRelated(paper.slug, { ...entry, source: undefined }, source, day, REFRESH_DAYS, kept)).toBe(true);
    expect(dueForRelated(paper.slug, { ...entry, keywords: "k" as unknown as string[] }, source, day, REFRESH_DAYS, kept)).toBe(true);
    expect(dueForRelated(paper.slug, entry, relatedSource({ ...paper, topics: ["other"] }), day, REFRESH_DAYS, kept)).toBe(true);
    expect(dueForRelated(paper.slug, entry, source, refreshBucket(paper.slug, REFRESH_DAYS) + 7, REFRESH_DAYS, kept)).toBe(true);
    expect(dueForRelated(paper.slug, entry, source, day, REFRESH_DAYS, (slug, title) => !(slug === "p01" && title === "T"))).toBe(true);
  });
});

describe("the ingest's related papers with content/site.json's refresh cycle (7 days by default)", () => {
  it("keeps yesterday's entry of an older paper whose bucket is not today's, and writes the same index when run again", () => {
    const contentDir = tempContent({ "2025-03-17.txt": readFileSync(SAMPLE, "utf8") });
    ingest({ contentDir, log: () => {} });
    const yesterday = readDerived(contentDir)!;
    const hf = "hf-daily-2025-03-19.json";
    writeFileSync(join(contentDir, "digests", hf), readFileSync(join(FIXTURES, hf), "utf8"));
    ingest({ contentDir, log: () => {} });
    const today = readDerived(contentDir)!;
    const older = Object.keys(yesterday);
    expect(Object.keys(today).length).toBeGreaterThan(older.length);
    // Two issue dates: day 2 of the cycle. A kept entry names only papers that still exist.
    const notDue = older.filter((slug) => refreshBucket(slug, 7) !== 2 && today[slug].source === yesterday[slug].source);
    expect(notDue.length).toBeGreaterThan(older.length / 2);
    // (The window's features, another stage's, move with the window.)
    const lists = ({ related, keywords, source }: DerivedPapers[string]) => ({ related, keywords, source });
    for (const slug of notDue) expect(lists(today[slug]), slug).toEqual(lists(yesterday[slug]));
    expect(
      older.filter((slug) => !notDue.includes(slug) && JSON.stringify(lists(today[slug])) !== JSON.stringify(lists(yesterday[slug]))).length,
    ).toBeGreaterThan(0);
    for (const entry of Object.values(today)) for (const r of entry.related) expect(today[r.slug]).toBeDefined();
    const index = readFileSync(join(contentDir, "derived.json"), "utf8");
    ingest({ contentDir, force: true, log: () => {} });
    expect(readFileSync(join(contentDir, "derived.json"), "utf8")).toBe(index);
  });
});
