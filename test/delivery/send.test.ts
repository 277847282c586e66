import { createPublicKey, generateKeyPairSync, createHash, verify } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messageIdFor } from "../../src/delivery/message.ts";
import { exitCode, send, type SendEvent, type SendReport } from "../../src/delivery/send.ts";
import { verifyUnsubscribeToken } from "../../src/delivery/unsubscribe.ts";
import type { PaperRecord } from "../../src/newsletter/model.ts";
import type { ParsedMail } from "mailparser";
import { tempDir } from "../helpers.ts";
import { ISSUE, expectedTitles, issuePapers, parse, rawHeader, sampleContent, titlesIn, writeSubscribers, type Row } from "./fixture.ts";
import { TestSmtpServer } from "./smtp-server.ts";

const SECRET = "a secret of the curator's, 32 chars";
const TEMPLATE = "https://digest.example.org/unsubscribe?email={email}&token={token}";

/** 200 subscribers, filters mixed: everything, topics, authors, keywords, combinations, and some that match nothing. */
function subscribers(papers: PaperRecord[]): Row[] {
  const topics = [...new Set(papers.flatMap((p) => p.topics))].sort();
  const authors = [...new Set(papers.flatMap((p) => p.authors ?? []))].sort();
  const keywords = ["reward", "diffusion", "benchmark", "agents", "theorem", "zebra"];
  return Array.from({ length: 200 }, (_, i) => {
    const row: Row = { email: `reader${i}@example.${i % 3 ? "org" : "net"}`, name: i % 7 === 0 ? `Reader ${i}, Ph.D. "Ünïcode" <x>` : `Reader ${i}` };
    switch (i % 6) {
      case 1:
        row.topics = [topics[i % topics.length]];
        break;
      case 2:
        row.topics = [topics[i % topics.length], topics[(i * 7) % topics.length]];
        row.keywords = [keywords[Math.floor(i / 6) % keywords.length]];
        break;
      case 3:
        row.authors = [authors[i % authors.length], "Nobody Atall"];
        break;
      case 4:
        // Markup in what a subscriber wrote is text: folded, "reward & <model>" is the phrase "reward model".
        row.keywords = i === 4 ? ["reward & <model>"] : [keywords[Math.floor(i / 6) % keywords.length]];
        break;
      case 5:
        // Matches nothing: no email.
        row.keywords = ["zebra crossing"];
        break;
    }
    return row;
  });
}

