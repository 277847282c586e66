import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { send, type SendReport } from "../../src/delivery/send.ts";
import { ROOT, tempDir } from "../helpers.ts";
import { ISSUE, sampleContent, writeSubscribers, type Row } from "./fixture.ts";
import { TestSmtpServer } from "./smtp-server.ts";

/**
 * `npm run send` as a curator runs it — `scripts/send.ts` in a process of its own — killed with SIGKILL at several
 * points of a send and run again: nobody gets the issue twice unless a run reported them in doubt, nobody is missed,
 * and the address the server refused for good is never tried again.
 */

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The report (--json), when the run finished. */
  report?: SendReport & { exitCode: number };
}

let child: ChildProcess | undefined;

/** Runs the command; the server's hooks may kill it (`kill()`) at a point of their choosing. */
function runSend(args: string[], env: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "send.ts"), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    let stdout = "";
    let stderr = "";
    proc.stdout!.on("data", (chunk) => (stdout += chunk));
    proc.stderr!.on("data", (chunk) => (stderr += chunk));
    proc.on("close", (code, signal) => {
      child = undefined;
      const json = stdout.split("\n").find((line) => line.startsWith("{"));
      resolve({ code, signal, stdout, stderr, report: json ? JSON.parse(json) : undefined });
    });
  });
}

function kill(): void {
  child?.kill("SIGKILL");
}

/** The addresses a run's output reported in doubt. */
function inDoubt(outcome: Outcome): string[] {
  return [...outcome.stdout.matchAll(/^in doubt\s+(\S+)/gm)].map((m) => m[1]);
}

const ROWS: Row[] = Array.from({ length: 24 }, (_, i) => ({
  email: `k${i}@example.org`,
  name: `K ${i}`,
  topics: [["reward-modeling", "alignment-oversight", "evaluation-benchmarks", "fine-tuning"][i % 4]],
}));
const REFUSED = "k5@example.org";

describe("a send killed with SIGKILL and run again", () => {
  let server: TestSmtpServer;
  let args: string[];
  let env: Record<string, string>;
  const outcomes: Outcome[] = [];
  /** The subscriber whose message the server had taken in full, unanswered, when the sender was killed. */
  let victim = "";
  /** The subscriber whose envelope the server was reading when the sender was killed. */
  let cut = "";

  beforeAll(async () => {
    const content = sampleContent();
    server = new TestSmtpServer({ rcpt: (to) => (to === REFUSED ? 550 : undefined) });
    await server.start();
    const log = join(tempDir("crash-"), "send-log.jsonl");
    args = [
      "--content",
      content,
      "--issue",
      ISSUE,
      "--subscribers",
      writeSubscribers(ROWS),
      "--log",
      log,
      "--pool",
      "2",
      "--timeout",
      "2",
      "--backoff",
      "0.02",
      "--json",
    ];
    env = { SMTP_URL: server.url() };
  }, 30_000);
  afterAll(async () => {
    kill();
    await server?.close();
  });

  it("leaves the message whose data the server had, but had not answered, in doubt, and does not send it again", async () => {
    server.faults.onData = (to, count) => {
      if (count !== 4) return "reply";
      victim = to;
      kill();
      return "no-reply";
    };
    const first = await runSend(args, env);
    outcomes.push(first);
    expect(first.signal).toBe("SIGKILL");
    expect(server.received).toHaveLength(4);
    server.faults.onData = undefined;

    // Run again, and kill it just after the server answered 250 to the tenth message.
    server.faults.afterReply = (_to, count) => count === 10 && kill();
    const second = await runSend(args, env);
    outcomes.push(second);
    server.faults.afterReply = undefined;
    expect(second.signal).toBe("SIGKILL");
    expect(inDoubt(second)).toContain(victim);
    expect(server.receivedBy(victim)).toBe(1);
  });

  it("sends again, with no doubt, a message the server had not been given whole when the sender died", async () => {
    // The server holds its reply to RCPT TO, and the sender is killed while it waits: long enough for a message
    // stream read ahead of the server's DATA reply to have ended and claimed the message was going out.
    server.faults.onRcpt = (to, n) => {
      if (n === 1 && server.received.length >= 14 && !cut) {
        cut = to;
        setTimeout(kill, 300);
      }
    };
    server.faults.slowRcptMs = (to, n) => (to === cut && n === 1 ? 5_000 : 0);
    const third = await runSend(args, env);
    outcomes.push(third);
    server.faults.onRcpt = undefined;
    server.faults.slowRcptMs = undefined;
    expect(third.signal).toBe("SIGKILL");
    expect(cut).not.toBe("");
    expect(server.receivedBy(cut)).toBe(0);
  });

  it("finishes on the next run: everyone sent once or in doubt, the refused address tried once, exit 3 while some are in doubt", async () => {
    const fourth = await runSend(args, env);
    outcomes.push(fourth);
    const doubted = new Set(outcomes.flatMap(inDoubt));
    const report = fourth.report!;
    expect(fourth.code).toBe(report.exitCode);
    expect(inDoubt(fourth)).toContain(victim);
    expect(inDoubt(fourth)).not.toContain(cut);
    expect(server.receivedBy(cut)).toBe(1);
    expect(report.exitCode).toBe(3);
    expect(report).toMatchObject({ subscribers: 24, invalid: 0, skipped: 0, refused: { "550": 1 }, leftToRetry: {} });
    expect(report.sent + report.inDoubt + 1).toBe(24);
    for (const row of ROWS) {
      const got = server.receivedBy(row.email);
      if (row.email === REFUSED) expect(got).toBe(0);
      else if (doubted.has(row.email)) expect(got, row.email).toBeLessThanOrEqual(1);
      else expect(got, row.email).toBe(1);
    }
    // Never missed: each is received, or reported in doubt by the run that left them so.
    for (const row of ROWS) if (row.email !== REFUSED) expect(server.receivedBy(row.email) > 0 || inDoubt(fourth).includes(row.email), row.email).toBe(true);
    expect(server.rcptTries.get(REFUSED)).toBe(1);
  });

  it("sends the messages in doubt with --resend-in-doubt (exit 0): only they may arrive twice", async () => {
    const doubtedBefore = new Set(outcomes.flatMap(inDoubt));
    const fifth = await runSend([...args, "--resend-in-doubt"], env);
    const report = fifth.report!;
    expect(fifth.code).toBe(0);
    expect(report).toMatchObject({ sent: 23, inDoubt: 0, refused: { "550": 1 }, leftToRetry: {} });
    for (const row of ROWS) {
      if (row.email === REFUSED) continue;
      const got = server.receivedBy(row.email);
      expect(got, row.email).toBeGreaterThanOrEqual(1);
      if (!doubtedBefore.has(row.email)) expect(got, row.email).toBe(1);
      else expect(got, row.email).toBeLessThanOrEqual(2);
    }
    expect(server.rcptTries.get(REFUSED)).toBe(1);
  });
});

