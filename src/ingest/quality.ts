import { z } from "zod";
import { slugSchema as slug } from "../model/slugs.ts";
import { closedObject, readConfig } from "../platform/config-file.ts";
import { newPaper, type Paper } from "../model/paper.ts";
import type { PipelineContext } from "./stages/context.ts";
import { ARXIV_CATEGORY_PATTERN, ARXIV_ID_PATTERN } from "../model/arxiv.ts";
import { dateFromFileName } from "../model/dates.ts";
import { readDigest } from "../sources/index.ts";
import { runPipeline, stagesNamed } from "./pipeline.ts";
import { RELATED_COUNT } from "./stages/related.ts";
import { nearestNeighbours } from "../analysis/related.ts";
import { buildCorpus } from "../analysis/tfidf.ts";
import type { LabelledPaper } from "../analysis/profiles.ts";
import { fieldOf, mlTermsOf, type Taxonomy } from "../analysis/topics.ts";

/**
 * How good topics and related papers are on papers labelled by research area
 * (test/fixtures/topics-held-out.json, whose note says how the set is built and used):
 * the figures docs/reading-aids.md sets goals for, with plain tf-idf cosine — arxiv-sanity's
 * related papers — measured side by side as the baseline.
 */

export interface CheckSet {
  near: [string, string][];
  crossCuttingTopics: string[];
  /** `topic`: the taxonomy topic the area's papers are labelled with when profiles are learned (the held-out set has none). */
  areas: { slug: string; name: string; group: string | null; topic?: string }[];
  papers: { area: string; title: string; abstract: string }[];
}

const title = z.string().min(1, { error: "expected a title" });

/** The tuning set (test/fixtures/topic-check-set.json): papers with the topics they belong in, best first. */
const tuningSetSchema = z.array(
  closedObject({ title, abstract: z.string(), expect: z.array(slug).min(1, { error: "expected a topic" }), heldOut: z.boolean().optional() }),
);

/** A development or held-out set: papers labelled by area, areas by group; a paper's area and a near pair's groups must be listed. */
const areaSetSchema = closedObject({
  note: z.array(z.string()),
  near: z.array(z.tuple([z.string(), z.string()])),
  crossCuttingTopics: z.array(slug),
  areas: z.array(closedObject({ slug, name: z.string().min(1), group: z.string().nullable(), topic: slug.optional() })),
  papers: z.array(closedObject({ area: z.string(), title, abstract: z.string() })),
}).superRefine((set, context) => {
  const areas = new Set(set.areas.map((a) => a.slug));
  const groups = new Set(set.areas.map((a) => a.group));
  set.papers.forEach((p, i) => {
    if (!areas.has(p.area)) context.addIssue({ code: "custom", path: ["papers", i, "area"], message: "expected the slug of one of the areas" });
  });
  set.near.forEach((pair, i) =>
    pair.forEach((group, j) => {
      if (!groups.has(group)) context.addIssue({ code: "custom", path: ["near", i, j], message: "expected the group of one of the areas" });
    }),
  );
});

export type CheckSetFile = z.infer<typeof tuningSetSchema> | z.infer<typeof areaSetSchema>;

/** Reads and checks a check set in either form. https://zod.dev */
export function readCheckSetFile(file: string): CheckSetFile {
  return readConfig<CheckSetFile>(file, (json) => (Array.isArray(json) ? tuningSetSchema : areaSetSchema), "papers");
}

/**
 * A check set from its file: the held-out form as it is, or the tuning set's list of papers with
 * the topics they belong in (test/fixtures/topic-check-set.json), each paper's first topic as its area.
 */
export function checkSetOf(json: CheckSetFile): CheckSet {
  if (!Array.isArray(json)) return json;
  const papers = json.map((p) => ({ area: p.expect[0], title: p.title, abstract: p.abstract }));
  const areas = [...new Set(papers.map((p) => p.area))].map((slug) => ({ slug, name: slug, group: null }));
  return { near: [], crossCuttingTopics: [], areas, papers };
}

/**
 * A labelled set's papers with their topics, to learn profiles from (src/analysis/profiles.ts): the
 * tuning set's first expected topic, or the topic each area of a development set names. A set
 * whose areas name no topic, as the held-out set's do not, cannot be learned from.
 *
 * Typed `unknown` for the tests that hand it a fixture as parsed; the command reads its files with `readCheckSetFile`.
 */
