import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadTaxonomy } from "../../src/analysis/topics.ts";
import { parseCsv } from "../../src/delivery/csv.ts";
import { eventLine, reportLines } from "../../src/delivery/progress.ts";
import { fates, readSendLog, SendLog, type LogRecord } from "../../src/delivery/send-log.ts";
import { defaultLogPath, exitCode, type SendReport } from "../../src/delivery/send.ts";
import { classify } from "../../src/delivery/smtp.ts";
import { readSubscribers } from "../../src/delivery/subscribers.ts";
import { unsubscribeLinks, unsubscribeToken, verifyUnsubscribeToken } from "../../src/delivery/unsubscribe.ts";
import { ROOT, tempDir } from "../helpers.ts";

const TOPICS = loadTaxonomy(join(ROOT, "content")).topics;

function subscriberFile(text: string): string {
  const file = join(tempDir("subs-"), "subscribers.csv");
  writeFileSync(file, text);
  return file;
}

describe("the subscriber file", () => {
  it("reads quoted fields, lists and any column order, and keys addresses in lower case", () => {
    const file = subscriberFile(
      '\uFEFFname,email,keywords,topics,authors\r\n"Lee, Ann ""A.""",Ann@Example.org,reward model; RLHF ,reward-modeling;causal-inference,Jürgen Schmidhuber;Yann LeCun\r\n,bo@example.org,,,\r\n',
    );
    const { subscribers, problems } = readSubscribers(file, TOPICS);
    expect(problems).toEqual([]);
    expect(subscribers).toEqual([
      {
        line: 2,
        email: "Ann@Example.org",
        key: "ann@example.org",
        name: 'Lee, Ann "A."',
        interests: { topics: ["reward-modeling", "causal-inference"], authors: ["jurgen-schmidhuber", "yann-lecun"], keywords: ["reward model", "RLHF"] },
        authorNames: ["Jürgen Schmidhuber", "Yann LeCun"],
      },
      { line: 3, email: "bo@example.org", key: "bo@example.org", name: "", interests: { topics: [], authors: [], keywords: [] }, authorNames: [] },
    ]);
  });

  it("reports each bad row by its line, with a did-you-mean for a misspelt topic, and keeps the rest", () => {
    const file = subscriberFile(
      [
        "email,name,topics,authors,keywords",
        "ok@example.org,Ok,,,",
        "not-an-address,X,,,",
        "eve@example.org,Eve,reinforcment-learning,,",
        "fay@example.org,Fay,Causal inference,,",
        '"crlf@example.org","Bad\r\nBcc: victim@example.org",,,',
        "Ok@example.org,Again,,,",
        "gus@example.org,Gus,,,!!",
        "hal@example.org,Hal,,,,extra",
        '"quote@example.org"x,Q,,,',
        '"inj@example.org\r\nBcc: x@example.org",I,,,',
        "last@example.org,Last,,,",
      ].join("\n"),
    );
    const { subscribers, problems } = readSubscribers(file, TOPICS);
    expect(subscribers.map((s) => s.email)).toEqual(["ok@example.org", "last@example.org"]);
    expect(problems.map((p) => p.message.slice(file.length + 1))).toEqual([
      '3: email: "not-an-address" is not an email address; row skipped',
      '4: topics: "reinforcment-learning" is not a topic of the taxonomy; did you mean "reinforcement-learning"?; row skipped',
      '5: topics: "Causal inference" is not a topic of the taxonomy; did you mean "causal-inference"?; row skipped',
      "6: name: has a line break or another control character; row skipped",
      "8: email: Ok@example.org is already on line 2; row skipped",
      '9: keywords: "!!" has no letter or digit to match; row skipped',
      "10: 6 fields, but the header names 5; row skipped",
      '11: text after a closing quote: "x"; row skipped',
      '12: email: "inj@example.org\\r\\nBcc: x@example.org" is not an email address; row skipped',
    ]);
  });

  it("refuses a file that is not a subscriber list, naming the header's line", () => {
    expect(() => readSubscribers(subscriberFile("mail,name\nx@example.org,X\n"), TOPICS)).toThrow(
      /subscribers\.csv:1: expected the header email,name,topics,authors,keywords/,
    );
    expect(() => readSubscribers(subscriberFile(""), TOPICS)).toThrow(/subscribers\.csv:1: expected a header line/);
    expect(() => readSubscribers(join(tempDir("none-"), "missing.csv"), TOPICS)).toThrow(/cannot read the subscriber file/);
  });

  it("parses RFC 4180 records with their first line", () => {
    expect(parseCsv('a,b\n"x\ny",z\n\n"open')).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["x\ny", "z"] },
      { line: 5, fields: ["open"], problem: "a quote opened on line 5 is never closed" },
    ]);
  });
});