describe("the command's errors", () => {
  let server: TestSmtpServer;
  let content: string;
  beforeAll(async () => {
    content = sampleContent();
    server = new TestSmtpServer({ auth: { user: "digest", pass: "right" } });
    await server.start();
  });
  afterAll(() => server?.close());

  it("stops at once with one line on a failed login, exit 2, sending nothing", async () => {
    const outcome = await runSend(
      ["--content", content, "--issue", ISSUE, "--subscribers", writeSubscribers(ROWS.slice(0, 6)), "--log", join(tempDir("crash-auth-"), "log.jsonl")],
      { SMTP_URL: server.url("digest:wrong") },
    );
    expect(outcome.code).toBe(2);
    expect(outcome.stderr.trim().split("\n")).toEqual(["error: authentication failed: 535 Authentication credentials invalid"]);
    expect(server.received).toHaveLength(0);
    expect(server.rcptTries.size).toBe(0);
  });

  it("says what is missing when SMTP_URL is not set or the subscriber file is not a subscriber list", async () => {
    const before = server.connections;
    const options = { contentDir: content, issue: ISSUE, logPath: join(tempDir("crash-settings-"), "log.jsonl") };
    await expect(send({ ...options, subscribersFile: writeSubscribers([]), env: {} })).rejects.toThrow(
      /^SMTP_URL is not set: export SMTP_URL=smtp:\/\/user:pass@smtp\.example\.org:587/,
    );
    await expect(send({ ...options, subscribersFile: writeSubscribers([]), env: { SMTP_URL: "http://example.org" } })).rejects.toThrow(
      /^SMTP_URL must start smtp:\/\/ or smtps:\/\/, not http:\/\//,
    );
    const badHeader = writeSubscribers([], "mail,name");
    await expect(send({ ...options, subscribersFile: badHeader, env: { SMTP_URL: server.url() } })).rejects.toThrow(
      `${badHeader}:1: expected the header email,name,topics,authors,keywords`,
    );
    expect(server.connections).toBe(before);
  });
});
