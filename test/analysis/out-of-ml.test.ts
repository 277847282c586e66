import { readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluateOutOfMl, formatOutOfMl, outOfMlLabelsOf } from "../../src/ingest/quality.ts";
import { assignTopics, compileTaxonomy, loadTaxonomy, type Taxonomy, type Topic } from "../../src/analysis/topics.ts";
import { newPaper } from "../../src/model/paper.ts";
import { DIGEST_EXTENSIONS } from "../../src/sources/index.ts";
import { clean } from "../../src/ingest/stages/clean.ts";
import { tokens } from "../../src/ingest/stages/tokens.ts";
import { topics } from "../../src/ingest/stages/topics.ts";
import { ROOT } from "../helpers.ts";

/**
 * Papers from outside ML: where the primary arXiv category is a field topic's, an ML
 * topic needs ML's own words. The papers here are hand-written, after the kinds of papers the issue
 * names; the real listings, and hand labels of their papers from outside ML, are measured in the tests below them.
 */
const BARYOGENESIS = [
  "Electroweak baryogenesis from a first-order phase transition",
  "We interpret the baryon asymmetry of the universe through a first-order electroweak phase transition. Bubble wall velocities and the sphaleron " +
    "rate are computed, and we explain which features of the scalar potential drive the asymmetry. Gravitational waves from the transition are " +
    "within reach of future detectors.",
] as const;
const REACTION_DIFFUSION = [
  "Travelling fronts of a reaction-diffusion equation",
  "We study travelling wave solutions of a reaction-diffusion partial differential equation with nonlocal diffusion. We prove existence and " +
    "stability of fronts and derive their speed, and numerical simulations illustrate the diffusion process and the generation of patterns.",
] as const;
const ASTRONOMERS = [
  "A history of the British Astronomical Association",
  "We trace the history of the British Astronomical Association from its founding in 1890, its observing sections and the amateur scientists who ran them, " +
    "and the scientific data its members collected on variable stars, comets and the planets.",
] as const;

let taxonomy: Taxonomy;
beforeAll(() => {
  taxonomy = loadTaxonomy(join(ROOT, "content"));
});

describe("papers from outside ML", () => {
  it("files a paper whose primary category is outside ML and whose text has no ML word under its field, whatever ML phrases its words match", () => {
    // Without categories (a trending listing) the words alone place them, under the ML topics the issue found them in.
    expect(assignTopics(...BARYOGENESIS, taxonomy).topics).toContain("interpretability");
    expect(assignTopics(...REACTION_DIFFUSION, taxonomy).topics).toContain("diffusion-generative");
    // "ML for science" is ML applied to science: without a word of ML, a science paper is not filed there, whatever its source.
    expect(assignTopics(...ASTRONOMERS, taxonomy).topics).not.toContain("ml-for-science");
    expect(assignTopics(...BARYOGENESIS, taxonomy, ["hep-ph", "astro-ph.CO"])).toEqual({ topics: ["physics"], terms: { physics: ["arXiv hep-ph"] } });
    expect(assignTopics(...REACTION_DIFFUSION, taxonomy, ["math.AP", "cs.LG"]).topics).toEqual(["mathematics"]);
    expect(assignTopics(...ASTRONOMERS, taxonomy, ["physics.hist-ph"]).topics).toEqual(["physics"]);
  });

  it("leaves a paper whose primary category is ML's to its words and categories, as before", () => {
    const fields = new Set(taxonomy.fields.map((t) => t.slug));
    for (const [title, abstract] of [BARYOGENESIS, REACTION_DIFFUSION, ASTRONOMERS]) {
      expect(assignTopics(title, abstract, taxonomy, ["cs.LG", "hep-ph"]).topics).toEqual(assignTopics(title, abstract, taxonomy).topics);
      for (const primary of ["cs.AI", "stat.ML", "cs.CV", "eess.IV", "cs.SD"]) {
        // Never a field; "Other" only where no topic claims it (the astronomy history uses no word of ML for "ML for science").
        const topics = assignTopics(title, abstract, taxonomy, [primary]).topics;
        expect(
          topics.filter((t) => fields.has(t) || (t === "other" && title !== ASTRONOMERS[0])),
          primary,
        ).toEqual([]);
      }
    }
  });

  it("gives ML applied to a field its ML topics, and its field where no ML topic claims it", () => {
    const [title, abstract] = REACTION_DIFFUSION;
    const learned = `${abstract} We train a physics-informed neural network to solve the equation.`;
    expect(assignTopics(title, learned, taxonomy, ["math.AP"]).topics).toEqual(assignTopics(title, learned, taxonomy).topics);
    expect(assignTopics(title, learned, taxonomy, ["math.AP"]).topics).toContain("ml-for-science");
    const remark = "We bound the number of sums of squares, with a remark on machine learning.";
    expect(assignTopics("Sums of squares", remark, taxonomy, ["math.NT"]).topics).toEqual(["mathematics"]);
  });

  it("tells ML's categories from the rest of their archives: cs.LG and stat.ML are ML's, cs.DS and stat.ME are not", () => {
    const [title, abstract] = REACTION_DIFFUSION;
    expect(assignTopics(title, abstract, taxonomy, ["cs.DS"]).topics).toEqual(["computer-science"]);
    expect(assignTopics(title, abstract, taxonomy, ["stat.ME"]).topics).toEqual(["statistics"]);
    expect(assignTopics(title, abstract, taxonomy, ["eess.SY"]).topics).toEqual(["electrical-engineering"]);
    expect(assignTopics(title, abstract, taxonomy, ["q-fin.PM"]).topics).toEqual(["economics"]);
    expect(assignTopics(title, abstract, taxonomy, ["cs.LG"]).topics).toContain("diffusion-generative");
    expect(assignTopics(title, abstract, taxonomy, ["stat.ML"]).topics).toContain("diffusion-generative");
  });

  it("counts only words ML alone uses as ML's, word for word: a physicist's diffusion model, a power transformer and a classified state are not", () => {
    const text =
      "A diffusion model of heat in power transformers, with an embedding of the fine-tuning problem and active learning in the classroom. " +
      "We classify the classified states and convolve the convolution of transformed models.";
    expect(assignTopics("Transformers", text, taxonomy, ["physics.app-ph"]).topics).toEqual(["physics"]);
    expect(assignTopics("Transformers", `${text} A transformer-based surrogate is trained.`, taxonomy, ["physics.app-ph"]).topics).not.toEqual(["physics"]);
  });

  it("places papers the same way in the topics stage, on either thread, from their categories", () => {
    const listed = [BARYOGENESIS, REACTION_DIFFUSION, ASTRONOMERS, BARYOGENESIS].map(([title, abstract], i) => ({
      ...newPaper({ titleRaw: title, abstractRaw: abstract, date: "2025-03-17", rank: i + 1, source: { file: "hand-written", line: i + 1 } }),
    }));
    listed.forEach((p, i) => (p.facts.categories = [["hep-ph"], ["math.AP"], ["physics.hist-ph"], []][i]));
    const context = { taxonomy, published: new Map(), reservedSlugs: new Set<string>(), readDates: new Set<string>() };
    const placed = topics(tokens(clean(listed)), { ...context, parallelFrom: 2 }).map((p) => p.topics);
    expect(placed.slice(0, 3)).toEqual([["physics"], ["mathematics"], ["physics"]]);
    expect(placed[3]).toContain("interpretability");
  });

  it("refuses a field topic that is not placed by categories alone, and ML categories on any other topic", () => {
    const other: Topic = { slug: "other", name: "Other", description: "", phrases: [], fallback: true };
    const field = (extra: Partial<Topic>): Topic => ({
      ...{ slug: "physics", name: "Physics", description: "", phrases: [], field: true, categories: ["physics.*"] },
      ...extra,
    });
    expect(() => compileTaxonomy([field({}), other])).not.toThrow();
    expect(() => compileTaxonomy([field({ categories: [] }), other])).toThrow(/field topic "physics" needs the arXiv "categories"/);
    expect(() => compileTaxonomy([field({ phrases: ["quark"] }), other])).toThrow(/placed by its categories alone/);
    const ml: Topic = { slug: "rl", name: "RL", description: "", phrases: ["reinforcement learning"] };
    expect(() => compileTaxonomy([{ ...ml, mlCategories: ["cs.LG"] }, other])).toThrow(/only a field topic has "mlCategories"/);
    expect(() => compileTaxonomy([{ ...ml, broader: "physics" }, field({}), other])).toThrow(/"broader" must name another topic/);
  });
});

