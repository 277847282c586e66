/**
 * npm run fetch -- --source hf [--date YYYY-MM-DD]
 * npm run fetch -- --source arxiv --category cs.LG
 * npm run fetch -- --source arxiv --query "cat:cs.LG AND ti:diffusion" [--max 200]
 * Downloads a listing into content/digests/ (src/sources/fetch.ts). --base-url points at another server.
 */
import { parseArgs } from "node:util";
import { FetchError, fetchListing, type FetchSource } from "../src/sources/fetch.ts";

const { values } = parseArgs({
  options: {
    source: { type: "string" },
    date: { type: "string" },
    category: { type: "string" },
    query: { type: "string" },
    max: { type: "string" },
    "base-url": { type: "string" },
    "pause-ms": { type: "string" },
    content: { type: "string", default: "content" },
  },
});

try {
  if (values.source !== "hf" && values.source !== "arxiv")
    throw new FetchError(`--source must be hf or arxiv${values.source ? `, not "${values.source}"` : ""}`);
  const result = await fetchListing({
    source: values.source as FetchSource,
    contentDir: values.content!,
    date: values.date,
    category: values.category,
    query: values.query,
    max: values.max === undefined ? undefined : Number(values.max),
    baseUrl: values["base-url"],
    pauseMs: values["pause-ms"] === undefined ? undefined : Number(values["pause-ms"]),
    log: (line) => console.error(line),
  });
  if (result.empty) console.log("The listing is empty (arXiv announces nothing at weekends): nothing written.");
  else console.log(`${result.papers} papers → ${result.files.join(", ")}`);
} catch (error) {
  if (!(error instanceof FetchError)) throw error;
  console.error(`error: ${error.message}`);
  process.exitCode = 1;
}
