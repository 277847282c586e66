import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { clearTopic, compileProfiles, learnProfiles, resemble, type CompiledProfiles, type LabelledPaper } from "../../src/analysis/profiles.ts";
import { labelledPapersOf } from "../../src/ingest/quality.ts";
import { paperTokens } from "../../src/analysis/terms.ts";
import { assignTopics, compileTaxonomy, loadTaxonomy, readTopics, topicProfilesPath, type Topic } from "../../src/analysis/topics.ts";
import { ROOT } from "../helpers.ts";

const fixture = (name: string) => join(ROOT, "test", "fixtures", name);
const read = (path: string) => JSON.parse(readFileSync(path, "utf8")) as unknown;

const labelled: LabelledPaper[] = [
  { topic: "vision", title: "Detecting objects", abstract: "Bounding boxes around objects in images, detected by a convolutional detector on COCO images." },
  { topic: "vision", title: "Segmenting images", abstract: "Every pixel of the images gets a class; masks of objects in COCO and Cityscapes images." },
  { topic: "speech", title: "Recognising speech", abstract: "Audio of spoken utterances transcribed into words; the word error rate on LibriSpeech audio." },
  { topic: "speech", title: "Synthesising voices", abstract: "A vocoder turns spectrograms into audio waveforms of a speaker's voice, spoken naturally." },
];
const topic = (slug: string, phrases: string[] = []): Topic => ({ slug, name: `The ${slug}`, description: "", phrases });
const clearTopicOf = (title: string, abstract: string, profiles: CompiledProfiles) => {
  const tokens = paperTokens(title, abstract);
  return clearTopic(tokens, resemble(tokens, profiles), profiles);
};
const topics = [
  topic("vision", ["computer vision"]),
  topic("speech", ["speech recognition"]),
  topic("graphs", ["graph neural network"]),
  { ...topic("other"), fallback: true },
];

