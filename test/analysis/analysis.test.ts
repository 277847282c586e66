import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { extractLinks } from "../../src/analysis/links.ts";
import { search } from "../../src/analysis/neighbour-search.ts";
import { foundArrays, nearestNeighbours, searchData } from "../../src/analysis/related.ts";
import { pickSummary, pickSummaryFromIds, shorten, splitSentences, standalone } from "../../src/analysis/summary.ts";
import { buildCorpus, startBuildingCorpus } from "../../src/analysis/tfidf.ts";
import { countWords, paperTokens, vocabulary } from "../../src/analysis/terms.ts";
import { assignTopics, compileTaxonomy, loadTaxonomy, type Taxonomy, type Topic } from "../../src/analysis/topics.ts";
import type { Paper } from "../../src/model/paper.ts";
import { readDigest } from "../../src/sources/index.ts";
import { clean } from "../../src/ingest/stages/clean.ts";
import { dedupe } from "../../src/ingest/stages/dedupe.ts";
import { related } from "../../src/ingest/stages/related.ts";
import { summary } from "../../src/ingest/stages/summary.ts";
import { tokens } from "../../src/ingest/stages/tokens.ts";
import { topics } from "../../src/ingest/stages/topics.ts";
import { runBeside, sharedArray } from "../../src/platform/workers.ts";
import { ROOT, SAMPLE } from "../helpers.ts";

let papers: Paper[];
let taxonomy: Taxonomy;
const byTitle = (start: string) => {
  const found = papers.find((p) => p.title.startsWith(start));
  if (!found) throw new Error(`no sample paper titled "${start}…"`);
  return found;
};
const topicsOf = (start: string) => assignTopics(byTitle(start).title, byTitle(start).abstract, taxonomy).topics;

beforeAll(() => {
  papers = tokens(dedupe(clean(readDigest(SAMPLE).papers)));
  taxonomy = loadTaxonomy(join(ROOT, "content"));
});

