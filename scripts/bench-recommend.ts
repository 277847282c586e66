/**
 * npm run bench:recommend -- [--draws 5] [--seed 27]
 * How good /for-you/'s ranking is, measured on simulated readers over real labelled papers: 480 papers in 20 research
 * areas (test/fixtures/topics-dev.json, topics-held-out.json, topics-held-out-2.json; real titles, abstracts in the
 * fixtures' own words). A reader's interest is one area; they save k = 2–5 of its papers, and the window holds every
 * other paper, the area's others among 456 of other areas. Precision@5 and @10 of three rankings of the window, the
 * saved papers left out:
 *   - ours: the features the build emits (src/recommend/window.ts, through the JSON the browser reads) ranked by the
 *     module the page runs (src/browser/model.ts);
 *   - arxiv-sanity-lite's method on full TF-IDF vectors: scikit-learn's TfidfVectorizer as its compute.py configures
 *     it, and LinearSVC(class_weight="balanced", C=0.01, tol=1e-6) as its serve.py trains it per request, both written
 *     out below, independently of ours; once with compute.py's min_df = 5, max_df = 0.5, max_features = 10,000, and
 *     once with every term kept (the stronger of the two is the reference);
 *   - the related papers of the saved ones: each saved paper's nearest neighbours as the site computes them
 *     (src/analysis/related.ts), taken in turn, best first.
 * Also the window file's size, gzipped, for 7 issues of 50 and of 500 papers.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { nearestNeighbours } from "../src/analysis/related.ts";
import { buildCorpus } from "../src/analysis/tfidf.ts";
import { paperTokens } from "../src/analysis/terms.ts";
import { splitSentences } from "../src/analysis/summary.ts";
import { readWindow, type Window, type WindowFile } from "../src/browser/features.ts";
import { recommend } from "../src/browser/model.ts";
import { buildWindow, type WindowSource } from "../src/recommend/window.ts";
import { seededRandom } from "../src/platform/random.ts";

const { values } = parseArgs({ options: { draws: { type: "string", default: "5" }, seed: { type: "string", default: "27" } } });
const DRAWS = Number(values.draws);

interface Labelled {
  area: string;
  title: string;
  abstract: string;
}

const FIXTURES = join(import.meta.dirname, "..", "test", "fixtures");
const papers: Labelled[] = ["topics-dev.json", "topics-held-out.json", "topics-held-out-2.json"].flatMap(
  (name) => (JSON.parse(readFileSync(join(FIXTURES, name), "utf8")) as { papers: Labelled[] }).papers,
);
const areas = [...new Set(papers.map((p) => p.area))];

// ---------------------------------------------------------------------------------------------------------------
// The reference: arxiv-sanity-lite (github.com/karpathy/arxiv-sanity-lite, compute.py and serve.py).

/** scikit-learn's ENGLISH_STOP_WORDS (sklearn/feature_extraction/_stop_words.py, BSD-3-Clause), as stop_words="english" uses it. */
const SKLEARN_STOP_WORDS = new Set(
  (
    "a about above across after afterwards again against all almost alone along already also although always am among amongst amount an and " +
    "another any anyhow anyone anything anyway anywhere are around as at back be became because become becomes becoming been before beforehand " +
    "behind being below beside besides between beyond bill both bottom but by call can cannot cant co con could couldn't cry de describe detail do " +
    "done down due during each eg eight either eleven else elsewhere empty enough etc even ever every everyone everything everywhere except few " +
    "fifteen fifty fill find fire first five for former formerly forty found four from front full further get give go had has hasn't have he hence " +
    "her here hereafter hereby herein hereupon hers herself him himself his how however hundred i ie if in inc indeed interest into is it its itself " +
    "keep last latter latterly least less ltd made many may me meanwhile might mill mine more moreover most mostly move much must my myself name " +
    "namely neither never nevertheless next nine no nobody none noone nor not nothing now nowhere of off often on once one only onto or other others " +
    "otherwise our ours ourselves out over own part per perhaps please put rather re same see seem seemed seeming seems serious several she should " +
    "show side since sincere six sixty so some somehow someone something sometime sometimes somewhere still such system take ten than that the " +
    "their them themselves then thence there thereafter thereby therefore therein thereupon these they thick thin third this those though three " +
    "through throughout thru thus to together too top toward towards twelve twenty two un under until up upon us very via was we well were what " +
    "whatever when whence whenever where whereafter whereas whereby wherein whereupon wherever whether which while whither who whoever whole whom " +
    "whose why will with within without would yet you your yours yourself yourselves"
  ).split(" "),
);

