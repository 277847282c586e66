/**
 * npm run send -- [--issue YYYY-MM-DD] --subscribers <file> [--dry-run] [--rate N] [--pool N] [--resend-in-doubt]
 *                 [--log FILE] [--timeout SECONDS] [--retries N] [--backoff SECONDS] [--content DIR] [--json]
 * Sends each subscriber their own issue (default the newest) over SMTP_URL, once: docs/newsletter.md.
 * Exit 0: everyone sent, skipped or refused for good; 1: some left to retry (run again); 2: stopped or could not start;
 * 3: nothing left to retry but some in doubt.
 */
import { parseArgs } from "node:util";
import { InputError } from "../src/platform/input-error.ts";
import { Progress, reportLines } from "../src/delivery/progress.ts";
import { DEFAULTS, exitCode, send, type SendReport } from "../src/delivery/send.ts";

const USAGE = "usage: npm run send -- [--issue YYYY-MM-DD] --subscribers <file> [--dry-run] [--rate N] [--pool N] [--resend-in-doubt]";

function number(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!value.trim() || !Number.isFinite(parsed) || parsed < 0)
    throw new InputError("command line", 1, `--${name} must be a number from 0, not ${JSON.stringify(value)}`);
  return parsed;
}

let code: number;
try {
  const { values } = parseArgs({
    options: {
      issue: { type: "string" },
      subscribers: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      rate: { type: "string" },
      pool: { type: "string" },
      "resend-in-doubt": { type: "boolean", default: false },
      log: { type: "string" },
      timeout: { type: "string" },
      retries: { type: "string" },
      backoff: { type: "string" },
      content: { type: "string", default: "content" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(
      `${USAGE}\n  [--log FILE] [--timeout SECONDS] [--retries N] [--backoff SECONDS] [--content DIR] [--json]\nSMTP_URL=smtp://user:pass@host:587 in the environment; see docs/newsletter.md`,
    );
    process.exit(0);
  }
  if (!values.subscribers) throw new Error(`--subscribers <file> is required\n${USAGE}`);
  if (values.issue !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.issue))
    throw new Error(`--issue must be a date written YYYY-MM-DD, not ${values.issue}`);
  const progress = new Progress(process.stdout);
  const report: SendReport = await send({
    contentDir: values.content!,
    issue: values.issue,
    subscribersFile: values.subscribers,
    logPath: values.log,
    dryRun: values["dry-run"],
    resendInDoubt: values["resend-in-doubt"],
    rate: number("rate", values.rate, DEFAULTS.rate),
    pool: number("pool", values.pool, DEFAULTS.pool),
    timeoutMs: number("timeout", values.timeout, DEFAULTS.timeoutMs / 1000) * 1000,
    retries: number("retries", values.retries, DEFAULTS.retries),
    backoffMs: number("backoff", values.backoff, DEFAULTS.backoffMs / 1000) * 1000,
    onEvent: progress.onEvent,
  });
  progress.finish();
  for (const line of reportLines(report)) console.log(line);
  if (values.json) console.log(JSON.stringify({ ...report, exitCode: report.dryRun ? 0 : exitCode(report) }));
  code = report.dryRun ? 0 : exitCode(report);
  if (report.stopped) console.error(`error: ${report.stopped}`);
  else if (report.gaveUp) console.error(`error: gave up: ${report.gaveUp}`);
} catch (error) {
  // One line (two for a usage slip), never a stack: these are the curator's settings or files, not a bug to debug.
  console.error(`error: ${(error as Error).message}`);
  // A slip in the code rather than in the settings: its stack says where.
  const usage = String((error as NodeJS.ErrnoException).code).startsWith("ERR_PARSE_ARGS");
  if (usage) console.error(USAGE);
  else if (error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError) console.error((error as Error).stack);
  code = 2;
}
// Exit once the report is out: the pool's sockets may still be closing.
process.exit(code);