export function labelledPapersOf(json: unknown, file: string): LabelledPaper[] {
  const set = json as CheckSetFile;
  if (Array.isArray(set)) return set.map((p) => ({ title: p.title, abstract: p.abstract, topic: p.expect[0] }));
  const topicOf = new Map(set.areas.map((a) => [a.slug, a.topic]));
  const missing = set.areas.filter((a) => !a.topic).map((a) => a.slug);
  if (missing.length) throw new Error(`${file}: areas name no topic to learn (${missing.join(", ")}); a held-out set is never learned from`);
  return set.papers.map((p) => ({ title: p.title, abstract: p.abstract, topic: topicOf.get(p.area)! }));
}

export interface QualityReport {
  papers: number;
  areas: number;
  /** Pairs of papers of one area, and how many share a topic. */
  sameArea: { pairs: number; sharing: number };
  /** Pairs of papers of distant areas, and how many share a topic that is a field (not cross-cutting). */
  distant: { pairs: number; sharing: number };
  /** Papers whose related top 5 holds a paper of their area: ours, and plain tf-idf cosine's. */
  relatedHits: number;
  baselineRelatedHits: number;
  topicsPerPaper: number;
  /** Papers using ML vocabulary: those that would keep their ML topics if listed from outside ML. */
  mlVocabulary: number;
  /** The topic on the most papers, and its share of them. */
  largestTopic: { slug: string; share: number };
  /** What went wrong, for reading: same-area pairs sharing no topic, distant pairs sharing one, papers with no same-area neighbour. */
  misses: { apart: string[]; together: string[]; unrelated: string[] };
}

export const ratio = (part: number, whole: number) => (whole ? part / whole : 0);

/** Papers as the ingest sees them, from the clean stage to related papers: the set's first, then the distractors. */
function enrich(texts: { title: string; abstract: string }[], taxonomy: Taxonomy): Paper[] {
  const read = texts.map((t, i) => ({
    ...newPaper({ titleRaw: t.title, abstractRaw: t.abstract, date: "2000-01-01", rank: i + 1, source: { file: "check-set", line: i + 1 } }),
    slug: `p${i}`,
  }));
  const context: PipelineContext = { taxonomy, published: new Map(), reservedSlugs: new Set(), readDates: new Set() };
  return runPipeline(read, context, undefined, stagesNamed("clean", "tokens", "topics", "related"));
}

/**
 * Evaluates topics and related papers on a labelled set. Related papers are found among the
 * set and `distractors` (unlabelled papers, such as the sample digest) together, as on a real site.
 */