describe("the send log", () => {
  const record = (email: string, event: LogRecord["event"], code?: string): LogRecord => ({ at: "", email, event, ...(code && { code }) });

  it("tells sent, refused, in doubt and pending apart from the records in order", () => {
    const states = fates([
      record("a", "sending"),
      record("a", "awaiting-reply"),
      record("a", "sent"),
      record("b", "sending"),
      record("b", "refused", "550"),
      record("c", "sending"),
      record("c", "awaiting-reply"),
      record("d", "sending"),
      record("e", "sending"),
      record("e", "deferred", "451"),
      // A refusal stays a refusal, a delivery a delivery.
      record("b", "sending"),
      record("a", "deferred", "421"),
      // A message in doubt sent again (--resend-in-doubt) and delivered.
      record("f", "awaiting-reply"),
      record("f", "sending"),
      record("f", "awaiting-reply"),
      record("f", "sent"),
    ]);
    expect(Object.fromEntries([...states].map(([email, s]) => [email, s.fate]))).toEqual({
      a: "sent",
      b: "refused",
      c: "in-doubt",
      d: "pending",
      e: "pending",
      f: "sent",
    });
  });

  it("appends with fsync, survives a torn last line, refuses another issue's log", () => {
    const path = join(tempDir("log-"), "send-log.jsonl");
    const log = SendLog.open(path, "2025-03-17");
    log.append({ email: "a@example.org", event: "sending", attempt: 1 });
    log.close();
    appendFileSync(path, '{"email":"a@example.org","ev'); // a crash in the middle of a write
    const again = SendLog.open(path, "2025-03-17");
    again.append({ email: "a@example.org", event: "sent" });
    again.close();
    const { records, unreadable } = readSendLog(path, "2025-03-17");
    expect(records.map((r) => r.event)).toEqual(["sending", "sent"]);
    expect(unreadable).toEqual([3]);
    expect(readFileSync(path, "utf8").split("\n")[0]).toBe('{"log":"paper-digest send log","version":1,"issue":"2025-03-17"}');
    expect(() => SendLog.open(path, "2025-03-18")).toThrow(/the send log of the issue of 2025-03-17, not of 2025-03-18/);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it("is held by one process at a time; a lock left by a killed process is taken over", () => {
    const path = join(tempDir("lock-"), "send-log.jsonl");
    const log = SendLog.open(path, "2025-03-17");
    // Another process trying the same log while this one holds it.
    const other = spawnSync(
      process.execPath,
      ["--import", "tsx", "-e", `import("${join(ROOT, "src/delivery/send-log.ts")}").then(m => m.SendLog.open(${JSON.stringify(path)}, "2025-03-17"))`],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(other.status).not.toBe(0);
    expect(other.stderr).toMatch(new RegExp(`another send of this issue is running \\(process ${process.pid}\\)`));
    log.close();
    // A lock naming a process that has exited.
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: Number(dead.stdout), host: hostname() }));
    const taken = SendLog.open(path, "2025-03-17");
    taken.close();
  });
});

describe("the default send log", () => {
  it("is one per issue, subscriber file and server: the same command resumes its own send, another list or server starts afresh", () => {
    const log = defaultLogPath("2025-03-17", "subscribers.csv", "smtp://me:secret@mail.example.org:587");
    expect(log).toMatch(/^newsletter-out\/2025-03-17\/send-log-[0-9a-f]{12}\.jsonl$/);
    // The password is not part of it (a rotated password resumes the same send), nor does the log name carry it.
    expect(defaultLogPath("2025-03-17", join(process.cwd(), "subscribers.csv"), "smtp://me:changed@mail.example.org:587")).toBe(log);
    expect(log).not.toContain("secret");
    for (const other of [
      defaultLogPath("2025-03-18", "subscribers.csv", "smtp://me:secret@mail.example.org:587"),
      defaultLogPath("2025-03-17", "other-list.csv", "smtp://me:secret@mail.example.org:587"),
      defaultLogPath("2025-03-17", "subscribers.csv", "smtp://me:secret@mail.example.org:2525"),
      defaultLogPath("2025-03-17", "subscribers.csv", "smtp://you:secret@mail.example.org:587"),
      defaultLogPath("2025-03-17", "subscribers.csv", "smtps://me:secret@mail.example.org:587"),
    ])
      expect(other).not.toBe(log);
  });
});