/** TfidfVectorizer(strip_accents="unicode", lowercase=True, stop_words="english", token_pattern=r"(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b", ngram_range=(1, 2), norm="l2", use_idf=True, smooth_idf=True, sublinear_tf=True, …). */
function sklearnTfidf(texts: string[], minDf: number, maxDf: number, maxFeatures: number): { ids: Int32Array; values: Float64Array }[] {
  const docs = texts.map((text) => {
    const words = (
      text
        .normalize("NFKD")
        .replace(/\p{M}/gu, "")
        .toLowerCase()
        .match(/\b[a-zA-Z_][a-zA-Z0-9_]+\b/g) ?? []
    ).filter((w) => !SKLEARN_STOP_WORDS.has(w));
    const counts = new Map<string, number>();
    const add = (term: string) => counts.set(term, (counts.get(term) ?? 0) + 1);
    words.forEach((w, i) => {
      add(w);
      if (i) add(`${words[i - 1]} ${w}`);
    });
    return counts;
  });
  const df = new Map<string, number>();
  for (const counts of docs) for (const term of counts.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const n = docs.length;
  // max_df and min_df prune, then max_features keeps the terms most frequent over the corpus (ties by term).
  const total = new Map<string, number>();
  for (const counts of docs) for (const [term, c] of counts) total.set(term, (total.get(term) ?? 0) + c);
  const kept = [...df]
    .filter(([, d]) => d >= minDf && d <= maxDf * n)
    .map(([term]) => term)
    .sort((a, b) => total.get(b)! - total.get(a)! || (a < b ? -1 : 1))
    .slice(0, maxFeatures);
  const index = new Map(kept.map((term, i) => [term, i]));
  return docs.map((counts) => {
    const entries = [...counts].filter(([term]) => index.has(term));
    const values = entries.map(([term, c]) => (1 + Math.log(c)) * (Math.log((1 + n) / (1 + df.get(term)!)) + 1));
    const norm = Math.sqrt(values.reduce((s, v) => s + v * v, 0)) || 1;
    return { ids: Int32Array.from(entries, ([term]) => index.get(term)!), values: Float64Array.from(values, (v) => v / norm) };
  });
}

/** LinearSVC(class_weight="balanced", C, tol=1e-6, max_iter=10000): liblinear's solver for the squared hinge loss, in the dual, with its shrinking. */
function linearSvc(x: { ids: Int32Array; values: Float64Array }[], y: number[], C: number, dims: number): (row: number) => number {
  const n = x.length;
  const positives = y.filter((v) => v > 0).length;
  const cOf = y.map((v) => (C * n) / (2 * (v > 0 ? positives : n - positives)));
  const w = new Float64Array(dims + 1); // the last is the intercept's weight (a feature of value 1)
  const alpha = new Float64Array(n);
  const diag = cOf.map((c) => 0.5 / c);
  const qd = x.map((row, i) => diag[i] + 1 + row.values.reduce((s, v) => s + v * v, 0));
  const f = (i: number) => {
    let s = w[dims];
    for (let k = 0; k < x[i].ids.length; k++) s += w[x[i].ids[k]] * x[i].values[k];
    return s;
  };
  const rand = seededRandom(0);
  let active = Array.from({ length: n }, (_, i) => i);
  let maxOld = Infinity;
  let minOld = -Infinity;
  for (let iter = 0; iter < 10_000; iter++) {
    for (let i = active.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [active[i], active[j]] = [active[j], active[i]];
    }
    let maxNew = -Infinity;
    let minNew = Infinity;
    const keep: number[] = [];
    for (const i of active) {
      const G = y[i] * f(i) - 1 + alpha[i] * diag[i];
      let PG = 0;
      if (alpha[i] === 0) {
        if (G > maxOld) continue; // shrunk
        if (G < 0) PG = G;
      } else PG = G;
      keep.push(i);
      maxNew = Math.max(maxNew, PG);
      minNew = Math.min(minNew, PG);
      if (Math.abs(PG) > 1e-12) {
        const old = alpha[i];
        alpha[i] = Math.max(alpha[i] - G / qd[i], 0);
        const d = (alpha[i] - old) * y[i];
        for (let k = 0; k < x[i].ids.length; k++) w[x[i].ids[k]] += d * x[i].values[k];
        w[dims] += d;
      }
    }
    active = keep;
    if (maxNew - minNew <= 1e-6) {
      if (active.length === n) break;
      active = Array.from({ length: n }, (_, i) => i);
      maxOld = Infinity;
      minOld = -Infinity;
      continue;
    }
    maxOld = maxNew <= 0 ? Infinity : maxNew;
    minOld = minNew >= 0 ? -Infinity : minNew;
  }
  void minOld;
  return f;
}

// ---------------------------------------------------------------------------------------------------------------

interface Reader {
  area: string;
  saved: number[];
}

function readers(seed: number): Reader[] {
  const rand = seededRandom(seed);
  const list: Reader[] = [];
  for (const area of areas) {
    const members = papers.flatMap((p, i) => (p.area === area ? [i] : []));
    for (let k = 2; k <= 5; k++) {
      for (let d = 0; d < DRAWS; d++) {
        const pool = [...members];
        const saved: number[] = [];
        for (let i = 0; i < k; i++) saved.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]);
        list.push({ area, saved });
      }
    }
  }
  return list;
}

