import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import { loadIssue } from "../newsletter/export.ts";
import { IssueLetters, letterhead, type Letter } from "./message.ts";
import { fates, readSendLog, SendLog, type SubscriberState } from "./send-log.ts";
import { checkSmtpUrl, classify, dkimFromEnv, Gateway, redactedUrl, type Failure } from "./smtp.ts";
import { readSubscribers, type Subscriber } from "./subscribers.ts";

/**
 * `npm run send`: each subscriber gets their own issue, once. The send log (src/delivery/send-log.ts) is read first and
 * written around every message, so a run after any crash sends only to those not yet sent; the report says what
 * became of everyone and the exit code whether running again would send more.
 */

export interface SendOptions {
  contentDir: string;
  /** YYYY-MM-DD; default the newest issue. */
  issue?: string;
  subscribersFile: string;
  /** Default `newsletter-out/<date>/send-log-<list>.jsonl` (git-ignored): see `defaultLogPath`. */
  logPath?: string;
  /** Print who would get what, and send nothing. */
  dryRun?: boolean;
  /** Send again to subscribers whose message's fate a crash left unknown. */
  resendInDoubt?: boolean;
  /** Messages a second at most; 0 for no limit. */
  rate?: number;
  /** SMTP connections at once. */
  pool?: number;
  /** Milliseconds to wait for the server before giving up on an attempt. */
  timeoutMs?: number;
  /** Attempts after the first for a temporary failure, in this run. */
  retries?: number;
  /** The first retry's delay in milliseconds; each further one doubles it (up to 30 times it), give or take a quarter. */
  backoffMs?: number;
  /** SMTP_URL, UNSUBSCRIBE_SECRET, DKIM_*. */
  env?: NodeJS.ProcessEnv;
  onEvent?: (event: SendEvent) => void;
}

export const DEFAULTS = { pool: 5, rate: 0, timeoutMs: 30_000, retries: 4, backoffMs: 1_000 };

/**
 * One log per issue, subscriber file and SMTP server (its address and user, never its password): the same command run
 * again resumes its own send, while another list, or the same list through another server, starts a log of its own
 * rather than taking everyone in this one as sent.
 */
export function defaultLogPath(issue: string, subscribersFile: string, smtpUrl: string): string {
  let server = "";
  if (URL.canParse(smtpUrl)) {
    const url = new URL(smtpUrl);
    server = `${url.protocol}//${decodeURIComponent(url.username)}@${url.host}`;
  }
  const list = createHash("sha256")
    .update(`${resolve(subscribersFile)}\0${server}`)
    .digest("hex")
    .slice(0, 12);
  return join("newsletter-out", issue, `send-log-${list}.jsonl`);
}

/**
 * Attempts in a row that the server failed as a whole (no connection, no greeting, a 421, a timeout, a dropped
 * connection), with no message taken in between, after which the send gives up on it for this run: a server that is
 * down or never answers would otherwise hold the send for every subscriber's every retry (with 200 subscribers and a
 * 30 s timeout, over an hour and a half). At least twice the pool, so one failed round of connections is not enough.
 */
export function serverFailureLimit(pool: number): number {
  return Math.max(10, 2 * pool);
}

export type SendEvent =
  | { type: "start"; issue: string; subscribers: number; toSend: number; log: string; server: string }
  | { type: "invalid"; problem: string }
  | { type: "already-sent"; email: string }
  | { type: "already-refused"; email: string; code: string }
  | { type: "in-doubt"; email: string; resend: boolean; reason?: string }
  | { type: "skipped"; email: string }
  | { type: "would-send"; email: string; papers: number; bytes: number; subject: string }
  | { type: "sent"; email: string; papers: number; bytes: number; attempt: number; response: string }
  | { type: "refused"; email: string; code: string; message: string }
  | { type: "retry"; email: string; code: string; message: string; attempt: number; delayMs: number }
  | { type: "deferred"; email: string; code: string; message: string }
  | { type: "stopped"; reason: string };

