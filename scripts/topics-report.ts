/**
 * npm run topics:report — how the taxonomy splits the archive: topic sizes, the "Other"
 * count, and per topic its papers with the phrases that placed them, for tuning
 * content/_data/taxonomy.json.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { readPages } from "../src/pages/store.ts";
import { assignTopics, loadTaxonomy } from "../src/enrich/topics.ts";

const { values } = parseArgs({ options: { content: { type: "string", default: "content" } } });
const contentDir = values.content!;
const taxonomy = loadTaxonomy(contentDir);
const pages = [...readPages(join(contentDir, "papers")).values()];

const members = new Map(taxonomy.topics.map((t) => [t.slug, [] as string[]]));
for (const page of pages) {
  const title = String(page.data.title);
  const { topics, terms } = assignTopics(title, page.content, taxonomy);
  for (const slug of topics) members.get(slug)!.push(`${title}  [${(terms[slug] ?? []).slice(0, 4).join(", ")}]`);
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