/** Precision at `k` of a ranking (indexes into `papers`) for a reader: the share of its first k in the reader's area. */
function precision(ranking: number[], reader: Reader, k: number): number {
  return ranking.slice(0, k).filter((i) => papers[i].area === reader.area).length / k;
}

const date = "2025-03-17";
const sources: WindowSource[] = papers.map((p, i) => ({
  slug: `paper-${i}`,
  title: p.title,
  abstract: p.abstract,
  authors: [],
  date,
  topics: [],
  summary: "",
}));
const built = buildWindow([{ date, papers: sources }], 1);
const window = readWindow(JSON.parse(built.json) as WindowFile)!;
const indexOf = new Map(sources.map((s, i) => [s.slug, i]));

const methods: Record<string, (reader: Reader) => number[]> = {};

methods["ours (/for-you/: emitted features, in-browser model)"] = (reader) => {
  const saved = reader.saved.map((i) => ({ slug: sources[i].slug, title: sources[i].title }));
  return recommend(window as Window, { saved, dismissed: [] }, 0).map((r) => indexOf.get(r.paper.slug)!);
};

const texts = papers.map((p) => `${p.title} ${p.abstract}`);
for (const [name, minDf, maxDf, maxFeatures] of [
  ["arxiv-sanity-lite, compute.py's vocabulary (min_df 5, max_df 0.5, 10,000 terms)", 5, 0.5, 10_000],
  ["arxiv-sanity-lite, every term (min_df 1, max_df 1.0)", 1, 1, Infinity],
] as const) {
  const x = sklearnTfidf(texts, minDf, maxDf, maxFeatures);
  const dims = Math.max(0, ...x.flatMap((row) => [...row.ids])) + 1;
  methods[name] = (reader) => {
    const y = papers.map((_, i) => (reader.saved.includes(i) ? 1 : -1));
    const f = linearSvc(x, y, 0.01, dims);
    return papers
      .map((_, i) => [i, f(i)] as const)
      .filter(([i]) => !reader.saved.includes(i))
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .map(([i]) => i);
  };
}

const corpus = buildCorpus(papers.map((p) => paperTokens(p.title, p.abstract).ids));
const neighbours = nearestNeighbours(corpus, 10);
methods["related papers of the saved ones (the site's TF-IDF neighbours, in turn)"] = (reader) => {
  const ranking: number[] = [];
  for (let rank = 0; rank < 10; rank++) {
    for (const s of reader.saved) {
      const n = neighbours[s][rank];
      if (n && !reader.saved.includes(n.doc) && !ranking.includes(n.doc)) ranking.push(n.doc);
    }
  }
  return ranking;
};