export interface SendReport {
  issue: string;
  dryRun: boolean;
  log: string;
  /** Rows of the subscriber file that are subscribers (valid). */
  subscribers: number;
  /** Rows skipped as invalid (reported by line). */
  invalid: number;
  /** Subscribers the issue has reached: this run and earlier ones. */
  sent: number;
  sentThisRun: number;
  /** Subscribers whose filter matched nothing in this issue: no email. */
  skipped: number;
  /** Subscribers a crash left in doubt, not sent again (without --resend-in-doubt). */
  inDoubt: number;
  /** Refused for good (5xx), by reply code, this run and earlier ones. */
  refused: Record<string, number>;
  /** Left for the next run, by the last failure's code ("not tried" when the send stopped first). */
  leftToRetry: Record<string, number>;
  /** In a dry run: the messages that would go out. */
  wouldSend: number;
  /** Why the send stopped before the end (authentication, …); undefined if it did not. */
  stopped?: string;
  /**
   * Why the send gave up on the server before the end (it failed this many attempts in a row, answering none): the rest
   * are left to retry. Undefined if it did not.
   */
  gaveUp?: string;
}

/**
 * 0: everyone was sent, skipped or refused for good. 1: some are left to retry (run again). 2: the send stopped, or
 * could not start (authentication, settings). 3: nothing left to retry, but some are in doubt (`--resend-in-doubt`).
 */
export function exitCode(report: SendReport): number {
  if (report.stopped) return 2;
  if (total(report.leftToRetry) > 0) return 1;
  if (report.inDoubt > 0) return 3;
  return 0;
}

export function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/** The send's settings, checked before anything is read or sent: a mistake is one line. */
export class SettingsError extends Error {}

export async function send(options: SendOptions): Promise<SendReport> {
  const env = options.env ?? process.env;
  const emit = options.onEvent ?? (() => {});
  const pool = options.pool ?? DEFAULTS.pool;
  const rate = options.rate ?? DEFAULTS.rate;
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const retries = options.retries ?? DEFAULTS.retries;
  const backoffMs = options.backoffMs ?? DEFAULTS.backoffMs;
  if (!Number.isInteger(pool) || pool < 1) throw new SettingsError(`--pool must be a whole number from 1, not ${pool}`);
  if (!(rate >= 0)) throw new SettingsError(`--rate must be a number of messages a second (0 for no limit), not ${rate}`);
  if (!(timeoutMs > 0)) throw new SettingsError(`--timeout must be above 0 seconds`);
  if (!Number.isInteger(retries) || retries < 0) throw new SettingsError(`--retries must be a whole number from 0, not ${retries}`);

  const smtpUrl = options.dryRun ? (env.SMTP_URL ?? "") : checkSmtpUrlOrSettingsError(env.SMTP_URL);
  const loaded = loadIssue(options.contentDir, options.issue);
  const issue = loaded.issue.date;
  const head = settingsError(() => letterhead(loaded.site, env.UNSUBSCRIBE_SECRET ?? ""));
  const dkim = settingsError(() => dkimFromEnv(env, head.sender.slice(head.sender.lastIndexOf("@") + 1)));
  const { subscribers, problems } = readSubscribers(options.subscribersFile, loaded.taxonomy);
  for (const problem of problems) emit({ type: "invalid", problem: problem.message });
  const letters = new IssueLetters(loaded, head);
  const logPath = options.logPath ?? defaultLogPath(issue, options.subscribersFile, smtpUrl);

  const report: SendReport = {
    issue,
    dryRun: !!options.dryRun,
    log: logPath,
    subscribers: subscribers.length,
    invalid: problems.length,
    sent: 0,
    sentThisRun: 0,
    skipped: 0,
    inDoubt: 0,
    refused: {},
    leftToRetry: {},
    wouldSend: 0,
  };
  const count = (counts: Record<string, number>, code: string) => (counts[code] = (counts[code] ?? 0) + 1);

  const log = options.dryRun ? undefined : SendLog.open(logPath, issue);
  try {
    const { records, unreadable } = readSendLog(logPath, issue);
    for (const line of unreadable)
      emit({ type: "invalid", problem: `${logPath}:${line}: an unreadable line of the send log (a write cut short by a crash); ignored` });
    const known = fates(records);
    const pending: Subscriber[] = [];
    for (const subscriber of subscribers) {
      const state: SubscriberState | undefined = known.get(subscriber.key);
      if (state?.fate === "sent") {
        report.sent++;
        emit({ type: "already-sent", email: subscriber.email });
      } else if (state?.fate === "refused") {
        count(report.refused, state.last.code ?? "5xx");
        emit({ type: "already-refused", email: subscriber.email, code: state.last.code ?? "5xx" });
      } else if (state?.fate === "in-doubt" && !options.resendInDoubt) {
        report.inDoubt++;
        emit({ type: "in-doubt", email: subscriber.email, resend: false });
      } else {
        if (state?.fate === "in-doubt") emit({ type: "in-doubt", email: subscriber.email, resend: true });
        pending.push(subscriber);
      }
    }
    emit({ type: "start", issue, subscribers: subscribers.length, toSend: pending.length, log: logPath, server: smtpUrl ? redactedUrl(smtpUrl) : "" });

    if (options.dryRun) {
      for (const subscriber of pending) {
        const letter = await letters.letterFor(subscriber, new Date());
        if (!letter) {
          report.skipped++;
          emit({ type: "skipped", email: subscriber.email });
          continue;
        }
        report.wouldSend++;
        emit({ type: "would-send", email: subscriber.email, papers: letter.papers, bytes: letter.bytes.length, subject: letter.subject });
      }
      return report;
    }

    const gateway = new Gateway({ url: smtpUrl, pool, timeoutMs, dkim });
    try {
      const resendInDoubt = !!options.resendInDoubt;
      await deliver(pending, {
        letters,
        gateway,
        log: log!,
        sender: head.sender,
        pool,
        rate,
        timeoutMs,
        retries,
        backoffMs,
        resendInDoubt,
        emit,
        report,
        count,
      });
    } finally {
      gateway.close(!!(report.stopped || report.gaveUp));
    }
    return report;
  } finally {
    log?.close();
  }
}

