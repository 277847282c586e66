/**
 * npm run topics:report — how the taxonomy splits the archive: topic sizes, the "Other"
 * count, per topic its papers with the phrases that placed them, and the papers the curator
 * filed elsewhere, for tuning content/_data/taxonomy.json.
 * npm run topics:report -- --check test/fixtures/topics-held-out.json [--verbose] — how topics
 * and related papers fare on a set of papers labelled by area (src/ingest/quality.ts), beside
 * plain tf-idf cosine, with the sample digest as distractors.
 * npm run topics:report -- --out-of-ml test/fixtures/real — on real listings (every digest file in
 * the folder: arXiv Atom and RSS, Hugging Face JSON), how many papers whose primary arXiv category
 * is outside ML and whose text has no ML vocabulary are kept out of ML topics (the goal: at
 * least 90%), each one that is not, and the papers from outside ML that use ML vocabulary; with
 * --labels test/fixtures/out-of-ml-labels.json, the same against hand labels made without the rule.
 */
import { readdirSync } from "node:fs";
import { extname, join } from "node:path";
import { parseArgs } from "node:util";
import { checkSetOf, evaluateOutOfMl, evaluateQuality, formatOutOfMl, formatQuality, readCheckSetFile, readOutOfMlLabels } from "../src/ingest/quality.ts";
import { assignTopics, loadTaxonomy } from "../src/analysis/topics.ts";
import { paperCount } from "../src/text/numbers.ts";
import { curatorEdits } from "../src/store/page-data.ts";
import { readStoredPages } from "../src/store/read.ts";
import { DIGEST_EXTENSIONS, readDigest } from "../src/sources/index.ts";

const { values } = parseArgs({
  options: {
    content: { type: "string", default: "content" },
    check: { type: "string" },
    "out-of-ml": { type: "string" },
    labels: { type: "string" },
    verbose: { type: "boolean", default: false },
  },
});
const contentDir = values.content!;
const taxonomy = loadTaxonomy(contentDir);

const outOfMl = values["out-of-ml"];
if (outOfMl) {
  const files = readdirSync(outOfMl)
    .filter((f) => DIGEST_EXTENSIONS.includes(extname(f).toLowerCase()))
    .sort()
    .map((f) => join(outOfMl, f));
  const labels = values.labels ? readOutOfMlLabels(values.labels) : undefined;
  for (const line of formatOutOfMl(evaluateOutOfMl(files, taxonomy, labels))) console.log(line);
} else if (values.check) {
  const set = checkSetOf(readCheckSetFile(values.check));
  const distractors = readDigest(join(contentDir, "digests", "2025-03-17.txt")).papers.map((p) => ({ title: p.titleRaw, abstract: p.abstractRaw }));
  const report = evaluateQuality(set, taxonomy, distractors);
  console.log(`${values.check}, with the ${distractors.length} papers of the sample digest as distractors for related papers`);
  for (const line of formatQuality(report)) console.log(line);
  if (values.verbose) {
    const list = (heading: string, lines: string[]) => lines.length && console.log(`\n${heading}:\n${lines.map((l) => `  ${l}`).join("\n")}`);
    list("same-area pairs sharing no topic", report.misses.apart);
    list("distant pairs sharing a field topic", report.misses.together);
    list("papers with no same-area paper in their related top 5", report.misses.unrelated);
  }
} else {
  const pages = [...readStoredPages(join(contentDir, "papers")).values()];
  const members = new Map(taxonomy.topics.map((t) => [t.slug, [] as string[]]));
  // Where the curator filed a paper elsewhere: what the taxonomy would change to agree.
  const corrections: string[] = [];
  for (const page of pages) {
    const title = String(page.data.title);
    const { topics, terms } = assignTopics(title, page.content, taxonomy, page.data.categories);
    for (const slug of topics) members.get(slug)!.push(`${title}  [${(terms[slug] ?? []).slice(0, 4).join(", ")}]`);
    const chosen = curatorEdits(page.data).topics;
    if (chosen) corrections.push(`${title}  [${topics.join(", ")} → ${chosen.join(", ")}]`);
  }

  const total = pages.length;
  console.log(`${total} papers, ${taxonomy.topics.length} topics\n`);
  for (const topic of taxonomy.topics) {
    const list = members.get(topic.slug)!;
    const share = total ? ((100 * list.length) / total).toFixed(0) : "0";
    console.log(`${topic.name} (${topic.slug}): ${list.length} papers, ${share}%${Number(share) > 40 ? "  ← over 40%" : ""}`);
    for (const line of list) console.log(`    ${line}`);
  }
  console.log(`\n"${taxonomy.fallback.name}": ${members.get(taxonomy.fallback.slug)!.length} papers`);
  if (corrections.length) {
    console.log(`\nFiled elsewhere by the curator: ${paperCount(corrections.length)} [the taxonomy's topics → the curator's]`);
    for (const line of corrections) console.log(`    ${line}`);
  }
}
