import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { readSendLog, fates } from "../../src/delivery/send-log.ts";
import { exitCode, send, type SendEvent, type SendOptions } from "../../src/delivery/send.ts";
import { tempDir } from "../helpers.ts";
import { ISSUE, sampleContent, writeSubscribers, type Row } from "./fixture.ts";
import { TestSmtpServer, type Faults } from "./smtp-server.ts";

/** Twelve subscribers, each with a topic the issue has, so every one gets a (small) email. */
const ROWS: Row[] = Array.from({ length: 12 }, (_, i) => ({
  email: `r${i}@example.org`,
  name: `R ${i}`,
  topics: [["reward-modeling", "alignment-oversight", "evaluation-benchmarks"][i % 3]],
}));
const EMAILS = ROWS.map((r) => r.email);

describe("faults the SMTP server injects", () => {
  let content: string;
  let subscribers: string;
  let server: TestSmtpServer | undefined;

  beforeAll(() => {
    content = sampleContent();
    subscribers = writeSubscribers(ROWS);
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** A server with these faults, and a send to it with short timeouts and backoff; each send appends to one log. */
  async function setUp(faults: Faults) {
    server = new TestSmtpServer(faults);
    await server.start();
    const log = join(tempDir("faults-"), "send-log.jsonl");
    const events: SendEvent[] = [];
    const run = (options: Partial<SendOptions> = {}) =>
      send({
        contentDir: content,
        issue: ISSUE,
        subscribersFile: subscribers,
        logPath: log,
        pool: 3,
        timeoutMs: 400,
        backoffMs: 20,
        env: { SMTP_URL: server!.url() },
        onEvent: (e) => events.push(e),
        ...options,
      });
    return { server, log, events, run };
  }

  const everyoneOnce = (s: TestSmtpServer) => expect(EMAILS.map((e) => s.receivedBy(e))).toEqual(EMAILS.map(() => 1));

  it("retries after 421 at connect, and sends to everyone once", async () => {
    const { server, run, events } = await setUp({ greeting: (n) => (n <= 2 ? 421 : undefined) });
    const report = await run();
    expect(report).toMatchObject({ sent: 12, sentThisRun: 12, skipped: 0, inDoubt: 0, refused: {}, leftToRetry: {} });
    expect(exitCode(report)).toBe(0);
    expect(events.filter((e) => e.type === "retry").map((e) => e.type === "retry" && e.code)).toContain("421");
    everyoneOnce(server);
  });

  it("retries recipients refused with 451 the first time, and only them", async () => {
    const deferred = new Set(["r1@example.org", "r5@example.org", "r9@example.org"]);
    const { server, run } = await setUp({ rcpt: (to, n) => (deferred.has(to) && n === 1 ? 451 : undefined) });
    const report = await run();
    expect(report).toMatchObject({ sent: 12, sentThisRun: 12, refused: {}, leftToRetry: {} });
    expect(exitCode(report)).toBe(0);
    for (const email of EMAILS) expect(server.rcptTries.get(email), email).toBe(deferred.has(email) ? 2 : 1);
    everyoneOnce(server);
  });

  it("records a 550 for its address, sends to the rest, and does not try that address again on the next run", async () => {
    const { server, run, log } = await setUp({ rcpt: (to) => (to === "r4@example.org" ? 550 : undefined) });
    const report = await run();
    expect(report).toMatchObject({ sent: 11, sentThisRun: 11, refused: { "550": 1 }, leftToRetry: {} });
    expect(exitCode(report)).toBe(0);
    expect(server.rcptTries.get("r4@example.org")).toBe(1);
    expect(fates(readSendLog(log, ISSUE).records).get("r4@example.org")).toMatchObject({ fate: "refused", last: { code: "550" } });
    const again = await run();
    expect(again).toMatchObject({ sent: 11, sentThisRun: 0, refused: { "550": 1 }, leftToRetry: {} });
    expect(exitCode(again)).toBe(0);
    expect(server.rcptTries.get("r4@example.org")).toBe(1);
    expect(server.receivedBy("r4@example.org")).toBe(0);
    expect(server.received).toHaveLength(11);
  });

  it("sends again a message whose connection dropped in the middle of DATA", async () => {
    const { server, run, events } = await setUp({ dropInData: (to, n) => to === "r7@example.org" && n === 1 });
    const report = await run();
    expect(report).toMatchObject({ sent: 12, sentThisRun: 12, leftToRetry: {} });
    expect(exitCode(report)).toBe(0);
    expect(server.dataTries.get("r7@example.org")).toBe(2);
    expect(events.find((e) => e.type === "retry")).toMatchObject({ email: "r7@example.org" });
    everyoneOnce(server);
  });

  it("gives up on a server slower than the timeout, and sends again", async () => {
    const { server, run, events } = await setUp({ slowRcptMs: (to, n) => (to === "r2@example.org" && n === 1 ? 1_500 : 0) });
    const started = Date.now();
    const report = await run();
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(report).toMatchObject({ sent: 12, sentThisRun: 12, leftToRetry: {} });
    expect(exitCode(report)).toBe(0);
    expect(events.find((e) => e.type === "retry")).toMatchObject({ email: "r2@example.org", code: "ETIMEDOUT" });
    expect(server.rcptTries.get("r2@example.org")).toBe(2);
    everyoneOnce(server);
  });

  it("holds in doubt a message the server took whole but did not answer within the timeout: not sent again unless asked", async () => {
    // The server keeps r2's first copy and never replies; sending again on the timeout would deliver it twice.
    let held = 0;
    const { server, run, events } = await setUp({ onData: (to) => (to === "r2@example.org" && ++held === 1 ? "no-reply" : "reply") });
    const report = await run();
    expect(report).toMatchObject({ sent: 11, sentThisRun: 11, inDoubt: 1, refused: {}, leftToRetry: {} });
    expect(exitCode(report)).toBe(3);
    expect(events.find((e) => e.type === "in-doubt")).toMatchObject({ email: "r2@example.org", resend: false });
    expect(server.receivedBy("r2@example.org")).toBe(1);
    const again = await run();
    expect(again).toMatchObject({ sent: 11, sentThisRun: 0, inDoubt: 1, leftToRetry: {} });
    expect(server.receivedBy("r2@example.org")).toBe(1);
    const resent = await run({ resendInDoubt: true });
    expect(resent).toMatchObject({ sent: 12, sentThisRun: 1, inDoubt: 0, leftToRetry: {} });
    expect(exitCode(resent)).toBe(0);
    expect(server.receivedBy("r2@example.org")).toBe(2);
  });

  it("gives up on a server that never answers after a few rounds of timeouts, not every retry of everyone (exit 1)", async () => {
    const { server, run, events } = await setUp({ holdGreeting: () => true });
    const started = Date.now();
    const report = await run();
    // Twelve subscribers, five attempts each, three connections at a time and 400 ms each: 8 s without giving up.
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(report.gaveUp).toMatch(/^the server failed 10 attempts in a row \(the last: ETIMEDOUT /);
    expect(report).toMatchObject({ sent: 0, inDoubt: 0, refused: {} });
    expect(Object.values(report.leftToRetry).reduce((a, b) => a + b, 0)).toBe(12);
    expect(exitCode(report)).toBe(1);
    expect(server.connections).toBeLessThanOrEqual(13);
    // Everyone has a line saying they are left to retry, those never tried included.
    expect(new Set(events.flatMap((e) => (e.type === "deferred" ? [e.email] : []))).size).toBe(12);
    server.faults = {};
    const next = await run();
    expect(next).toMatchObject({ sent: 12, sentThisRun: 12, leftToRetry: {} });
    expect(exitCode(next)).toBe(0);
    everyoneOnce(server);
  });

  it("leaves a recipient the server keeps deferring for the next run (exit 1), which sends once the server takes it", async () => {
    const faults: Faults = { rcpt: (to) => (to === "r3@example.org" ? 451 : undefined) };
    const { server, run } = await setUp(faults);
    const report = await run({ retries: 2 });
    expect(report).toMatchObject({ sent: 11, refused: {}, leftToRetry: { "451": 1 } });
    expect(exitCode(report)).toBe(1);
    expect(server.rcptTries.get("r3@example.org")).toBe(3); // the first attempt and two retries
    server.faults = {};
    const next = await run();
    expect(next).toMatchObject({ sent: 12, sentThisRun: 1, leftToRetry: {} });
    expect(exitCode(next)).toBe(0);
    everyoneOnce(server);
  });

  it("stops at once when authentication fails, sending nothing (exit 2), and sends all with the right password", async () => {
    const { server, run } = await setUp({ auth: { user: "digest", pass: "right" } });
    const wrong = await run({ env: { SMTP_URL: server.url("digest:wrong") } });
    expect(wrong.stopped).toMatch(/^authentication failed: 535 Authentication credentials invalid$/);
    expect(exitCode(wrong)).toBe(2);
    expect(wrong).toMatchObject({ sent: 0, refused: {} });
    expect(Object.values(wrong.leftToRetry).reduce((a, b) => a + b, 0)).toBe(12);
    // One try per connection of the pool at most, and no message began.
    expect(server.authFailures).toBeLessThanOrEqual(3);
    expect(server.rcptTries.size).toBe(0);
    expect(server.received).toHaveLength(0);
    const right = await run({ env: { SMTP_URL: server.url("digest:right") } });
    expect(right).toMatchObject({ sent: 12, sentThisRun: 12, leftToRetry: {} });
    expect(exitCode(right)).toBe(0);
    everyoneOnce(server);
  });

  it("upgrades to TLS where the server offers STARTTLS (a self-signed certificate is taken on loopback only)", async () => {
    const { server, run } = await setUp({ startTls: true, auth: { user: "digest", pass: "right" } });
    const report = await run({ env: { SMTP_URL: server.url("digest:right") } });
    expect(report).toMatchObject({ sent: 12, sentThisRun: 12, leftToRetry: {} });
    expect(server.secure).toEqual(EMAILS.map(() => true));
    everyoneOnce(server);
  });

  it("keeps to the rate: messages a second across the pool", async () => {
    const { server, run } = await setUp({});
    const report = await run({ rate: 10 });
    expect(report.sentThisRun).toBe(12);
    const times = server.mailFromTimes;
    // Twelve starts at 10 a second span 1.1 s, whatever the pool's size (less the first connections' setup, which
    // delays the first MAIL FROM); unlimited, the pool sends them in a few hundred milliseconds.
    expect(times.at(-1)! - times[0]).toBeGreaterThanOrEqual(900);
  });
});