describe("topics on the sample", () => {
  it.each([
    ["alignment-oversight", ["Debate Helps Weak-to-Strong", "Weak-to-Strong Generalization: Eliciting", "Super(ficial)-alignment"]],
    ["diffusion-generative", ["PFGM++", "ScaleLong", "An Overview of Diffusion Models", "Diffusion Models as Optimizers"]],
    ["offline-rl", ["Revisiting Design Choices in Offline", "Diffusion Models as Optimizers", "Dichotomy of Control"]],
    ["reward-modeling", ["Tool-Augmented Reward Modeling", "Evaluating Robustness of Reward Models", "The Perfect Blend", "Rewarding Progress"]],
    ["causal-inference", ["Causal de Finetti", "Selective Machine Learning of the Average Treatment Effect"]],
    ["scaling-laws", ["Deep Learning Scaling is Predictable", "Why Has Predicting Downstream"]],
  ])("puts the clearly related papers of %s together", (topic, titles) => {
    for (const title of titles) expect(topicsOf(title), title).toContain(topic);
  });

  it("keeps unrelated papers apart", () => {
    expect(topicsOf("Causal de Finetti")).not.toContain("diffusion-generative");
    expect(topicsOf("PFGM++")).not.toContain("alignment-oversight");
    expect(topicsOf("Tool-Augmented Reward Modeling")).not.toContain("causal-inference");
  });

  it("places every sample paper in a research area (none left to the fallback), and no area holds over 40%", () => {
    const counts = new Map<string, number>();
    for (const p of papers) {
      const { topics } = assignTopics(p.title, p.abstract, taxonomy);
      expect(topics, p.title).not.toContain(taxonomy.fallback.slug);
      for (const t of topics) counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    for (const [topic, count] of counts) expect(count / papers.length, topic).toBeLessThanOrEqual(0.4);
  });

  it("explains a placement with the phrases that made it", () => {
    const { terms } = assignTopics(byTitle("Debate Helps").title, byTitle("Debate Helps").abstract, taxonomy);
    expect(terms["alignment-oversight"]).toEqual(expect.arrayContaining(["weak-to-strong", "scalable oversight", "debate"]));
  });

  it("places well-known papers from outside the repository (a labelled check set) correctly", () => {
    const checkSet: { title: string; abstract: string; expect: string[] }[] = JSON.parse(
      readFileSync(join(ROOT, "test", "fixtures", "topic-check-set.json"), "utf8"),
    );
    const misses = checkSet.filter((e) => !e.expect.some((t) => assignTopics(e.title, e.abstract, taxonomy).topics.includes(t)));
    expect(misses.length / checkSet.length, misses.map((m) => m.title).join("; ")).toBeLessThanOrEqual(0.1);
    // The check set covers every topic of the taxonomy placed by what papers say: field topics go by arXiv category.
    const covered = new Set(checkSet.flatMap((e) => e.expect));
    expect(taxonomy.topics.filter((t) => !t.fallback && !t.field && !covered.has(t.slug)).map((t) => t.slug)).toEqual([]);
  });

  it("does not mistake generalization for generation (Porter2 keeps the stems apart)", () => {
    const { topics } = assignTopics(
      "Generalization of Models",
      "We study the generalization of models and how generalization models behave out of distribution.",
      taxonomy,
    );
    expect(topics).not.toContain("diffusion-generative");
  });

  it("makes a broad topic a second topic only on strong evidence (its `secondary` share of the best score)", () => {
    const topic = (slug: string, phrases: string[], secondary?: number): Topic => ({
      slug,
      name: slug,
      description: "",
      phrases,
      ...(secondary ? { secondary } : {}),
    });
    const text = ["Speech recognition with transformers", "We train a speech recognition model for speech; a transformer encodes it."] as const;
    const scores = (secondary?: number) =>
      assignTopics(
        ...text,
        compileTaxonomy([
          topic("speech", ["speech recognition"]),
          topic("architectures", ["transformer"], secondary),
          { ...topic("other", []), fallback: true },
        ]),
      ).topics;
    // "speech recognition" scores 1.5 × (2 for the title + 1 + ln 2 for two uses) = 5.5; "transformer" 1 × (2 + 1) = 3, 54% of it.
    expect(scores()).toEqual(["speech", "architectures"]);
    expect(scores(0.75)).toEqual(["speech"]);
    expect(scores(0.5)).toEqual(["speech", "architectures"]);
    expect(() => compileTaxonomy([topic("architectures", ["transformer"], 1.5), { ...topic("other", []), fallback: true }])).toThrow(
      /"secondary" must be a share/,
    );
  });

  it("lists a paper under its topic's broader topic too, named by the narrower one, on top of its own three", () => {
    const topic = (slug: string, phrases: string[], broader?: string): Topic => ({
      slug,
      name: `The ${slug}`,
      description: "",
      phrases,
      ...(broader ? { broader } : {}),
    });
    const other = { ...topic("other", []), fallback: true };
    const compiled = compileTaxonomy([
      topic("rl", ["reinforcement learning"]),
      topic("offline", ["offline"], "rl"),
      topic("a", ["alpha"]),
      topic("b", ["beta"]),
      topic("c", ["gamma"]),
      other,
    ]);
    expect(assignTopics("Offline", "Learning offline, offline and offline.", compiled)).toEqual({
      topics: ["offline", "rl"],
      terms: { offline: ["offline"], rl: ["The offline"] },
    });
    // Its own phrases first, where the paper has some; and never listed twice.
    expect(assignTopics("Offline reinforcement learning", "Offline, offline.", compiled).topics).toEqual(["offline", "rl"]);
    expect(assignTopics("Offline", "Offline, offline, offline; reinforcement learning.", compiled).terms.rl).toEqual(["reinforcement learning", "The offline"]);
    expect(assignTopics("Offline alpha beta", "Offline alpha beta.", compiled).topics).toEqual(["offline", "rl", "a", "b"]);

    expect(() => compileTaxonomy([topic("offline", ["offline"], "nowhere"), other])).toThrow(/"broader" must name another topic, not "nowhere"/);
    expect(() => compileTaxonomy([topic("offline", ["offline"], "other"), other])).toThrow(/"broader" must name another topic/);
    expect(() => compileTaxonomy([topic("a", ["alpha"], "b"), topic("b", ["beta"], "c"), topic("c", ["gamma"]), other])).toThrow(/one level only/);
  });

  it("sends a paper nothing claims to the fallback topic", () => {
    expect(assignTopics("On Baking Bread", "We bake bread in a wood oven and taste it.", taxonomy)).toEqual({ topics: ["other"], terms: {} });
  });
});

describe("related papers (TF-IDF, cosine, inverted index)", () => {
  it("ranks the other weak-to-strong papers first for a weak-to-strong paper", () => {
    const corpus = buildCorpus(papers.map((p) => p.tokens.ids));
    const neighbours = nearestNeighbours(corpus, 5);
    const index = papers.indexOf(byTitle("Debate Helps Weak-to-Strong"));
    const top = neighbours[index].map((n) => papers[n.doc].title);
    expect(top.slice(0, 2).sort()).toEqual([byTitle("Super(ficial)-alignment").title, byTitle("Weak-to-Strong Generalization: Eliciting").title].sort());
    expect(neighbours[index][0].shared).toContain("weak");
    expect(neighbours.every((list, i) => list.length === 5 && list.every((n) => n.doc !== i))).toBe(true);
    const scores = neighbours[index].map((n) => n.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("agrees with a brute-force cosine on the sample", () => {
    const corpus = buildCorpus(papers.map((p) => p.tokens.ids));
    const cosine = (a: number, b: number) => {
      const wa = new Map([...corpus.vectors[a].terms].map((t, i) => [t, corpus.vectors[a].weights[i]]));
      return [...corpus.vectors[b].terms].reduce((s, t, i) => s + (wa.get(t) ?? 0) * corpus.vectors[b].weights[i], 0);
    };
    const neighbours = nearestNeighbours(corpus, 3);
    for (const a of [0, 10, 40]) {
      const brute = papers
        .map((_, b) => ({ b, s: b === a ? -1 : cosine(a, b) }))
        .sort((x, y) => y.s - x.s)
        .slice(0, 3);
      expect(neighbours[a].map((n) => n.doc)).toEqual(brute.map((x) => x.b));
      neighbours[a].forEach((n, i) => expect(n.score).toBeCloseTo(brute[i].s, 10));
    }
  });

  it("keeps each paper's vector unit-length, in single precision (at 100,000 papers, 27 million weights)", () => {
    const corpus = buildCorpus(papers.map((p) => p.tokens.ids));
    expect(corpus.rows.weights).toBeInstanceOf(Float32Array);
    for (const { weights } of corpus.vectors) expect(weights.reduce((sum, w) => sum + w * w, 0)).toBeCloseTo(1, 6);
  });

  // Five documents small enough to weigh by hand. With n = 5, idf(df) = ln(6 / (1 + df)) + 1: idf(2) ≈ 1.69, idf(3) ≈ 1.41.
  // A shared term weighs w_a × w_b = (1 + ln tf_a)(1 + ln tf_b) idf² / (|a| |b|); the norms are the same for every term of
  // a pair, so terms rank by (1 + ln tf_a)(1 + ln tf_b) idf², then by term id: the order terms first appear in the corpus,
  // each unigram before the bigram it ends.
  //
  // Documents 0 and 1 share orbit (df 3, with document 2), comet ("comets" in 1: one stem), "orbit comet", nebula and
  // "comet nebula" (df 2). Nebula is used twice in 0: 1.69 × 1.69² ≈ 4.85. Comet, "orbit comet" and "comet nebula" tie at
  // 1.69² ≈ 2.87, in that order of id; orbit, the commonest, comes last at 1.41² ≈ 1.97. Taken in that order: nebula, comet,
  // then "orbit comet" (holds comet) and "comet nebula" (holds both) are left out, then orbit. Only 5 are shared, all kept
  // by the search, so asking for 12 gives the same 3. Each side spells comet its own way.
  // Documents 3 and 4 are one text but for "mirrors": 6 unigrams and 5 bigrams, all tf 1 and df 2, so all tie and go in
  // order of first use: galaxy, photon, "galaxy photon", mirror, "photon mirror", prism, "mirror prism", laser,
  // "prism laser", maser, "laser maser". Each bigram holds a unigram before it, so the distinct terms are the 6 unigrams.
  // The search keeps only the first 8 (SHARED_KEPT), which show 5 distinct; asked for 12, the whole list is gone through.
  const skyCorpus = () =>
    buildCorpus(
      [
        "orbit comet nebula quasar nebula",
        "orbit comets nebula pulsar",
        "orbit meteor",
        "galaxy photon mirror prism laser maser",
        "galaxy photon mirrors prism laser maser",
      ].map((text) => paperTokens("", text).ids),
    );
  it.each([
    [
      3,
      [
        ["nebula", "comet", "orbit"],
        ["nebula", "comets", "orbit"],
        ["galaxy", "photon", "mirror"],
        ["galaxy", "photon", "mirrors"],
      ],
    ],
    [
      12,
      [
        ["nebula", "comet", "orbit"],
        ["nebula", "comets", "orbit"],
        ["galaxy", "photon", "mirror", "prism", "laser", "maser"],
        ["galaxy", "photon", "mirrors", "prism", "laser", "maser"],
      ],
    ],
  ])("lists the %i heaviest terms two neighbours share, none inside another, as the paper spells them", (count, shared) => {
    const neighbours = nearestNeighbours(skyCorpus(), 1, count);
    const nearest = [0, 1, 3, 4].map((doc) => neighbours[doc][0]);
    expect(nearest).toEqual([1, 0, 4, 3].map((other, i) => ({ doc: other, score: expect.any(Number), shared: shared[i] })));
    // On the sample, some pair has that many to show, and no pair more, or one term inside another.
    const sample = nearestNeighbours(buildCorpus(papers.map((p) => p.tokens.ids)), 5, count).flat();
    expect(sample.some((n) => n.shared.length === count)).toBe(true);
    expect(sample.filter((n) => n.shared.length > count || n.shared.some((t, i) => n.shared.some((u, j) => i !== j && u.includes(t))))).toEqual([]);
  });
});

describe("related papers on two threads", () => {
  it("finds the same neighbours, scores and shared terms when a worker searches alongside", () => {
    const context = { taxonomy, published: new Map(), reservedSlugs: new Set<string>(), readDates: new Set<string>() };
    const corpus = buildCorpus(papers.map((p) => p.tokens.ids));
    const prior = { bits: new Uint32Array(papers.length), words: 1, counts: new Uint8Array(papers.length), weight: 0.1 };
    topics(papers, context).forEach((p, doc) => {
      prior.bits[doc] = p.topics.includes("reinforcement-learning") ? 1 : 0;
      prior.counts[doc] = prior.bits[doc];
    });
    const serial = nearestNeighbours(corpus, 5, 3, prior);
    // Any search of at least 10 query-document pairs runs on two threads, each claiming blocks of papers.
    expect(nearestNeighbours(corpus, 5, 3, prior, 10)).toEqual(serial);
  });

  it("has the worker fill the same rows as this thread, through shared memory", () => {
    const data = searchData(buildCorpus(papers.map((p) => p.tokens.ids)));
    const here = foundArrays(papers.length, 5);
    search(data, here, new Int32Array(1), 5);
    const there = foundArrays(papers.length, 5);
    runBeside<void>(new URL("../../src/analysis/neighbour-worker.ts", import.meta.url), { data, found: there, next: sharedArray(Int32Array, 1), k: 5 })();
    expect(there).toEqual(here);
    expect(here.docs.every((d) => d >= 0)).toBe(true);
  });
});

describe("the TF-IDF model on another thread", () => {
  it("is the same, number for number and word for word, when a worker builds it", () => {
    const ids = papers.map((p) => p.tokens.ids);
    const here = buildCorpus(ids);
    // Any archive of at least 10 papers is built in a worker thread.
    const beside = startBuildingCorpus(ids, 10)();
    expect(beside.rows).toEqual(here.rows);
    expect(beside.df).toEqual(here.df);
    expect(beside.vectors).toEqual(here.vectors);
    papers.forEach((_, doc) => {
      for (const term of here.vectors[doc].terms) expect(beside.spell(doc, term)).toBe(here.spell(doc, term));
    });
    expect(here.rows.terms.length).toBeGreaterThan(10 * papers.length);
  });

  it("is handed to the related-papers stage, which refuses one of other papers", () => {
    const context = { taxonomy, published: new Map(), reservedSlugs: new Set<string>(), readDates: new Set<string>() };
    const withTopics = topics(papers, context).map((p, i) => ({ ...p, slug: `p${i}` }));
    const corpus = startBuildingCorpus(
      withTopics.map((p) => p.tokens.ids),
      10,
    );
    expect(related(withTopics, { ...context, corpus })).toEqual(related(withTopics, context));
    const fewer = buildCorpus(withTopics.slice(1).map((p) => p.tokens.ids));
    expect(() => related(withTopics, { ...context, corpus: () => fewer })).toThrow(/holds 62 papers, not 63/);
  });
});

describe("topics on two threads", () => {
  it("places every paper as this thread does when half of them are placed in a worker, with this thread's vocabulary loaded", () => {
    const context = { taxonomy, published: new Map(), reservedSlugs: new Set<string>(), readDates: new Set<string>() };
    const placed = (list: Paper[]) => list.map((p) => ({ topics: p.topics, terms: p.topicTerms }));
    const serial = topics(papers, context);
    // Any archive of at least 10 papers is split: the second half goes to a worker thread.
    expect(placed(topics(papers, { ...context, parallelFrom: 10 }))).toEqual(placed(serial));
    expect(serial.slice(papers.length / 2).filter((p) => p.topics.length > 1).length).toBeGreaterThan(5);
  });
});

describe("summaries on two threads", () => {
  it("picks the same summaries when half the papers are summed up in a worker, from the word ids and a frozen word table", () => {
    const serial = summary(papers);
    // Any archive of at least 10 papers is split: the second half goes to a worker thread.
    expect(summary(papers, { parallelFrom: 10 }).map((p) => p.summary)).toEqual(serial.map((p) => p.summary));
    expect(serial.every((p) => p.summary)).toBe(true);
  });

  it("leaves to the ingest's thread an abstract whose ids do not line up with its sentences", () => {
    const paper = byTitle("2 OLMo 2 Furious");
    const ids = paper.tokens.ids.subarray(paper.tokens.titleLength);
    expect(pickSummaryFromIds(paper.abstract, ids, vocabulary.table())).toBe(pickSummary(paper.abstract, ids));
    expect(pickSummaryFromIds(paper.abstract, ids.subarray(1), vocabulary.table())).toBeUndefined();
  });
});

describe("the topic prior on related papers", () => {
  it("adds the prior to cosine and reorders by the sum, among the most cosine-similar", () => {
    const corpus = buildCorpus(papers.map((p) => p.tokens.ids));
    const plain = nearestNeighbours(corpus, 5, 0);
    const fifth = plain[0][4].doc;
    // Paper 0 and its fifth neighbour share the one topic anyone has, at a weight of 1.
    const prior = { bits: new Uint32Array(papers.length), words: 1, counts: new Uint8Array(papers.length), weight: 1 };
    for (const doc of [0, fifth]) [prior.bits[doc], prior.counts[doc]] = [1, 1];
    const boosted = nearestNeighbours(corpus, 5, 0, prior);
    expect(boosted[0][0]).toMatchObject({ doc: fifth, score: plain[0][4].score + 1 });
    expect(boosted[0].slice(1).map((n) => n.doc)).toEqual(plain[0].slice(0, 4).map((n) => n.doc));
    const others = (lists: typeof plain) => lists.filter((_, doc) => doc !== 0 && doc !== fifth);
    expect(others(boosted)).toEqual(others(plain));
  });

  it("prefers, among lexically close papers, one that shares the paper's topics", () => {
    const context = { taxonomy, published: new Map(), reservedSlugs: new Set<string>(), readDates: new Set<string>() };
    const withTopics = topics(papers, context).map((p, i) => ({ ...p, slug: `p${i}` }));
    const enriched = related(withTopics, context);
    const plain = nearestNeighbours(buildCorpus(withTopics.map((p) => p.tokens.ids)), 5, 0);
    const bySlug = new Map(withTopics.map((p) => [p.slug, p]));
    const sharing = (p: Paper, others: Paper[]) => others.filter((o) => o.topics.some((t) => p.topics.includes(t))).length;
    let more = 0;
    withTopics.forEach((p, i) => {
      const ours = sharing(
        p,
        enriched[i].related.map((r) => bySlug.get(r.slug)!),
      );
      const theirs = sharing(
        p,
        plain[i].map((n) => withTopics[n.doc]),
      );
      expect(ours).toBeGreaterThanOrEqual(theirs);
      if (ours > theirs) more++;
    });
    expect(more).toBeGreaterThan(0);
  });
});

describe("keywords", () => {
  it("are the paper's repeated, weighty terms, spelled as the paper spells them", () => {
    const enriched = related(papers, { taxonomy, published: new Map(), reservedSlugs: new Set(), readDates: new Set() });
    const pfgm = enriched.find((p) => p.title.startsWith("PFGM++"))!;
    expect(pfgm.keywords).toHaveLength(5);
    expect(pfgm.keywords).toContain("generative models");
    expect(pfgm.keywords).not.toContain("generated models");
    for (const keyword of pfgm.keywords) expect(`${pfgm.title} ${pfgm.abstract}`.toLowerCase()).toContain(keyword);
  });
});

describe("one-line summaries", () => {
  it("picks the sentence that states the contribution", () => {
    expect(pickSummary(byTitle("Debate Helps").abstract)).toBe(
      "We find that debate can assist a weak model in extracting trustworthy information from an untrustworthy strong model, which provides leverage as context on samples when training a weak model.",
    );
    expect(pickSummary(byTitle("Threshold-Consistent").abstract)).toMatch(/^We introduce the Threshold-Consistent Margin \(TCM\) loss, /);
  });

  it("prefers a sentence on the paper's own work to one on earlier work or pointing back", () => {
    // "It discovers that …" is about the earlier work the sentence before names.
    expect(pickSummary(byTitle("Super(ficial)-alignment").abstract)).toMatch(
      /^We are concerned that behind such a promising phenomenon, whether there exists an issue of weak-to-strong deception/,
    );
    expect(pickSummary(byTitle("Evaluation of OpenAI o1").abstract)).toMatch(/^This comprehensive study evaluates the performance of OpenAI's o1-preview/);
  });

  it("reads on its own: openers that point back at the rest of the abstract are dropped", () => {
    expect(standalone("Second, we introduce Eureka-Bench.")).toBe("We introduce Eureka-Bench.");
    expect(standalone("In this paper we propose Z.")).toBe("We propose Z.");
    expect(standalone("Here, we show X.")).toBe("We show X.");
    expect(standalone("Overall, this paper shows Y.")).toBe("This paper shows Y.");
    expect(standalone("To address this gap, we introduce W.")).toBe("We introduce W.");
    expect(standalone("Finally, inspired by our theory, we propose S.")).toBe("We propose S.");
    // What says something of its own stays: a purpose, a setting, a word that only looks like an opener.
    for (const kept of [
      "In order to balance A and B, we introduce PBT.",
      "Using five model families, we show V.",
      "First order methods are slow.",
      "Here is a thing.",
      "Then the model learns.",
    ]) {
      expect(standalone(kept)).toBe(kept);
    }
    const summaries = papers.map((p) => pickSummary(p.abstract));
    expect(
      summaries.filter((s) => /^(?:In this (?:paper|work|study)|Finally|Second|Here|Thus|To address th|Motivated by these|Inspired by their)\b/.test(s)),
    ).toEqual([]);
    expect(summaries.every((s) => /^[A-Z]/.test(s))).toBe(true);
  });

  it("prefers a sentence in words to one that is mostly formula", () => {
    expect(pickSummary(byTitle("Optimistic Online Mirror Descent").abstract)).toBe(
      "We investigate the theoretical guarantees of optimistic online mirror descent (OMD) for the SEA model.",
    );
  });

  it("picks the same sentence from the tokens stage's word ids as from the text, and ignores ids that do not fit it", () => {
    for (const p of papers) {
      const { ids, titleLength } = paperTokens(p.title, p.abstract);
      // The sentences' words are the abstract's, so the ids are cut, not looked up again.
      expect(
        splitSentences(p.abstract).reduce((n, s) => n + countWords(s), 0),
        p.title,
      ).toBe(ids.length - titleLength);
      expect(pickSummary(p.abstract, ids.subarray(titleLength)), p.title).toBe(pickSummary(p.abstract));
    }
    const debate = byTitle("Debate Helps").abstract;
    expect(pickSummary(debate, Uint32Array.from(vocabulary.tokenize("three unrelated words")))).toBe(pickSummary(debate));
  });

  it("never exceeds 220 characters, and cuts a long sentence at a clause or else between words", () => {
    let cut = 0;
    for (const p of papers) {
      const summary = pickSummary(p.abstract);
      expect(summary.length).toBeLessThanOrEqual(220);
      if (!summary.endsWith("…")) continue;
      cut++;
      // What is kept is the sentence's own words, up to a comma, a dash or the end of a word that does not leave the phrase hanging.
      const kept = summary.slice(1, -1);
      expect(p.abstract, p.title).toContain(kept);
      expect(p.abstract[p.abstract.indexOf(kept) + kept.length], p.title).toMatch(/[\s,;:]/);
      expect(kept, p.title).not.toMatch(/\s(?:a|an|the|of|to|for|and|or|with|in|by)$/);
    }
    expect(cut).toBeGreaterThan(5);
    expect(shorten("word ".repeat(100).trim(), 22)).toBe("word word word word…");
    expect(shorten("We train on the data of the many tasks, and of the others too", 30)).toBe("We train on the data…");
    const clauses =
      "We release all artifacts openly – models at two scales, both pretrained and post-trained, including their full training data, training code and recipes, training logs and thousands of intermediate checkpoints.";
    expect(shorten(clauses)).toBe(
      "We release all artifacts openly – models at two scales, both pretrained and post-trained, including their full training data, training code and recipes, training logs and thousands of intermediate checkpoints.",
    );
    // Never inside a parenthesis, nor leaving one open.
    const parenthesis =
      "We train on documents gathered from the web over many months of crawling and filtering, with a pipeline (which removes duplicates, and then balances domains) and more.";
    expect(shorten(parenthesis, 130)).toBe("We train on documents gathered from the web over many months of crawling and filtering…");
    expect(pickSummary(byTitle("Dichotomy of Control").abstract)).toMatch(/beyond a policy's control…$/);
    expect(shorten(clauses, 160)).toBe(
      "We release all artifacts openly – models at two scales, both pretrained and post-trained, including their full training data, training code and recipes…",
    );
  });

  it("does not split sentences at abbreviations", () => {
    expect(splitSentences("We use e.g. tools. Then we stop. Smith et al. agree.")).toEqual(["We use e.g. tools.", "Then we stop.", "Smith et al. agree."]);
  });
});

describe("links", () => {
  it("extracts URLs with their kind, without trailing punctuation or residue", () => {
    expect(
      extractLinks(
        "Code: https://github.com/a/b. Data at https://huggingface.co/datasets/x/y, demo https://huggingface.co/spaces/x/z) and url{https://proj.example.org/page}. See (https://en.wikipedia.org/wiki/Foo_(bar)).",
      ),
    ).toEqual([
      { url: "https://github.com/a/b", kind: "code" },
      { url: "https://huggingface.co/datasets/x/y", kind: "dataset" },
      { url: "https://huggingface.co/spaces/x/z", kind: "demo" },
      { url: "https://proj.example.org/page", kind: "project" },
      { url: "https://en.wikipedia.org/wiki/Foo_(bar)", kind: "project" },
    ]);
  });

  it("finds all 16 links of the sample", () => {
    expect(papers.flatMap((p) => extractLinks(p.abstractRaw))).toHaveLength(16);
  });
});