// The real listings (test/fixtures/real/SOURCES.md), counted as `npm run topics:report -- --out-of-ml` counts them.
describe("papers from outside ML in the real listings", () => {
  it("keeps at least 90% of those whose primary category is outside ML and whose text has no ML vocabulary out of ML topics", () => {
    const dir = join(ROOT, "test", "fixtures", "real");
    const files = readdirSync(dir)
      .filter((f) => DIGEST_EXTENSIONS.includes(extname(f).toLowerCase()))
      .map((f) => join(dir, f));
    const labels = outOfMlLabelsOf(JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "out-of-ml-labels.json"), "utf8")));
    const report = evaluateOutOfMl(files, taxonomy, labels);
    console.log(
      formatOutOfMl(report)
        .filter((line) => !line.startsWith(dir) && !line.startsWith("  "))
        .join("\n"),
    );
    // Enough of them to measure, from software engineering, statistics, mathematics, physics and biology.
    expect(report.noMlWords).toBeGreaterThanOrEqual(100);
    const misses = report.underMl
      .slice(0, 10)
      .map((p) => p.title)
      .join("; ");
    expect((report.noMlWords - report.underMl.length) / report.noMlWords, misses).toBeGreaterThanOrEqual(0.9);
  });

  it("agrees with hand labels made without the rule: papers labelled not ML kept out of ML topics, those labelled ML kept in", () => {
    const labels = outOfMlLabelsOf(JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "out-of-ml-labels.json"), "utf8")));
    const dir = join(ROOT, "test", "fixtures", "real");
    const files = readdirSync(dir)
      .filter((f) => DIGEST_EXTENSIONS.includes(extname(f).toLowerCase()))
      .map((f) => join(dir, f));
    const { labelled } = evaluateOutOfMl(files, taxonomy, labels);
    expect(labelled!.notMl).toBeGreaterThanOrEqual(100);
    expect(1 - labelled!.notMlUnderMl.length / labelled!.notMl, labelled!.notMlUnderMl.map((p) => p.title).join("; ")).toBeGreaterThanOrEqual(0.9);
    // What the vocabulary misses of real ML from other fields (87% found when measured): a floor, so a narrower vocabulary shows.
    expect(1 - labelled!.mlUnderNone.length / labelled!.ml, labelled!.mlUnderNone.map((p) => p.title).join("; ")).toBeGreaterThanOrEqual(0.8);
  });
});
