import { readFileSync } from "node:fs";
import { stemmer } from "stemmer";
import { words } from "./terms.ts";

/** One research area, as the curator describes it in `content/_data/taxonomy.json`. */
export interface Topic {
  slug: string;
  name: string;
  description: string;
  /** Phrases that signal the area; `phrase^2` doubles a phrase's weight. */
  phrases: string[];
  /** The topic for papers no other topic claims. */
  fallback?: boolean;
}

export interface TopicAssignment {
  topics: string[];
  /** Per assigned topic, the phrases that placed the paper there, strongest first. */
  terms: Record<string, string[]>;
}

interface CompiledPhrase {
  text: string;
  stems: string[];
  weight: number;
}

export interface Taxonomy {
  topics: Topic[];
  fallback: Topic;
  compiled: { topic: Topic; phrases: CompiledPhrase[] }[];
}

/** A paper must score this much for a topic (one strong phrase, or a single word used twice). */
const MIN_SCORE = 1.5;
/** A second or third topic must reach this share of the paper's best score. */
const RELATIVE_SCORE = 0.45;
const MAX_TOPICS = 3;
const TITLE_BONUS = 2;

export function loadTaxonomy(path: string): Taxonomy {
  return compileTaxonomy(JSON.parse(readFileSync(path, "utf8")) as Topic[]);
}

export function compileTaxonomy(topics: Topic[]): Taxonomy {
  const fallbacks = topics.filter((t) => t.fallback);
  if (fallbacks.length !== 1) throw new Error(`the taxonomy needs exactly one fallback topic, found ${fallbacks.length}`);
  const slugs = new Set<string>();
  for (const t of topics) {
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(t.slug)) throw new Error(`topic slug "${t.slug}" is not lower-case ASCII words joined by hyphens`);
    if (slugs.has(t.slug)) throw new Error(`topic slug "${t.slug}" is listed twice`);
    slugs.add(t.slug);
  }
  const compiled = topics
    .filter((t) => !t.fallback)
    .map((topic) => ({
      topic,
      phrases: dedupePhrases(
        topic.phrases.map((entry) => {
          const [text, weight] = entry.split("^");
          const stems = phraseStems(text);
          if (stems.length === 0) throw new Error(`topic "${topic.slug}": phrase "${entry}" has no words`);
          // Longer phrases are more specific, so each matched word counts for a little more.
          return { text: text.trim(), stems, weight: Number(weight ?? 1) * (1 + 0.5 * (stems.length - 1)) };
        }),
      ),
    }));
  return { topics, fallback: fallbacks[0], compiled };
}

/**
 * Every word stemmed, stop words kept: phrases match word for word, so "q-learning"
 * needs its "q" and "model-based" its "based".
 */
function phraseStems(text: string): string[] {
  return words(text).map((w) => stemmer(w));
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

function countPhrase(stems: string[], phrase: string[]): number {
  let count = 0;
  outer: for (let i = 0; i + phrase.length <= stems.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (stems[i + j] !== phrase[j]) continue outer;
    count++;
  }
  return count;
}

/**
 * Multi-label topic assignment: each phrase found adds its weight, sublinear in how often
 * the abstract uses it, with a bonus for the title. Topics close to the best score are
 * kept too; a paper nothing claims goes to the fallback topic.
 */
export function assignTopics(title: string, abstract: string, taxonomy: Taxonomy): TopicAssignment {
  const titleStems = phraseStems(title);
  const abstractStems = phraseStems(abstract);
  const scored = taxonomy.compiled
    .map(({ topic, phrases }) => {
      const hits = phrases
        .map((p) => {
          const inTitle = countPhrase(titleStems, p.stems);
          const inAbstract = countPhrase(abstractStems, p.stems);
          const score = p.weight * ((inTitle > 0 ? TITLE_BONUS : 0) + (inAbstract > 0 ? 1 + Math.log(inAbstract) : 0));
          return { text: p.text, score };
        })
        .filter((h) => h.score > 0)
        .sort((a, b) => b.score - a.score);
      return { slug: topic.slug, score: hits.reduce((s, h) => s + h.score, 0), terms: hits.map((h) => h.text) };
    })
    .filter((t) => t.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score);

  if (scored.length === 0) return { topics: [taxonomy.fallback.slug], terms: {} };
  const kept = scored.filter((t) => t.score >= RELATIVE_SCORE * scored[0].score).slice(0, MAX_TOPICS);
  return {
    topics: kept.map((t) => t.slug),
    terms: Object.fromEntries(kept.map((t) => [t.slug, t.terms])),
  };
}