describe("sending an issue to 200 subscribers over SMTP", () => {
  let server: TestSmtpServer;
  let content: string;
  let papers: PaperRecord[];
  let rows: Row[];
  let file: string;
  let report: SendReport;
  let logPath: string;
  let events: SendEvent[];
  let elapsed: number;
  /** Each received message parsed once, by recipient. */
  const parsed = new Map<string, ParsedMail>();
  const run = (logPath: string, extra: Partial<Parameters<typeof send>[0]> = {}) =>
    send({
      contentDir: content,
      issue: ISSUE,
      subscribersFile: file,
      logPath,
      timeoutMs: 5_000,
      env: { SMTP_URL: server.url(), UNSUBSCRIBE_SECRET: SECRET },
      ...extra,
    });

  beforeAll(async () => {
    content = sampleContent((site) => (site.newsletter.delivery = { unsubscribeUrl: TEMPLATE }));
    papers = issuePapers(content);
    rows = subscribers(papers);
    file = writeSubscribers(rows);
    server = new TestSmtpServer();
    await server.start();
    events = [];
    const started = Date.now();
    logPath = join(tempDir("send-"), "log.jsonl");
    report = await run(logPath, { onEvent: (e) => events.push(e) });
    elapsed = Date.now() - started;
    console.log(`200 subscribers: ${report.sentThisRun} messages sent in ${elapsed} ms`);
    for (const r of server.received) parsed.set(r.to, await parse(r.raw));
  }, 60_000);
  afterAll(() => server?.close());

  it("sends each subscriber exactly their filtered issue, and nothing to those it has nothing for", async () => {
    const empty = rows.filter((r) => expectedTitles(papers, r).length === 0);
    expect(empty.length).toBeGreaterThanOrEqual(33); // the "zebra crossing" readers and any filter the issue misses
    expect(report).toMatchObject({
      subscribers: 200,
      invalid: 0,
      sent: 200 - empty.length,
      sentThisRun: 200 - empty.length,
      skipped: empty.length,
      inDoubt: 0,
    });
    expect(report.refused).toEqual({});
    expect(report.leftToRetry).toEqual({});
    expect(exitCode(report)).toBe(0);
    expect(server.received).toHaveLength(200 - empty.length);
    for (const row of rows) {
      const expected = expectedTitles(papers, row);
      const got = server.received.filter((r) => r.to === row.email);
      expect(got.length, row.email).toBe(expected.length ? 1 : 0);
      if (!expected.length) continue;
      const mail = parsed.get(row.email)!;
      expect(titlesIn(mail.html || "").sort(), row.email).toEqual([...expected].sort());
      expect(mail.subject, row.email).toMatch(new RegExp(`^Paper Digest — 17 Mar 2025: ${expected.length} papers?\\b`));
      expect(mail.text, row.email).toContain(`${expected.length} ${expected.length === 1 ? "paper" : "papers"}. View in your browser`);
    }
  });

  it("addresses each message to its subscriber, with their own unsubscribe headers and a List-Id", async () => {
    for (const received of server.received) {
      const mail = parsed.get(received.to)!;
      const row = rows.find((r) => r.email === received.to)!;
      expect(mail.to && !Array.isArray(mail.to) && mail.to.value).toEqual([{ address: row.email, name: row.name }]);
      expect(mail.from && mail.from.value).toEqual([{ address: "digest@digest.example.org", name: "Paper Digest" }]);
      expect(rawHeader(received.raw, "List-Id")).toBe('"Paper Digest" <newsletter.digest.example.org>');
      expect(rawHeader(received.raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
      const links = [...rawHeader(received.raw, "List-Unsubscribe")!.matchAll(/<([^>]+)>/g)].map((m) => m[1]);
      expect(links).toHaveLength(2);
      const https = new URL(links[0]);
      expect(https.origin + https.pathname).toBe("https://digest.example.org/unsubscribe");
      expect(https.searchParams.get("email")).toBe(row.email);
      expect(verifyUnsubscribeToken(SECRET, row.email, https.searchParams.get("token")!)).toBe(true);
      expect(verifyUnsubscribeToken(SECRET, "someone.else@example.org", https.searchParams.get("token")!)).toBe(false);
      expect(links[1]).toBe(`mailto:digest@digest.example.org?subject=unsubscribe%20${encodeURIComponent(row.email)}`);
      // The footer's link is the subscriber's own too, in both parts.
      expect(mail.html).toContain(`href="${links[0].replace(/&/g, "&amp;")}"`);
      expect(mail.text).toContain(`Unsubscribe: ${links[0]}`);
    }
  });

  it("writes valid MIME: 7-bit headers, text and HTML alternatives in UTF-8, a Message-ID per issue and subscriber", async () => {
    const ids = new Set<string>();
    for (const received of server.received) {
      const head = received.raw.toString("latin1").split("\r\n\r\n")[0];
      expect(head).toMatch(/^[\x20-\x7e\r\n\t]*$/);
      expect(head.split("\r\n").every((line) => line.length <= 998)).toBe(true);
      const mail = parsed.get(received.to)!;
      expect(mail.headers.get("content-type")).toMatchObject({ value: "multipart/alternative" });
      expect(mail.headers.get("mime-version")).toBe("1.0");
      expect(mail.text && mail.html).toBeTruthy();
      expect(mail.messageId).toBe(messageIdFor(ISSUE, received.to, "digest.example.org"));
      ids.add(mail.messageId!);
    }
    expect(ids.size).toBe(server.received.length);
  });

  it("encodes hostile names in the To header and escapes what subscribers wrote in the email", async () => {
    const hostile = server.received.find((r) => r.to === "reader0@example.net")!;
    expect(rawHeader(hostile.raw, "To")).toMatch(/^=\?UTF-8\?Q\?.*\?= <reader0@example\.net>$/);
    const mail = parsed.get("reader4@example.org")!;
    expect(titlesIn(mail.html || "").length).toBeGreaterThan(0);
    expect(mail.html).toContain("You follow the keyword “reward &amp; &lt;model&gt;”.");
    expect(mail.html).not.toContain("<model>");
    expect(mail.text).toContain("You follow the keyword “reward & <model>”.");
    expect(mail.subject).toMatch(/ \(“reward & <model>”\)$/);
  });

  it("gives each message the same Message-ID when the issue is sent again (a fresh log)", async () => {
    const before = new Map([...parsed].map(([to, mail]) => [to, mail.messageId!]));
    const first = server.received.length;
    const some = rows.slice(0, 30);
    const again = await run(join(tempDir("send-again-"), "log.jsonl"), { pool: 3, subscribersFile: writeSubscribers(some) });
    expect(again.sentThisRun).toBe(some.filter((r) => before.has(r.email)).length);
    for (const r of server.received.slice(first)) expect((await parse(r.raw)).messageId, r.to).toBe(before.get(r.to));
    server.received.splice(first);
  });

  it("sends nothing again with the same log: everyone is already sent or skipped", async () => {
    const count = server.received.length;
    const second = await run(logPath);
    expect(server.received.length).toBe(count);
    expect(second).toMatchObject({ sent: report.sent, sentThisRun: 0, skipped: report.skipped });
    expect(exitCode(second)).toBe(0);
  });

  it("says in a dry run who would get what, with sizes, and sends nothing", async () => {
    const count = server.received.length;
    const seen: SendEvent[] = [];
    const dry = await run(join(tempDir("send-dry-"), "log.jsonl"), { dryRun: true, env: { UNSUBSCRIBE_SECRET: SECRET }, onEvent: (e) => seen.push(e) });
    expect(server.received.length).toBe(count);
    expect(dry).toMatchObject({ dryRun: true, wouldSend: report.sent, skipped: report.skipped, sentThisRun: 0 });
    const would = seen.filter((e) => e.type === "would-send");
    expect(would).toHaveLength(report.sent);
    const sentSizes = new Map(events.filter((e) => e.type === "sent").map((e) => [e.email, e.bytes]));
    for (const e of would) expect(Math.abs(e.bytes - sentSizes.get(e.email)!), e.email).toBeLessThan(64); // the Date differs
  });
});

describe("DKIM", () => {
  let server: TestSmtpServer;
  afterAll(() => server?.close());

  it("signs each message with the configured key, List-Unsubscribe and List-Unsubscribe-Post included (verified here)", async () => {
    const content = sampleContent((site) => (site.newsletter.delivery = { unsubscribeUrl: TEMPLATE }));
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    server = new TestSmtpServer();
    await server.start();
    const report = await send({
      contentDir: content,
      issue: ISSUE,
      subscribersFile: writeSubscribers([{ email: "dkim@example.org", name: "Dee Kim", topics: ["reward-modeling"] }]),
      logPath: join(tempDir("send-dkim-"), "log.jsonl"),
      env: {
        SMTP_URL: server.url(),
        UNSUBSCRIBE_SECRET: SECRET,
        DKIM_PRIVATE_KEY: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
        DKIM_SELECTOR: "digest2025",
      },
    });
    expect(report.sentThisRun).toBe(1);
    const raw = server.received[0].raw;
    const tags = Object.fromEntries(
      rawHeader(raw, "DKIM-Signature")!
        .split(";")
        .map((t) => t.trim())
        .filter(Boolean)
        .map((t) => [t.slice(0, t.indexOf("=")), t.slice(t.indexOf("=") + 1).replace(/\s+/g, "")]),
    );
    expect(tags).toMatchObject({ d: "digest.example.org", s: "digest2025", a: "rsa-sha256", c: "relaxed/relaxed" });
    const signed = tags.h.toLowerCase().split(":");
    for (const name of ["from", "to", "subject", "message-id", "list-unsubscribe", "list-unsubscribe-post", "list-id"]) expect(signed).toContain(name);
    expect(verifyDkim(raw, tags, createPublicKey(publicKey.export({ type: "spki", format: "pem" })))).toBe(true);
    // A changed byte in the body fails it: the check above checks.
    const tampered = Buffer.from(raw.toString("latin1").replace("Unsubscribe", "Unsubscrib3"), "latin1");
    expect(verifyDkim(tampered, tags, createPublicKey(publicKey.export({ type: "spki", format: "pem" })))).toBe(false);
  });
});

/** RFC 6376 verification, relaxed/relaxed canonicalisation, written here apart from nodemailer's signer. */
function verifyDkim(raw: Buffer, tags: Record<string, string>, key: ReturnType<typeof createPublicKey>): boolean {
  const text = raw.toString("latin1");
  const split = text.indexOf("\r\n\r\n");
  const body = text.slice(split + 4);
  const relaxedBody = body
    .split("\r\n")
    .map((line) => line.replace(/[ \t]+/g, " ").replace(/ $/, ""))
    .join("\r\n")
    .replace(/(\r\n)*$/, "\r\n");
  const bodyHash = createHash("sha256").update(relaxedBody, "latin1").digest("base64");
  if (bodyHash !== tags.bh) return false;
  const fields = text
    .slice(0, split)
    .split(/\r\n(?![ \t])/)
    .map((field) => [field.slice(0, field.indexOf(":")).trim().toLowerCase(), field.slice(field.indexOf(":") + 1)] as const);
  const relaxed = (name: string, value: string) =>
    `${name}:${value
      .replace(/\r\n/g, "")
      .replace(/[ \t]+/g, " ")
      .trim()}`;
  const used = new Map<string, number>();
  const lines: string[] = [];
  for (const name of tags.h.toLowerCase().split(":")) {
    // Headers signed more than once are taken from the bottom up; one not present signs as nothing.
    const matches = fields.filter(([n]) => n === name);
    const taken = used.get(name) ?? 0;
    used.set(name, taken + 1);
    const field = matches[matches.length - 1 - taken];
    if (field) lines.push(`${relaxed(field[0], field[1])}\r\n`);
  }
  const signature = fields.find(([n]) => n === "dkim-signature")!;
  lines.push(relaxed("dkim-signature", signature[1].replace(/(\bb=)[^;]*/, "$1")));
  return verify("sha256", Buffer.from(lines.join(""), "latin1"), key, Buffer.from(tags.b, "base64"));
}
