import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkSetOf, evaluateQuality, formatQuality, ratio, type QualityReport } from "../../src/ingest/quality.ts";
import { loadTaxonomy } from "../../src/analysis/topics.ts";
import { readDigest } from "../../src/sources/index.ts";
import { ROOT, SAMPLE } from "../helpers.ts";

/**
 * Topics and related papers on the frozen held-out sets (test/fixtures/topics-held-out.json and
 * topics-held-out-2.json: never tuned or learned on), with the sample digest as distractors — the
 * figures of `npm run topics:report -- --check <set>`, held to the README's goals.
 */
function report(file: string): QualityReport {
  const set = checkSetOf(JSON.parse(readFileSync(join(ROOT, "test", "fixtures", file), "utf8")));
  const distractors = readDigest(SAMPLE).papers.map((p) => ({ title: p.titleRaw, abstract: p.abstractRaw }));
  const result = evaluateQuality(set, loadTaxonomy(join(ROOT, "content")), distractors);
  console.log([`${file}:`, ...formatQuality(result)].join("\n  "));
  return result;
}

describe.each(["topics-held-out.json", "topics-held-out-2.json"])("topics and related papers on the held-out set %s", (file) => {
  let held: QualityReport;
  beforeAll(() => {
    held = report(file);
  });

  it("is the set the goals are about: at least 60 papers from at least 15 areas", () => {
    expect(held.papers).toBeGreaterThanOrEqual(60);
    expect(held.areas).toBeGreaterThanOrEqual(15);
  });

  it("finds a same-area paper in the related top 5 for at least 90% of papers, more often than plain tf-idf cosine", () => {
    expect(ratio(held.relatedHits, held.papers)).toBeGreaterThanOrEqual(0.9);
    expect(held.relatedHits).toBeGreaterThan(held.baselineRelatedHits);
  });

  it("does not win by tagging everything: at most 2.2 topics per paper, no topic on over 40% of papers", () => {
    expect(held.topicsPerPaper).toBeLessThanOrEqual(2.2);
    expect(held.largestTopic.share).toBeLessThanOrEqual(0.4);
  });

  it("keeps distant-area pairs apart: at most 2% share a field topic", () => {
    expect(ratio(held.distant.sharing, held.distant.pairs)).toBeLessThanOrEqual(0.02);
  });

  it("gives at least 90% of same-area pairs a shared topic", () => {
    expect(ratio(held.sameArea.sharing, held.sameArea.pairs)).toBeGreaterThanOrEqual(0.9);
  });
});

describe("the tuning set", () => {
  it("finds a same-topic paper in the related top 5 more often than plain tf-idf cosine", () => {
    const tuning = report("topic-check-set.json");
    expect(tuning.relatedHits).toBeGreaterThan(tuning.baselineRelatedHits);
  });
});
