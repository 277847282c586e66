/**
 * npm run newsletter -- [--issue YYYY-MM-DD] [--topics a,b] [--out DIR] [--content DIR]
 * Exports one issue as email.html, email.txt, email.md and email.eml (default: the newest issue,
 * all topics, into newsletter-out/<date>/).
 */
import { parseArgs } from "node:util";
import { exportNewsletter } from "../src/newsletter/export.ts";

const { values } = parseArgs({
  options: {
    issue: { type: "string" },
    topics: { type: "string" },
    out: { type: "string" },
    content: { type: "string", default: "content" },
  },
});

try {
  const topics = values.topics
    ?.split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  const result = await exportNewsletter({ contentDir: values.content!, issue: values.issue, topics, outDir: values.out });
  const { newsletter } = result;
  console.log(`${newsletter.subject}`);
  console.log(
    `${newsletter.shown} of ${newsletter.total} papers in the email${newsletter.more.count ? `, ${newsletter.more.count} more linked on the site` : ""}`,
  );
  for (const file of result.files) console.log(`wrote ${file}`);
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exitCode = 1;
}