export function evaluateQuality(set: CheckSet, taxonomy: Taxonomy, distractors: { title: string; abstract: string }[]): QualityReport {
  const papers = enrich([...set.papers, ...distractors], taxonomy);
  const labelled = papers.slice(0, set.papers.length);
  const area = (i: number) => set.papers[i].area;
  const group = new Map(set.areas.map((a) => [a.slug, a.group]));
  const near = new Set(set.near.flatMap(([a, b]) => [`${a}|${b}`, `${b}|${a}`]));
  const distantAreas = (a: string, b: string) => {
    const [ga, gb] = [group.get(a), group.get(b)];
    return ga != null && gb != null && ga !== gb && !near.has(`${ga}|${gb}`);
  };
  const crossCutting = new Set(set.crossCuttingTopics);
  const name = (i: number) => `${labelled[i].title} [${labelled[i].topics.join(", ")}]`;

  const report: QualityReport = {
    papers: labelled.length,
    areas: new Set(set.papers.map((p) => p.area)).size,
    sameArea: { pairs: 0, sharing: 0 },
    distant: { pairs: 0, sharing: 0 },
    relatedHits: 0,
    baselineRelatedHits: 0,
    topicsPerPaper: ratio(
      labelled.reduce((sum, p) => sum + p.topics.length, 0),
      labelled.length,
    ),
    mlVocabulary: labelled.filter((p) => mlTermsOf(p.tokens, taxonomy).length).length,
    largestTopic: { slug: "", share: 0 },
    misses: { apart: [], together: [], unrelated: [] },
  };
  for (let i = 0; i < labelled.length; i++) {
    for (let j = i + 1; j < labelled.length; j++) {
      if (area(i) === area(j)) {
        report.sameArea.pairs++;
        if (labelled[i].topics.some((t) => labelled[j].topics.includes(t))) report.sameArea.sharing++;
        else report.misses.apart.push(`${name(i)} / ${name(j)}`);
      } else if (distantAreas(area(i), area(j))) {
        report.distant.pairs++;
        if (labelled[i].topics.some((t) => !crossCutting.has(t) && labelled[j].topics.includes(t))) {
          report.distant.sharing++;
          report.misses.together.push(`${name(i)} / ${name(j)}`);
        }
      }
    }
  }

  const slugIndex = new Map(papers.map((p, i) => [p.slug, i]));
  const sameAreaIn = (i: number, others: number[]) => others.some((j) => j < labelled.length && area(j) === area(i));
  const baseline = nearestNeighbours(buildCorpus(papers.map((p) => p.tokens.ids)), RELATED_COUNT, 0);
  labelled.forEach((paper, i) => {
    if (
      sameAreaIn(
        i,
        paper.related.map((r) => slugIndex.get(r.slug)!),
      )
    )
      report.relatedHits++;
    else report.misses.unrelated.push(`${paper.title} → ${paper.related.map((r) => papers[slugIndex.get(r.slug)!].title).join("; ")}`);
    if (
      sameAreaIn(
        i,
        baseline[i].map((n) => n.doc),
      )
    )
      report.baselineRelatedHits++;
  });

  const counts = new Map<string, number>();
  for (const p of labelled) for (const t of p.topics) counts.set(t, (counts.get(t) ?? 0) + 1);
  const [slug, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
  report.largestTopic = { slug, share: ratio(count, labelled.length) };
  return report;
}

/** The report as lines for a terminal, each goal's figure first. */
export function formatQuality(r: QualityReport): string[] {
  const pct = (part: number, whole: number) => `${(100 * ratio(part, whole)).toFixed(1)}% (${part}/${whole})`;
  return [
    `${r.papers} papers in ${r.areas} areas`,
    `same-area pairs sharing a topic: ${pct(r.sameArea.sharing, r.sameArea.pairs)}   goal ≥ 90%`,
    `distant-area pairs sharing a field topic: ${pct(r.distant.sharing, r.distant.pairs)}   goal ≤ 2%`,
    `related top ${RELATED_COUNT} holding a same-area paper: ${pct(r.relatedHits, r.papers)}   goal ≥ 90%`,
    `  plain tf-idf cosine (baseline): ${pct(r.baselineRelatedHits, r.papers)}`,
    `topics per paper: ${r.topicsPerPaper.toFixed(2)}   goal ≤ 2.2`,
    `largest topic: ${r.largestTopic.slug} on ${(100 * r.largestTopic.share).toFixed(1)}% of papers   goal ≤ 40%`,
    `using ML vocabulary (what a paper from outside ML needs for an ML topic): ${pct(r.mlVocabulary, r.papers)}`,
  ];
}

export interface OutOfMlReport {
  /** Each listing read, with its papers, or why it could not be read. */
  files: { file: string; papers: number; error?: string }[];
  /** Papers (each once) that carry arXiv categories. */
  categorised: number;
  /** Those whose primary category is ML's, and how many of them use ML vocabulary. */
  mlPrimary: { papers: number; withMlWords: number };
  /** Papers whose primary category is outside ML and whose text has no ML vocabulary, and those of them under an ML topic. */
  noMlWords: number;
  underMl: Paper[];
  /** Papers from outside ML that use ML vocabulary, with its terms: for reading whether they are ML. */
  withMlWords: { paper: Paper; terms: string[] }[];
  /**
   * Against hand labels made without the rule (test/fixtures/out-of-ml-labels.json), where given: the papers from
   * outside ML labelled not ML and those of them under an ML topic; those labelled ML and those of them under none.
   */
  labelled?: { notMl: number; notMlUnderMl: Paper[]; ml: number; mlUnderNone: Paper[] };
}

/** Hand labels of papers from outside ML: by arXiv id, whether an ML digest should file it under an ML topic (null: borderline). */
export type OutOfMlLabels = ReadonlyMap<string, boolean | null>;

/** test/fixtures/out-of-ml-labels.json: each paper by its arXiv id, with what an ML digest should do with it and why. */
const outOfMlLabelsSchema = closedObject({
  description: z.string(),
  labelledBy: z.string(),
  papers: z.array(
    closedObject({
      arxivId: z.string().regex(ARXIV_ID_PATTERN, { error: "expected an arXiv id such as 2501.00656, without its version" }),
      primary: z.string().regex(ARXIV_CATEGORY_PATTERN, { error: "expected an arXiv category such as cs.LG" }),
      title,
      ml: z.boolean().nullable(),
      note: z.string().optional(),
    }),
  ),
});

export type OutOfMlLabelsFile = z.infer<typeof outOfMlLabelsSchema>;

/** Reads and checks the hand labels. https://zod.dev */
export function readOutOfMlLabels(file: string): OutOfMlLabels {
  return outOfMlLabelsOf(readConfig(file, outOfMlLabelsSchema));
}

export function outOfMlLabelsOf({ papers }: OutOfMlLabelsFile): OutOfMlLabels {
  return new Map(papers.map((p) => [p.arxivId, p.ml]));
}

/**
 * How papers from outside ML fare on real listings: each paper once, cleaned and placed as
 * the ingest places it. The figure is the share of papers whose primary category is outside ML and
 * whose text has no ML vocabulary that no ML topic holds; a listing that cannot be read is named, not fatal.
 */
export function evaluateOutOfMl(files: string[], taxonomy: Taxonomy, labels?: OutOfMlLabels): OutOfMlReport {
  const read: Paper[] = [];
  const report: OutOfMlReport = { files: [], categorised: 0, mlPrimary: { papers: 0, withMlWords: 0 }, noMlWords: 0, underMl: [], withMlWords: [] };
  for (const file of files) {
    try {
      const { papers } = readDigest(file, dateFromFileName(file) ?? "2000-01-01");
      read.push(...papers);
      report.files.push({ file, papers: papers.length });
    } catch (error) {
      report.files.push({ file, papers: 0, error: (error as Error).message });
    }
  }
  const context: PipelineContext = { taxonomy, published: new Map(), reservedSlugs: new Set(), readDates: new Set() };
  const notMl = new Set([...taxonomy.topics.filter((t) => t.field).map((t) => t.slug), taxonomy.fallback.slug]);
  for (const paper of runPipeline(read, context, undefined, stagesNamed("clean", "dedupe", "tokens", "topics"))) {
    const { categories } = paper.facts;
    if (!categories.length) continue;
    report.categorised++;
    const terms = mlTermsOf(paper.tokens, taxonomy);
    if (!fieldOf(categories, taxonomy)) {
      report.mlPrimary.papers++;
      if (terms.length) report.mlPrimary.withMlWords++;
    } else if (terms.length) {
      report.withMlWords.push({ paper, terms });
    } else {
      report.noMlWords++;
      if (paper.topics.some((t) => !notMl.has(t))) report.underMl.push(paper);
    }
    const label = fieldOf(categories, taxonomy) ? labels?.get(paper.facts.arxivId) : undefined;
    if (label === undefined || label === null) continue;
    report.labelled ??= { notMl: 0, notMlUnderMl: [], ml: 0, mlUnderNone: [] };
    const underMl = paper.topics.some((t) => !notMl.has(t));
    if (label) {
      report.labelled.ml++;
      if (!underMl) report.labelled.mlUnderNone.push(paper);
    } else {
      report.labelled.notMl++;
      if (underMl) report.labelled.notMlUnderMl.push(paper);
    }
  }
  return report;
}

/** The out-of-ML report as lines for a terminal: the figure first, then every paper that misses it, then the evidence to judge the vocabulary by. */
export function formatOutOfMl(r: OutOfMlReport): string[] {
  const pct = (part: number, whole: number) => `${(100 * ratio(part, whole)).toFixed(1)}% (${part}/${whole})`;
  const paper = (p: Paper) => `${p.title} [${p.facts.categories[0]}] → ${p.topics.join(", ")}`;
  return [
    ...r.files.map((f) => `${f.file}: ${f.error ? `not read (${f.error})` : `${f.papers} papers`}`),
    `${r.categorised} papers with arXiv categories, each counted once`,
    `primary category outside ML, no ML vocabulary: ${r.noMlWords} papers; ` +
      `kept out of ML topics: ${pct(r.noMlWords - r.underMl.length, r.noMlWords)}   goal ≥ 90%`,
    ...r.underMl.map((p) => `  under an ML topic: ${paper(p)}`),
    `primary category outside ML, using ML vocabulary (these keep ML topics): ${r.withMlWords.length} papers`,
    ...r.withMlWords.map(({ paper: p, terms }) => `  ${paper(p)}  [${terms.join(", ")}]`),
    `primary category ML's, using ML vocabulary: ${pct(r.mlPrimary.withMlWords, r.mlPrimary.papers)}`,
    ...(r.labelled
      ? [
          `against hand labels: labelled not ML, kept out of ML topics: ` +
            `${pct(r.labelled.notMl - r.labelled.notMlUnderMl.length, r.labelled.notMl)}   goal ≥ 90%`,
          ...r.labelled.notMlUnderMl.map((p) => `  under an ML topic: ${paper(p)}`),
          `against hand labels: labelled ML, given an ML topic: ${pct(r.labelled.ml - r.labelled.mlUnderNone.length, r.labelled.ml)}`,
          ...r.labelled.mlUnderNone.map((p) => `  under no ML topic: ${paper(p)}`),
        ]
      : []),
  ];
}
