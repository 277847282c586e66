import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { splitSentences } from "../src/analysis/summary.ts";
import { readDigest } from "../src/sources/index.ts";
import { addDays } from "../src/trends/timeline.ts";
import { SAMPLE } from "./helpers.ts";

/**
 * A months-long archive of daily text digests for the trends: papers mixed from the sample's
 * sentences (so their topics are spread as the sample's are, week after week) with a rare word
 * each so none is taken for another. `rising` papers — a topic and a phrase the archive has
 * never seen — are added to the last week's days, for the trends to find.
 */
export interface ArchiveOptions {
  weeks: number;
  perDay: number;
  /** A Monday. */
  start?: string;
  /** Papers added to each of the last week's days. */
  risingPerDay?: number;
}

const RISING_TOPIC = "speech-audio";
const RISING_PHRASE = "streaming speech recognition";

export function generatedArchive(options: ArchiveOptions): {
  digests: Record<string, string>;
  firstDay: string;
  lastDay: string;
  rising: { topic: string; phrase: string; titles: string[] };
} {
  const sample = readDigest(SAMPLE).papers;
  // A fixed seed: every run builds the same archive.
  const rng = xoroshiro128plus(1700);
  const pick = <T>(list: T[]) => list[uniformInt(rng, 0, list.length - 1)];
  let serial = 0;
  const rare = () => `qv${(serial++).toString(36)}x${uniformInt(rng, 0, 1e6).toString(36)}`;
  const sentences = sample.flatMap((p) => splitSentences(p.abstractRaw));
  const titleWords = sample.flatMap((p) => p.titleRaw.split(/\s+/));
  const ordinary = () => ({
    title: `${Array.from({ length: 7 }, () => pick(titleWords))
      .join(" ")
      .replace(/[.!?:]$/, "")} ${rare()}`,
    abstract: `${Array.from({ length: 5 }, () => pick(sentences)).join(" ")} We call it ${rare()}.`,
  });
  const risingTitles: string[] = [];
  const speech = [
    `Streaming speech recognition must transcribe speech before the speaker finishes, so the encoder attends only to past audio frames.`,
    `On spoken conversations, ${RISING_PHRASE} lowers the word error rate of speech transcripts while keeping latency low.`,
    `We distil a large speech recognition model into a small one that runs on a phone's audio chip.`,
    `Audio from noisy rooms and overlapping speakers is where ${RISING_PHRASE} still fails, and we show why.`,
    `A chunked attention scheme lets one model serve both offline and streaming speech recognition.`,
    `Speech recognition errors on rare names fall by half when the decoder reads a contextual word list.`,
  ];
  const risingPaper = () => {
    const title = `${pick(["Low-Latency", "Chunked", "On-Device", "Contextual", "Robust", "Multilingual"])} ${RISING_PHRASE.replace(/\b\w/g, (c) => c.toUpperCase())} for ${pick(["Meetings", "Lectures", "Call Centres", "Podcasts", "Phones"])} ${rare()}`;
    risingTitles.push(title);
    const body = Array.from({ length: 3 }, () => pick(speech));
    return { title, abstract: `We present ${rare()}, a ${RISING_PHRASE} model. ${body.join(" ")} ${pick(sentences)}` };
  };

  const start = options.start ?? "2024-01-01";
  const days = options.weeks * 7;
  const digests: Record<string, string> = {};
  for (let d = 0; d < days; d++) {
    const date = addDays(start, d);
    const papers = Array.from({ length: options.perDay }, ordinary);
    if (d >= days - 7) papers.push(...Array.from({ length: options.risingPerDay ?? 0 }, risingPaper));
    const line = new Date(`${date}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
    digests[`${date}.txt`] = `${line}\n\n${papers.map((p) => `${p.title}\n\n${p.abstract}`).join("\n\n")}\n`;
  }
  return { digests, firstDay: start, lastDay: addDays(start, days - 1), rising: { topic: RISING_TOPIC, phrase: RISING_PHRASE, titles: risingTitles } };
}
