import { existsSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { closedObject, configError, readConfig } from "../platform/config-file.ts";
import { SLUG_PATTERN, slugSchema as slug } from "../model/slugs.ts";
import { ARXIV_CATEGORY_PATTERN } from "../model/arxiv.ts";
import { agrees, clearTopic, compileProfiles, readProfiles, resemble, type CompiledProfiles, type ProfilesFile } from "./profiles.ts";
import type { PaperTokens } from "../model/paper.ts";
import { paperTokens, stemIds, vocabulary } from "./terms.ts";

/** One research area, as the curator describes it in `content/_data/taxonomy.json`. */
export interface Topic {
  slug: string;
  name: string;
  description: string;
  /** Phrases that signal the area; `phrase^2` doubles a phrase's weight. */
  phrases: string[];
  /** arXiv categories that place a paper here (`cs.CV`; `q-bio.*` for a whole archive). */
  categories?: string[];
  /** The topic for papers no other topic claims. */
  fallback?: boolean;
  /**
   * The share of a paper's best score this topic needs to be its second or third topic, where
   * the default (0.45) is too little: a broad topic whose words most fields use ("transformer",
   * "pretrained", "uncertainty") is seldom what a paper of another field is about.
   */
  secondary?: number;
  /**
   * The topic this one is part of (SKOS's "broader"): a paper here is listed there too, so an
   * offline-RL paper is on the reinforcement-learning page even when its words are all offline RL.
   */
  broader?: string;
  /**
   * A field of science outside ML, placed by the arXiv archives in `categories` alone: the topic
   * of a paper whose primary category is there and which carries no ML vocabulary, so a physics
   * paper with no word of ML lands under Physics, not under an ML topic one of its words names.
   */
  field?: boolean;
  /** On a field topic: the categories of its archives that are ML's (cs.LG under computer science), where papers are never held to ML evidence. */
  mlCategories?: string[];
  /**
   * A topic about ML applied to something else ("ML for science"): a paper needs ML's own words for it, whatever its
   * source, since a paper of that something else alone (an astronomy history) uses the same words.
   */
  needsMlWords?: boolean;
}

export interface TopicAssignment {
  topics: string[];
  /** Per assigned topic, the phrases that placed the paper there, strongest first. */
  terms: Record<string, string[]>;
}

interface CompiledPhrase {
  text: string;
  /** Stem ids (src/analysis/terms.ts). */
  stems: number[];
  weight: number;
}

export interface Taxonomy {
  topics: Topic[];
  fallback: Topic;
  compiled: { topic: Topic; phrases: CompiledPhrase[] }[];
  /** Every phrase by its first stem id, so a text is scanned once rather than once per phrase. */
  byFirstStem: Map<number, { topic: number; phrase: number }[]>;
  /** Topics with a `secondary` share of their own, by slug. */
  secondary: Map<string, number>;
  /** Topics with a broader topic, by slug. */
  broader: Map<string, Topic>;
  /** The field topics, which papers from outside ML's categories without ML vocabulary go to. */
  fields: Topic[];
  /** `ML_VOCABULARY`'s terms, singular and plural, as word ids by their first word's id. */
  mlTerms: Map<number, { text: string; words: number[] }[]>;
  /** What each topic's papers say (src/analysis/profiles.ts), where profiles were learned. */
  profiles?: CompiledProfiles;
}

/** A paper must score this much for a topic (one strong phrase, or a single word used twice). */
const MIN_SCORE = 1.5;
/** A second or third topic must reach this share of the paper's best score. */
const RELATIVE_SCORE = 0.45;
const MAX_TOPICS = 3;
const TITLE_BONUS = 2;
/** A paper's primary arXiv category is a strong signal on its own; its other categories, one phrase's worth. */
const PRIMARY_CATEGORY_SCORE = 2 * MIN_SCORE;
const OTHER_CATEGORY_SCORE = MIN_SCORE;
/** A phrase as one number: its topic's index and its own within the topic. */
const PHRASES_PER_TOPIC = 65536;

/**
 * Words only ML uses, the evidence a paper from outside ML's categories needs for an ML topic.
 * Words other fields use in their own sense are left out: "diffusion model" (physics),
 * "embedding" (geometry), "fine-tuning" (cosmology), "active learning" (teaching), "GaN"
 * (a semiconductor), and "transformer" alone (power grids) — only its ML compounds.
 */
export const ML_VOCABULARY = [
  "machine learning",
  "machine-learned",
  "deep learning",
  "neural network",
  "neural net",
  "deep neural",
  "convolutional",
  "recurrent neural",
  "graph neural",
  "gnn",
  "cnn",
  "lstm",
  "multilayer perceptron",
  "mlp",
  "autoencoder",
  "generative adversarial",
  "backpropagation",
  "transformer architecture",
  "transformer model",
  "transformer based",
  "vision transformer",
  "transformer encoder",
  "self-attention",
  "attention mechanism",
  "language model",
  "llm",
  "gpt",
  "chatgpt",
  "reinforcement learning",
  "q-learning",
  "policy gradient",
  "supervised learning",
  "unsupervised learning",
  "self-supervised",
  "semi-supervised",
  "contrastive learning",
  "representation learning",
  "transfer learning",
  "meta-learning",
  "federated learning",
  "few-shot",
  "zero-shot",
  "in-context learning",
  "foundation model",
  "pretrained",
  "pre-trained",
  "pretraining",
  "training data",
  "training set",
  "classifier",
  "random forest",
  "support vector machine",
  "gradient boosting",
  "xgboost",
  "artificial intelligence",
  "ai",
  "computer vision",
  "natural language processing",
  "nlp",
  "speech recognition",
  "neural operator",
  "physics-informed neural",
  "pinn",
  "learning-based",
  "learning algorithm",
  "deep generative",
  "gans",
  "denoising diffusion",
  "latent diffusion",
  "stable diffusion",
  "diffusion probabilistic",
  "diffusion transformer",
  "score-based generative",
  "flow matching",
  "normalizing flow",
  "gflownet",
  "generative flow network",
  "text-to-image",
  "text-to-video",
  "image generation",
  "video generation",
  "image classification",
  "object detection",
  "semantic segmentation",
  "machine translation",
  "question answering",
  "sentiment analysis",
  "speech synthesis",
  "text-to-speech",
  "vision-language",
  "mllm",
  "mixture of experts",
  "mixture-of-experts",
  "knowledge distillation",
  "imitation learning",
  "behavior cloning",
  "multi-armed bandit",
  "contextual bandit",
  "stochastic gradient descent",
  "sgd",
  "neural ode",
  "neural radiance",
  "neural rendering",
  "neural architecture",
  "neural process",
  "encoder-decoder",
  "bert",
  "prompting",
  "word embedding",
  "sentence embedding",
  "xai",
  "recommender system",
  "adversarial examples",
  "adversarial training",
  "reasoning model",
  "chain-of-thought",
];

/** `cs.LG` matches itself; `astro-ph.*` matches the archive's every subject class, and the archive alone (`astro-ph` before 2009). */
function categoryMatches(pattern: string, category: string): boolean {
  return pattern.endsWith(".*") ? category.startsWith(pattern.slice(0, -1)) || category === pattern.slice(0, -2) : category === pattern;
}

/** `cs.CV`, or `q-bio.*` for a whole archive. */
const categoryPattern = z.string().refine((pattern) => ARXIV_CATEGORY_PATTERN.test(pattern.replace(/\.\*$/, "")), {
  error: "expected an arXiv category (cs.CV) or a whole archive (q-bio.*)",
});
const topicShape = {
  slug,
  name: z.string().min(1, { error: "expected a name" }),
  description: z.string(),
  phrases: z
    .array(z.string().regex(/^[^^]+(?:\^\d+(?:\.\d+)?)?$/, { error: "expected a phrase, with its weight after a caret (robot arm^2) if it has one" }))
    .max(PHRASES_PER_TOPIC - 1, { error: `expected at most ${PHRASES_PER_TOPIC - 1} phrases` }),
  categories: z.array(categoryPattern).optional(),
  fallback: z.boolean().optional(),
  secondary: z.number().gt(0).max(1, { error: "expected a share above 0 and at most 1" }).optional(),
  broader: slug.optional(),
  field: z.boolean().optional(),
  mlCategories: z.array(categoryPattern).optional(),
  needsMlWords: z.boolean().optional(),
};
/** The file's shape, checked as it is read; what relates topics to each other is `compileTaxonomy`'s to check. https://zod.dev */
const taxonomySchema: z.ZodType<Topic[]> = z.array(closedObject(topicShape));

/**
 * Reads and checks `<contentDir>/_data/taxonomy.json`, the one place the taxonomy lives, and its learned profiles,
 * `<contentDir>/topic-profiles.json`, if any.
 */
export function loadTaxonomy(contentDir: string): Taxonomy {
  const topics = readTopics(contentDir);
  const profilesPath = topicProfilesPath(contentDir);
  const profiles = existsSync(profilesPath) ? readProfiles(profilesPath) : undefined;
  try {
    return compileTaxonomy(topics, profiles && { file: profiles, path: profilesPath });
  } catch (error) {
    if (error instanceof TopicError) throw configError(taxonomyPath(contentDir), error.at, error.message);
    throw error;
  }
}

/** The taxonomy's topics as the curator wrote them, each checked on its own (`taxonomySchema`). */
export function readTopics(contentDir: string): Topic[] {
  return readConfig(taxonomyPath(contentDir), taxonomySchema, "topics");
}

function taxonomyPath(contentDir: string): string {
  return join(contentDir, "_data", "taxonomy.json");
}

export function topicProfilesPath(contentDir: string): string {
  return join(contentDir, "topic-profiles.json");
}

/** A rule relating a topic to the others that it breaks, with where in the taxonomy it breaks it: a topic's index and key. */
class TopicError extends Error {
  constructor(
    readonly at: (string | number)[],
    message: string,
  ) {
    super(message);
  }
}

export function compileTaxonomy(topics: Topic[], profiles?: { file: ProfilesFile; path: string }): Taxonomy {
  const fallbacks = topics.filter((t) => t.fallback);
  if (fallbacks.length !== 1) {
    const second = fallbacks.length ? [topics.indexOf(fallbacks[1]), "fallback"] : [];
    throw new TopicError(second, `the taxonomy needs exactly one fallback topic, found ${fallbacks.length}`);
  }
  const slugs = new Set<string>();
  for (const [i, t] of topics.entries()) {
    if (!SLUG_PATTERN.test(t.slug)) throw new TopicError([i, "slug"], `topic slug "${t.slug}" is not lower-case ASCII words joined by hyphens`);
    if (slugs.has(t.slug)) throw new TopicError([i, "slug"], `topic slug "${t.slug}" is listed twice`);
    if (t.phrases.length >= PHRASES_PER_TOPIC) {
      throw new TopicError([i, "phrases"], `topic "${t.slug}" lists ${t.phrases.length} phrases; at most ${PHRASES_PER_TOPIC - 1}`);
    }
    if (t.secondary !== undefined && !(t.secondary > 0 && t.secondary <= 1)) {
      throw new TopicError([i, "secondary"], `topic "${t.slug}": "secondary" must be a share of the best score, above 0 and at most 1`);
    }
    if (t.field && !t.categories?.length) throw new TopicError([i, "field"], `field topic "${t.slug}" needs the arXiv "categories" it covers`);
    if (t.field && (t.phrases.length || t.fallback || t.broader !== undefined || t.secondary !== undefined)) {
      throw new TopicError([i, "field"], `field topic "${t.slug}" is placed by its categories alone: no phrases, "fallback", "broader" or "secondary"`);
    }
    if (t.mlCategories && !t.field) throw new TopicError([i, "mlCategories"], `topic "${t.slug}": only a field topic has "mlCategories"`);
    slugs.add(t.slug);
  }
  const bySlug = new Map(topics.map((t) => [t.slug, t]));
  for (const [i, t] of topics.entries()) {
    if (t.broader === undefined) continue;
    const broader = bySlug.get(t.broader);
    if (!broader || broader.fallback || broader.field || broader === t) {
      throw new TopicError([i, "broader"], `topic "${t.slug}": "broader" must name another topic, not "${t.broader}"`);
    }
    if (broader.broader !== undefined) {
      throw new TopicError([i, "broader"], `topic "${t.slug}": its broader topic "${broader.slug}" has a broader topic of its own; one level only`);
    }
  }
  const compiled = topics
    .filter((t) => !t.fallback && !t.field)
    .map((topic) => ({
      topic,
      phrases: dedupePhrases(
        topic.phrases.map((entry) => {
          const [text, weight] = entry.split("^");
          // Every word stemmed, stop words kept: phrases match word for word, so "q-learning" needs its "q".
          const stems = stemIds(text);
          if (stems.length === 0) throw new TopicError([topics.indexOf(topic), "phrases"], `topic "${topic.slug}": phrase "${entry}" has no words`);
          // Longer phrases are more specific, so each matched word counts for a little more.
          return { text: text.trim(), stems, weight: Number(weight ?? 1) * (1 + 0.5 * (stems.length - 1)) };
        }),
      ),
    }));
  const byFirstStem = new Map<number, { topic: number; phrase: number }[]>();
  compiled.forEach(({ phrases }, topic) =>
    phrases.forEach((p, phrase) => {
      if (!byFirstStem.has(p.stems[0])) byFirstStem.set(p.stems[0], []);
      byFirstStem.get(p.stems[0])!.push({ topic, phrase });
    }),
  );
  const secondary = new Map(topics.filter((t) => t.secondary !== undefined).map((t) => [t.slug, t.secondary!]));
  const broader = new Map(topics.filter((t) => t.broader !== undefined).map((t) => [t.slug, bySlug.get(t.broader!)!]));
  const mlTerms = new Map<number, { text: string; words: number[] }[]>();
  // Words, not stems: "classifier" stems as "classify" does, "convolutional" as "convolution", "transformer" as "transformed".
  for (const text of ML_VOCABULARY.flatMap((term) => (term.endsWith("s") ? [term] : [term, `${term}s`]))) {
    const words = vocabulary.tokenize(text);
    mlTerms.set(words[0], [...(mlTerms.get(words[0]) ?? []), { text, words }]);
  }
  const fields = topics.filter((t) => t.field);
  const withProfiles = profiles && compileProfiles(profiles.file, new Set(topics.filter((t) => !t.fallback && !t.field).map((t) => t.slug)), profiles.path);
  return { topics, fallback: fallbacks[0], compiled, byFirstStem, secondary, broader, fields, mlTerms, ...(withProfiles ? { profiles: withProfiles } : {}) };
}

/** "reward model", "reward models" and "reward modeling" stem alike: count them once, at the highest weight. */
function dedupePhrases(phrases: CompiledPhrase[]): CompiledPhrase[] {
  const byStems = new Map<string, CompiledPhrase>();
  for (const p of phrases) {
    const key = p.stems.join(" ");
    if ((byStems.get(key)?.weight ?? -Infinity) < p.weight) byStems.set(key, p);
  }
  return [...byStems.values()];
}

/** How often each phrase found in the words ids[from..to) occurs there, by phrase key (topic × 65536 + phrase); phrases not found are absent. */
function countPhrases(ids: Uint32Array, from: number, to: number, taxonomy: Taxonomy): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = from; i < to; i++) {
    for (const { topic, phrase } of taxonomy.byFirstStem.get(vocabulary.stemOf(ids[i])) ?? []) {
      const wanted = taxonomy.compiled[topic].phrases[phrase].stems;
      if (i + wanted.length <= to && wanted.every((s, j) => vocabulary.stemOf(ids[i + j]) === s)) {
        const key = topic * PHRASES_PER_TOPIC + phrase;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  return counts;
}

/**
 * Multi-label topic assignment: each phrase found adds its weight, sublinear in how often
 * the abstract uses it, with a bonus for the title; a topic's arXiv categories add theirs. Where
 * profiles were learned, a topic whose papers the paper reads nothing like is set aside. Topics close to the best score are
 * kept too; then the topic whose learned profile the paper clearly resembles, if its phrases missed
 * it, and each topic's broader topic. A paper nothing claims goes to the fallback topic. A paper whose primary
 * category is outside ML (a field topic's) gets an ML topic only if it uses ML's own words; else, or if
 * no ML topic claims it, it goes to its field.
 */
export function assignTopics(title: string, abstract: string, taxonomy: Taxonomy, categories: string[] = []): TopicAssignment {
  return topicsOf(paperTokens(title, abstract), taxonomy, categories);
}

/** `assignTopics` for a paper already tokenised. */
export function topicsOf({ ids, titleLength }: PaperTokens, taxonomy: Taxonomy, categories: string[] = []): TopicAssignment {
  const field = fieldOf(categories, taxonomy);
  const usesMlWords = mlTermsOf({ ids, titleLength }, taxonomy).length > 0;
  // A phrase names what a word means in ML; from another field, without a word only ML uses, it means that field's thing (a physicist's "diffusion").
  if (field && !usesMlWords) return filedUnder(field, categories);
  const secondaryShare = taxonomy.secondary;
  const titleCounts = countPhrases(ids, 0, titleLength, taxonomy);
  const abstractCounts = countPhrases(ids, titleLength, ids.length, taxonomy);
  // The phrases found, each topic's in the taxonomy's order: a paper finds a few dozen of its hundreds.
  const hitsByTopic = new Map<number, { text: string; score: number }[]>();
  for (const key of [...new Set([...titleCounts.keys(), ...abstractCounts.keys()])].sort((a, b) => a - b)) {
    const t = Math.floor(key / PHRASES_PER_TOPIC);
    const p = taxonomy.compiled[t].phrases[key % PHRASES_PER_TOPIC];
    const inTitle = titleCounts.get(key) ?? 0;
    const inAbstract = abstractCounts.get(key) ?? 0;
    const score = p.weight * ((inTitle > 0 ? TITLE_BONUS : 0) + (inAbstract > 0 ? 1 + Math.log(inAbstract) : 0));
    if (score <= 0) continue;
    if (!hitsByTopic.has(t)) hitsByTopic.set(t, []);
    hitsByTopic.get(t)!.push({ text: p.text, score });
  }
  // Every topic with what the paper says for it, however little: a profile's or a broader topic's reasons come from here too.
  const evidence = taxonomy.compiled.map(({ topic }, t) => {
    const hits = hitsByTopic.get(t) ?? [];
    categories.forEach((category, i) => {
      if (topic.categories?.some((pattern) => categoryMatches(pattern, category))) {
        hits.push({ text: `arXiv ${category}`, score: i === 0 ? PRIMARY_CATEGORY_SCORE : OTHER_CATEGORY_SCORE });
      }
    });
    hits.sort((a, b) => b.score - a.score);
    return { slug: topic.slug, score: hits.reduce((s, h) => s + h.score, 0), terms: hits.map((h) => h.text) };
  });
  const termsOf = (slug: string) => evidence.find((t) => t.slug === slug)!.terms;
  const scored = evidence.filter((t, i) => t.score >= MIN_SCORE && (usesMlWords || !taxonomy.compiled[i].topic.needsMlWords)).sort((a, b) => b.score - a.score);

  const { profiles } = taxonomy;
  const resemblance = profiles && resemble({ ids, titleLength }, profiles);
  // Phrase topics the paper's words bear out, unless none are: then the phrases are all there is.
  const agreed = resemblance ? scored.filter((t) => agrees(resemblance, t.slug, profiles)) : scored;
  const candidates = agreed.length ? agreed : scored;
  const own: { slug: string; terms: string[] }[] = candidates
    .filter((t, i) => i === 0 || t.score >= (secondaryShare.get(t.slug) ?? RELATIVE_SCORE) * candidates[0].score)
    .slice(0, MAX_TOPICS);
  // The topic the paper reads like, where its phrases left room and missed it.
  const resembled = resemblance && own.length < MAX_TOPICS ? clearTopic({ ids, titleLength }, resemblance, profiles) : undefined;
  const mayResemble = resembled && (usesMlWords || !taxonomy.compiled.find((c) => c.topic.slug === resembled.slug)?.topic.needsMlWords);
  if (resembled && mayResemble && !own.some((t) => t.slug === resembled.slug)) {
    // Explained by its phrases the paper uses, too few to place it alone, else by the words that made the resemblance.
    const phrases = termsOf(resembled.slug);
    own.push({ slug: resembled.slug, terms: phrases.length ? phrases : resembled.terms });
  }
  if (own.length === 0) return field ? filedUnder(field, categories) : { topics: [taxonomy.fallback.slug], terms: {} };
  const kept = withBroader(own, termsOf, taxonomy);
  return {
    topics: kept.map((t) => t.slug),
    terms: Object.fromEntries(kept.map((t) => [t.slug, t.terms])),
  };
}

/** The field topic whose archives hold a paper's primary category, unless the category is one of ML's. */
export function fieldOf(categories: string[], taxonomy: Taxonomy): Topic | undefined {
  const [primary] = categories;
  if (primary === undefined) return undefined;
  return taxonomy.fields.find((f) => f.categories!.some((p) => categoryMatches(p, primary)) && !f.mlCategories?.some((p) => categoryMatches(p, primary)));
}

/** The terms of `ML_VOCABULARY` a paper uses, each once, in the order it first uses them. */
export function mlTermsOf({ ids }: PaperTokens, taxonomy: Taxonomy): string[] {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i++) {
    for (const term of taxonomy.mlTerms.get(ids[i]) ?? []) {
      if (i + term.words.length <= ids.length && term.words.every((w, j) => ids[i + j] === w)) found.add(term.text);
    }
  }
  return [...found];
}

/** A paper filed under its field, placed there by its primary category. */
function filedUnder(field: Topic, categories: string[]): TopicAssignment {
  return { topics: [field.slug], terms: { [field.slug]: [`arXiv ${categories[0]}`] } };
}

/**
 * Each topic followed by its broader topic where the paper lacks it, placed by its child: the
 * child's name, after any phrases of its own the paper uses. Broader topics come on top of
 * `MAX_TOPICS`: they are implied, not a paper's own.
 */
function withBroader(kept: { slug: string; terms: string[] }[], termsOf: (slug: string) => string[], taxonomy: Taxonomy): { slug: string; terms: string[] }[] {
  const out: { slug: string; terms: string[] }[] = [];
  for (const t of kept) {
    if (out.some((o) => o.slug === t.slug)) continue;
    out.push(t);
    const broader = taxonomy.broader.get(t.slug);
    if (!broader || kept.some((k) => k.slug === broader.slug)) continue;
    const child = taxonomy.topics.find((topic) => topic.slug === t.slug)!;
    out.push({ slug: broader.slug, terms: [...termsOf(broader.slug), child.name] });
  }
  return out;
}

/** A topic's display name by slug; an unknown slug (a curator's typo) shows as itself. */
export function topicNamer(topics: Topic[]): (slug: string) => string {
  const names = new Map(topics.map((t) => [t.slug, t.name]));
  return (slug) => names.get(slug) ?? slug;
}