const all = readers(Number(values.seed));
const results = Object.entries(methods).map(([name, rank]) => {
  const start = performance.now();
  let p5 = 0;
  let p10 = 0;
  const byK = new Map<number, number[]>();
  for (const reader of all) {
    const ranking = rank(reader);
    p5 += precision(ranking, reader, 5);
    p10 += precision(ranking, reader, 10);
    const list = byK.get(reader.saved.length) ?? [];
    list.push(precision(ranking, reader, 10));
    byK.set(reader.saved.length, list);
  }
  const ms = (performance.now() - start) / all.length;
  return { name, p5: p5 / all.length, p10: p10 / all.length, byK, ms };
});

const reference = results.filter((r) => r.name.startsWith("arxiv-sanity-lite")).sort((a, b) => b.p10 + b.p5 - (a.p10 + a.p5))[0];
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
console.log(
  `Simulated readers: ${all.length} (${areas.length} areas × k = 2–5 saved × ${DRAWS} draws); window: ${papers.length - 2}–${papers.length - 5} papers.`,
);
console.log(`Reference: ${reference.name}\n`);
console.log("| ranking | P@5 | P@10 | P@5 vs reference | P@10 vs reference | P@10 for k = 2 / 3 / 4 / 5 | ms a reader |");
console.log("| --- | --- | --- | --- | --- | --- | --- |");
for (const r of results) {
  const k = [2, 3, 4, 5].map((n) => pct(r.byK.get(n)!.reduce((a, b) => a + b, 0) / r.byK.get(n)!.length)).join(" / ");
  console.log(`| ${r.name} | ${pct(r.p5)} | ${pct(r.p10)} | ${pct(r.p5 / reference.p5)} | ${pct(r.p10 / reference.p10)} | ${k} | ${r.ms.toFixed(1)} |`);
}

// The window file's size: 7 issues of 50 real papers, and of 500 (real sentences recombined, as scripts/bench.ts makes its archive).
function windowBytes(per: number): { raw: number; gzip: number } {
  const rand = seededRandom(7);
  const sentences = papers.flatMap((p) => splitSentences(p.abstract));
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  const issues = Array.from({ length: 7 }, (_, d) => ({
    date: `2025-03-${String(17 - d).padStart(2, "0")}`,
    papers: Array.from({ length: per }, (_, i): WindowSource => {
      const real = per * d + i < papers.length ? papers[per * d + i] : undefined;
      const rare = () => `zq${Math.floor(200_000 * rand() ** 3).toString(36)}`;
      return {
        slug: `paper-${d}-${i}`,
        title: real?.title ?? `${pick(papers).title.split(" ").slice(0, 5).join(" ")} ${rare()}`,
        abstract: real?.abstract ?? Array.from({ length: 6 }, () => pick(sentences).replace(/\b[a-z]{4,}\b/g, (w) => (rand() < 0.2 ? rare() : w))).join(" "),
        authors: Array.from({ length: 1 + Math.floor(rand() * 6) }, () => `Author ${Math.floor(20_000 * rand() ** 2)}`),
        date: `2025-03-${String(17 - d).padStart(2, "0")}`,
        topics: ["llm-reasoning"],
        arxivId: `2503.${String(10_000 + per * d + i)}`,
        summary: pick(sentences),
      };
    }),
  }));
  const { json } = buildWindow(issues, 7);
  return { raw: Buffer.byteLength(json), gzip: gzipSync(json, { level: 9 }).length };
}
console.log("\n| window | papers | bytes | gzipped |\n| --- | --- | --- | --- |");
for (const per of [50, 500]) {
  const size = windowBytes(per);
  console.log(`| 7 issues × ${per} | ${7 * per} | ${(size.raw / 1024).toFixed(0)} KB | ${(size.gzip / 1024).toFixed(0)} KB |`);
}