describe("unsubscribe links", () => {
  it("carry an HMAC of the address that verifies for it alone, whatever its case", () => {
    const token = unsubscribeToken("s3cret-s3cret-s3cret", "Ann@Example.org");
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(verifyUnsubscribeToken("s3cret-s3cret-s3cret", "ann@example.org", token)).toBe(true);
    expect(verifyUnsubscribeToken("s3cret-s3cret-s3cret", "bob@example.org", token)).toBe(false);
    expect(verifyUnsubscribeToken("another-secret-here", "ann@example.org", token)).toBe(false);
    expect(verifyUnsubscribeToken("s3cret-s3cret-s3cret", "ann@example.org", `${token.slice(0, -1)}A`)).toBe(token.endsWith("A"));
  });

  it("percent-encode the address in both links", () => {
    const links = unsubscribeLinks("a+b@example.org", "leave@example.org", "https://x.example/u/{email}?t={token}", "s3cret-s3cret-s3cret");
    expect(links.mailto).toBe("mailto:leave@example.org?subject=unsubscribe%20a%2Bb%40example.org");
    expect(links.https).toBe(`https://x.example/u/a%2Bb%40example.org?t=${unsubscribeToken("s3cret-s3cret-s3cret", "a+b@example.org")}`);
    expect(unsubscribeLinks("a@example.org", "leave@example.org", "", "").https).toBe("");
  });
});

describe("failures and exit codes", () => {
  it("classifies SMTP failures: 5xx for an address is permanent, 4xx and network faults temporary, a login or a refused sender fatal", () => {
    const error = (fields: Record<string, unknown>) => Object.assign(new Error("x"), fields);
    expect(classify(error({ code: "EENVELOPE", responseCode: 550, response: "550 No such user", command: "RCPT TO" }))).toEqual({
      kind: "permanent",
      code: "550",
      message: "550 No such user",
    });
    expect(classify(error({ code: "EMESSAGE", responseCode: 554, response: "554 spam", command: "DATA" })).kind).toBe("permanent");
    expect(classify(error({ code: "EENVELOPE", responseCode: 451, response: "451 later", command: "RCPT TO" })).kind).toBe("temporary");
    expect(classify(error({ code: "EENVELOPE", responseCode: 503, response: "503 bad sequence", command: "RCPT TO" })).kind).toBe("temporary");
    expect(classify(error({ code: "EPROTOCOL", responseCode: 421, response: "421 busy", command: "CONN" })).kind).toBe("temporary");
    expect(classify(error({ code: "ESOCKET", originalCode: "ECONNREFUSED" }))).toMatchObject({ kind: "temporary", code: "ECONNREFUSED" });
    expect(classify(error({ code: "ETIMEDOUT" }))).toMatchObject({ kind: "temporary", code: "ETIMEDOUT" });
    expect(classify(error({ code: "EAUTH", responseCode: 535, response: "535 no" })).kind).toBe("fatal");
    expect(classify(error({ code: "EENVELOPE", responseCode: 553, response: "553 sender", command: "MAIL FROM" })).kind).toBe("fatal");
    expect(classify(error({ code: "EPROTOCOL", responseCode: 554, response: "554 go away", command: "CONN" })).kind).toBe("fatal");
  });

  const report = (fields: Partial<SendReport>): SendReport => ({
    issue: "2025-03-17",
    dryRun: false,
    log: "log",
    subscribers: 3,
    invalid: 0,
    sent: 3,
    sentThisRun: 1,
    skipped: 0,
    inDoubt: 0,
    refused: {},
    leftToRetry: {},
    wouldSend: 0,
    ...fields,
  });

  it("exits 0 when everyone was sent, skipped or refused, 1 with some to retry, 2 when stopped, 3 with only some in doubt", () => {
    expect(exitCode(report({ refused: { "550": 1 }, skipped: 1 }))).toBe(0);
    expect(exitCode(report({ leftToRetry: { "451": 1 }, inDoubt: 1 }))).toBe(1);
    expect(exitCode(report({ stopped: "authentication failed", leftToRetry: { "not tried": 2 } }))).toBe(2);
    expect(exitCode(report({ inDoubt: 1 }))).toBe(3);
  });

  it("reports every count and what the exit code means, and prints no control character a server sent", () => {
    const lines = reportLines(report({ sent: 5, sentThisRun: 2, skipped: 1, inDoubt: 1, refused: { "550": 1 }, leftToRetry: { "451": 2, ETIMEDOUT: 1 } }));
    expect(lines.join("\n")).toContain("  sent:          5 (2 this run, 3 before)");
    expect(lines.join("\n")).toContain("    refused for good (not retried): 1 — 550: 1");
    expect(lines.join("\n")).toContain("    left to retry (run again):      3 — 451: 2, ETIMEDOUT: 1");
    expect(lines.at(-1)).toBe("exit 1: some are left to retry: run the same command again");
    expect(eventLine({ type: "refused", email: "a@example.org", code: "550", message: "550 \u001b[31mred\u0007" })).toBe(
      "refused      a@example.org: 550 ?[31mred?",
    );
  });
});
