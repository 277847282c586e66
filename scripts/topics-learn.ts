/**
 * npm run topics:learn -- [--content DIR] [--examples FILE]… [--check]
 * Learns each topic's profile (src/analysis/profiles.ts) from papers labelled with their topics —
 * by default the tuning set and the development set in test/fixtures/, never the held-out set —
 * and writes DIR/topic-profiles.json, which the ingest then reads with the taxonomy. With
 * --check, writes nothing and fails if the file is not what the examples give.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { parseArgs } from "node:util";
import writeFileAtomic from "write-file-atomic";
import { labelledPapersOf, readCheckSetFile } from "../src/ingest/quality.ts";
import { learnProfiles } from "../src/analysis/profiles.ts";
import { readTopics, topicProfilesPath } from "../src/analysis/topics.ts";

const DEFAULT_EXAMPLES = ["test/fixtures/topic-check-set.json", "test/fixtures/topics-dev.json"];

const { values } = parseArgs({
  options: { content: { type: "string", default: "content" }, examples: { type: "string", multiple: true }, check: { type: "boolean", default: false } },
});
const files = values.examples ?? DEFAULT_EXAMPLES;
const sets = files.map((file) => ({ file, papers: labelledPapersOf(readCheckSetFile(file), file) }));
// The taxonomy as written, not with its profiles: those are what is being replaced.
const known = new Set(
  readTopics(values.content!)
    .filter((t) => !t.fallback)
    .map((t) => t.slug),
);
for (const { file, papers } of sets) {
  const unknown = [...new Set(papers.map((p) => p.topic).filter((t) => !known.has(t)))];
  if (unknown.length) throw new Error(`${file}: labels topics the taxonomy does not have: ${unknown.join(", ")}`);
}
const profiles = learnProfiles(
  sets.flatMap((s) => s.papers),
  Object.fromEntries(sets.map((s) => [relative(process.cwd(), s.file), s.papers.length])),
);
const text = `${JSON.stringify(profiles, null, 1)}\n`;
const path = topicProfilesPath(values.content!);
if (values.check) {
  let current = "";
  try {
    current = readFileSync(path, "utf8");
  } catch {
    // No file yet: it differs from what the check sets give.
  }
  if (current !== text) {
    console.error(`${path} is not what ${files.join(" and ")} give: run \`npm run topics:learn\``);
    process.exit(1);
  }
  console.log(`${path} is up to date`);
} else {
  writeFileAtomic.sync(path, text);
  console.log(`${path}: profiles of ${Object.keys(profiles.topics).length} topics from ${sets.reduce((n, s) => n + s.papers.length, 0)} labelled papers`);
}