function checkSmtpUrlOrSettingsError(url: string | undefined): string {
  return settingsError(() => checkSmtpUrl(url));
}

function settingsError<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw new SettingsError((error as Error).message, { cause: error });
  }
}

interface Run {
  letters: IssueLetters;
  gateway: Gateway;
  log: SendLog;
  sender: string;
  pool: number;
  rate: number;
  timeoutMs: number;
  retries: number;
  backoffMs: number;
  resendInDoubt: boolean;
  emit: (event: SendEvent) => void;
  report: SendReport;
  count: (counts: Record<string, number>, code: string) => void;
}

interface Job {
  subscriber: Subscriber;
  letter?: Letter;
  /** Attempts made. */
  attempts: number;
  /** Not before this time (ms since the epoch): a retry's backoff. */
  notBefore: number;
  /** The last failure, for the report when no attempt is left. */
  failure?: Failure;
}

/**
 * As many workers as connections take the subscribers in file order; a temporary failure goes back in the queue to be
 * tried after its backoff, while the others go on. A fatal failure stops every worker from starting another message;
 * those in flight finish and are logged.
 */
async function deliver(pending: Subscriber[], run: Run): Promise<void> {
  const queue: Job[] = pending.map((subscriber) => ({ subscriber, attempts: 0, notBefore: 0 }));
  const { report, emit, log } = run;
  let active = 0;
  let nextSlot = 0;
  let changed = signal();
  /** Server-wide failures since the last message the server answered for (see serverFailureLimit). */
  let serverFailures = 0;
  const halted = () => !!(report.stopped || report.gaveUp);

  const attempt = async (job: Job): Promise<"done" | "again"> => {
    const { subscriber } = job;
    const letter = job.letter!;
    job.attempts++;
    const email = subscriber.key;
    /** Whether the whole message went to the server: from then on, only its reply tells whether it has the message. */
    let handedOver = false;
    log.append({ email, event: "sending", attempt: job.attempts, messageId: letter.messageId, bytes: letter.bytes.length });
    try {
      const { response } = await run.gateway.send(
        run.sender,
        subscriber.email,
        letter.bytes,
        () => {
          log.append({ email, event: "awaiting-reply", attempt: job.attempts });
          handedOver = true;
        },
        run.timeoutMs * 4,
      );
      log.append({ email, event: "sent", attempt: job.attempts, response: response.slice(0, 200) });
      serverFailures = 0;
      report.sent++;
      report.sentThisRun++;
      emit({ type: "sent", email: subscriber.email, papers: letter.papers, bytes: letter.bytes.length, attempt: job.attempts, response });
      return "done";
    } catch (error) {
      const failure = (job.failure = classify(error));
      const message = failure.message.slice(0, 300);
      // No reply within the timeout to a message handed over whole: the server may have taken it and be slow to say so
      // (it often is, while it scans the message). Sending it again could deliver it twice, so it is in doubt, as after
      // a crash at that point: the log's last word for it stays `awaiting-reply`. A dropped connection is still tried
      // again: it is how a drop in the middle of DATA looks too, when the message fitted the socket's buffers.
      if (handedOver && failure.kind === "temporary" && failure.code === "ETIMEDOUT" && !run.resendInDoubt) {
        report.inDoubt++;
        emit({ type: "in-doubt", email: subscriber.email, resend: false, reason: `no reply to the whole message within the timeout: ${message}` });
        return "done";
      }
      // A reply about this recipient or message is the server answering; anything else (no connection, no greeting,
      // a 421, a timeout, a dropped connection) is the server failing as a whole.
      if (failure.kind === "temporary" && (!/^[45]\d\d$/.test(failure.code) || failure.code === "421")) serverFailures++;
      else serverFailures = 0;
      if (failure.kind === "permanent") {
        log.append({ email, event: "refused", attempt: job.attempts, code: failure.code, response: message });
        run.count(report.refused, failure.code);
        emit({ type: "refused", email: subscriber.email, code: failure.code, message });
        return "done";
      }
      log.append({ email, event: "deferred", attempt: job.attempts, code: failure.code, response: message });
      if (failure.kind === "fatal" && !report.stopped) {
        report.stopped = failure.message;
        emit({ type: "stopped", reason: failure.message });
      }
      if (!halted() && serverFailures >= serverFailureLimit(run.pool)) {
        report.gaveUp = `the server failed ${serverFailures} attempts in a row (the last: ${failure.code} ${message}); the rest are left for the next run`;
        emit({ type: "stopped", reason: report.gaveUp });
      }
      if (!halted() && job.attempts <= run.retries) {
        const delayMs = Math.round(run.backoffMs * Math.min(2 ** (job.attempts - 1), 30) * (0.75 + Math.random() / 2));
        job.notBefore = Date.now() + delayMs;
        emit({ type: "retry", email: subscriber.email, code: failure.code, message, attempt: job.attempts, delayMs });
        return "again";
      }
      run.count(report.leftToRetry, failure.code);
      emit({ type: "deferred", email: subscriber.email, code: failure.code, message });
      return "done";
    }
  };

  const worker = async () => {
    for (;;) {
      if (halted()) return;
      const now = Date.now();
      const index = queue.findIndex((job) => job.notBefore <= now);
      if (index < 0) {
        if (!queue.length && !active) return;
        // Wait for a retry's time, or for another worker to finish (it may put a job back).
        const wait = queue.length ? Math.min(...queue.map((job) => job.notBefore)) - now : Infinity;
        await Promise.race([changed.promise, ...(Number.isFinite(wait) ? [sleep(wait)] : [])]);
        continue;
      }
      const [job] = queue.splice(index, 1);
      active++;
      try {
        // Built before the rate's slot is taken: the rate counts messages handed to the server, and an empty issue
        // (nothing matched) is no message at all.
        job.letter ??= await run.letters.letterFor(job.subscriber, new Date());
        if (!job.letter) {
          report.skipped++;
          emit({ type: "skipped", email: job.subscriber.email });
          continue;
        }
        if (run.rate > 0) {
          const slot = Math.max(Date.now(), nextSlot);
          nextSlot = slot + 1000 / run.rate;
          await sleep(slot - Date.now());
        }
        if (halted()) {
          queue.push(job);
          return;
        }
        if ((await attempt(job)) === "again") queue.push(job);
      } finally {
        active--;
        changed.resolve();
        changed = signal();
      }
    }
  };

  // A worker that throws (a bug, a full disk under the log) stops the others before the log is closed under them.
  const results = await Promise.allSettled(
    Array.from({ length: run.pool }, () =>
      worker().catch((error: unknown) => {
        report.stopped ??= (error as Error).message;
        throw error;
      }),
    ),
  );
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  // Whoever was not reached because the send stopped is left for the next run.
  // Each has its line in the log and on the bar, as those whose retries ran out do.
  for (const job of queue) {
    const code = job.failure?.code ?? "not tried";
    run.count(report.leftToRetry, code);
    const why = `not tried again: ${report.stopped ? "the send stopped" : "the send gave up on the server"}`;
    emit({ type: "deferred", email: job.subscriber.email, code: job.failure?.code ?? "", message: job.failure ? `${job.failure.message} (${why})` : why });
  }
}

function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