describe("topic profiles", () => {
  it("are what `npm run topics:learn` learns from the tuning and development sets, byte for byte", () => {
    const files = ["topic-check-set.json", "topics-dev.json"];
    const papers = files.flatMap((f) => labelledPapersOf(read(fixture(f)), f));
    const learnedFrom = Object.fromEntries(files.map((f) => [`test/fixtures/${f}`, labelledPapersOf(read(fixture(f)), f).length]));
    expect(`${JSON.stringify(learnProfiles(papers, learnedFrom), null, 1)}\n`).toBe(readFileSync(topicProfilesPath(join(ROOT, "content")), "utf8"));
  });

  it.each(["topics-held-out.json", "topics-held-out-2.json"])("are never learned from the held-out set %s", (file) => {
    expect(() => labelledPapersOf(read(fixture(file)), file)).toThrow(
      new RegExp(`${file.replace(".", "\\.")}: areas name no topic to learn .*never learned from`),
    );
  });

  it("keep each topic's heaviest stems at unit length, with the idf of every stem they keep", () => {
    const file = learnProfiles(labelled, { test: 4 });
    expect(Object.keys(file.topics)).toEqual(["speech", "vision"]);
    for (const weights of Object.values(file.topics)) {
      expect(Math.hypot(...Object.values(weights))).toBeCloseTo(1, 3);
      for (const stem of Object.keys(weights)) expect(file.idf[stem]).toBeGreaterThan(0);
    }
    expect(file.topics.vision.imag).toBeGreaterThan(0);
    expect(file.topics.speech.imag).toBeUndefined();
  });

  it("name the topic a paper clearly resembles, with the paper's own words that weigh most", () => {
    const profiles = compileProfiles(learnProfiles(labelled, {}), new Set(["vision", "speech"]), "profiles.json");
    const found = clearTopicOf("Finding cars", "We draw bounding boxes around cars in street images and count the objects.", profiles);
    expect(found?.slug).toBe("vision");
    expect(found?.terms).toContain("images");
    // Nothing like either topic, or like both at once: no topic.
    expect(clearTopicOf("On baking bread", "We bake bread in a wood oven and taste it.", profiles)).toBeUndefined();
    expect(clearTopicOf("Masks and utterances", "Pixel masks and spoken utterances.", profiles)).toBeUndefined();
  });

  it("add the resembled topic where the phrases missed it and left room, after the phrases' own", () => {
    const taxonomy = compileTaxonomy(topics, { file: learnProfiles(labelled, {}), path: "profiles.json" });
    const plain = compileTaxonomy(topics);
    const text = ["Finding cars", "We draw bounding boxes around cars in street images and count the objects."] as const;
    expect(assignTopics(...text, plain).topics).toEqual(["other"]);
    expect(assignTopics(...text, taxonomy)).toEqual({ topics: ["vision"], terms: { vision: expect.arrayContaining(["images"]) } });
    expect(
      assignTopics("Graph neural networks on images", "A graph neural network draws bounding boxes around objects in COCO images.", taxonomy).topics,
    ).toEqual(["graphs", "vision"]);
    // Three topics of its own leave no room.
    const full = compileTaxonomy([...topics.slice(0, 3), topic("code", ["source code"]), topics[3]], {
      file: learnProfiles(labelled, {}),
      path: "profiles.json",
    });
    const busy = [
      "Graph neural networks, speech recognition and source code",
      "A graph neural network for speech recognition in source code, with bounding boxes around objects in COCO images.",
    ] as const;
    expect(assignTopics(...busy, full).topics.sort()).toEqual(["code", "graphs", "speech"]);
    expect(assignTopics("On Baking Bread", "We bake bread in a wood oven and taste it.", taxonomy).topics).toEqual(["other"]);
  });

  it("drop a topic the phrases name when the paper reads nothing like its papers, even the phrases' best", () => {
    const taxonomy = compileTaxonomy(topics, { file: learnProfiles(labelled, {}), path: "profiles.json" });
    const plain = compileTaxonomy(topics);
    // "speech recognition" in the title outweighs "computer vision" in the abstract; every other word is vision's.
    const stray = [
      "Detection, as in speech recognition",
      "A computer vision detector draws bounding boxes around objects in COCO images, and masks every pixel of the objects in the images.",
    ] as const;
    expect(assignTopics(...stray, plain).topics).toEqual(["speech", "vision"]);
    expect(assignTopics(...stray, taxonomy).topics).toEqual(["vision"]);
    // A paper in both fields keeps both.
    const both = [
      "Speech recognition for computer vision",
      "Audio of spoken utterances transcribed into words, and bounding boxes around objects in images.",
    ] as const;
    expect(assignTopics(...both, taxonomy).topics.sort()).toEqual(["speech", "vision"]);
    // A topic no profile speaks for is never doubted; nor are the phrases when none of their topics is borne out.
    expect(
      assignTopics("Graph neural networks for detection", "A graph neural network draws bounding boxes around objects in COCO images.", taxonomy).topics,
    ).toEqual(["graphs", "vision"]);
    expect(
      assignTopics("Speech recognition", "Bounding boxes around objects in COCO images, and masks of every pixel of the objects.", taxonomy).topics,
    ).toEqual(["speech", "vision"]);
  });

  it("must be relearned when the taxonomy loses a topic they profile, and the error names the file", () => {
    const file = learnProfiles(labelled, {});
    expect(() => compileTaxonomy([topic("vision"), { ...topic("other"), fallback: true }], { file, path: "content/topic-profiles.json" })).toThrow(
      /content\/topic-profiles\.json: profiles of topics the taxonomy does not have \(speech\); run `npm run topics:learn`/,
    );
  });

  it("cover every topic of the bundled taxonomy that papers are labelled with (field topics go by category), and load with it", () => {
    const taxonomy = loadTaxonomy(join(ROOT, "content"));
    expect(taxonomy.profiles?.slugs.length).toBe(readTopics(join(ROOT, "content")).filter((t) => !t.fallback && !t.field).length);
  });
});
