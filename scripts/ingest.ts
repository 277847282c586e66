/**
 * npm run ingest -- [--date YYYY-MM-DD] [--content DIR] [--force] [digest files…]
 * Reads every digest in content/digests/ (plus any files given, dated by --date if their names
 * carry no date) and writes one Markdown page per paper into content/papers/, and the related
 * papers and keywords into content/derived.json. Skipped when nothing it reads changed
 * since the last run, unless --force.
 */
import { parseArgs } from "node:util";
import { ingest } from "../src/ingest/ingest.ts";
import { InputError } from "../src/platform/input-error.ts";
import { LockHeldError } from "../src/platform/process-lock.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    date: { type: "string" },
    content: { type: "string", default: "content" },
    quiet: { type: "boolean", default: false },
    force: { type: "boolean", default: false },
  },
});

try {
  const result = ingest({
    contentDir: values.content!,
    files: positionals.length ? positionals : undefined,
    date: values.date,
    force: values.force,
    log: values.quiet ? undefined : (line) => console.log(line),
    progress: (line) => console.error(line),
  });
  if (result.errors.length) {
    for (const e of result.errors) console.error(`error: ${e}`);
    process.exitCode = 1;
  }
} catch (error) {
  if (!(error instanceof InputError || error instanceof LockHeldError)) throw error;
  console.error(`error: ${error.message}`);
  process.exitCode = 1;
}
