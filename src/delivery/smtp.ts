import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { Readable, Transform } from "node:stream";
import nodemailer, { type Transporter } from "nodemailer";
import type { DKIMOptions } from "nodemailer/lib/dkim/index.js";
import type MailMessage from "nodemailer/lib/mailer/mail-message.js";
import SMTPPool from "nodemailer/lib/smtp-pool/index.js";
import type { SMTPPoolSentMessageInfo } from "nodemailer/lib/smtp-pool/index.js";

/**
 * The SMTP side of a send: nodemailer's pooled SMTP transport, configured from `SMTP_URL`, with one addition — the
 * moment a message's fate passes to the server is reported before it happens, so the send log can tell a message
 * that never fully left from one the server may have taken.
 */

export interface SmtpOptions {
  /** `smtp://user:pass@host:587` (STARTTLS where the server offers it) or `smtps://user:pass@host:465`. */
  url: string;
  /** Connections at once. */
  pool: number;
  /** Milliseconds to wait for a connection, a greeting, or any reply or progress on an open connection. */
  timeoutMs: number;
  dkim?: DKIMOptions;
}

/** The URL with its password hidden, to show in messages and logs. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.href;
  } catch {
    return "(not a URL)";
  }
}

/** Checks `SMTP_URL` and returns it; a problem is one line naming what to fix, never the password. */
export function checkSmtpUrl(url: string | undefined): string {
  if (!url) throw new Error("SMTP_URL is not set: export SMTP_URL=smtp://user:pass@smtp.example.org:587 (or smtps://…:465)");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error("SMTP_URL is not a URL: expected smtp://user:pass@host:587 or smtps://user:pass@host:465 (percent-encode @ : / in the password)");
  }
  if (!["smtp:", "smtps:"].includes(parsed.protocol)) throw new Error(`SMTP_URL must start smtp:// or smtps://, not ${parsed.protocol}//`);
  if (!parsed.hostname) throw new Error(`SMTP_URL names no host: ${redactedUrl(url)}`);
  return url;
}

/**
 * DKIM signing from the environment: DKIM_PRIVATE_KEY (the PEM itself, or a file holding it), DKIM_SELECTOR, and
 * DKIM_DOMAIN (default: the From address's domain). None set: no signature.
 */
export function dkimFromEnv(env: NodeJS.ProcessEnv, fromDomain: string): DKIMOptions | undefined {
  const key = env.DKIM_PRIVATE_KEY;
  if (!key && !env.DKIM_SELECTOR) return undefined;
  if (!key || !env.DKIM_SELECTOR) throw new Error("DKIM needs both DKIM_PRIVATE_KEY and DKIM_SELECTOR (and DKIM_DOMAIN unless it is the From address's)");
  const pem = key.includes("-----BEGIN") ? key.replace(/\\n/g, "\n") : readFileSync(key, "utf8");
  try {
    createPrivateKey(pem);
  } catch (error) {
    throw new Error(`DKIM_PRIVATE_KEY is not a private key nodemailer can sign with: ${(error as Error).message}`, { cause: error });
  }
  return { domainName: env.DKIM_DOMAIN || fromDomain, keySelector: env.DKIM_SELECTOR, privateKey: pem };
}

/** What a failed attempt means for the subscriber and for the send. */
export interface Failure {
  /**
   * `permanent`: the server refused this address or message (5xx): recorded, not tried again. `temporary`: 4xx, a
   * dropped connection, a timeout: tried again. `fatal`: nothing can be sent with these settings (authentication,
   * the sender refused, TLS): the send stops.
   */
  kind: "permanent" | "temporary" | "fatal";
  /** The SMTP reply code ("550"), else nodemailer's or the system's error code ("ETIMEDOUT"). */
  code: string;
  /** The server's reply or the error's message, on one line. */
  message: string;
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  originalCode?: string;
}

export function classify(error: unknown): Failure {
  const err = error as SmtpError;
  const message = (err.response ?? err.message ?? String(error)).replace(/\s+/g, " ").trim();
  const reply = err.responseCode;
  // The system's code (ECONNREFUSED) says more than nodemailer's wrapper of it (ESOCKET).
  const code = reply ? String(reply) : (err.originalCode ?? err.code ?? "ERROR");
  // The attempt's own deadline (a server that keeps a connection open without answering).
  if (err.name === "AbortError" || err.code === "EABORT") return { kind: "temporary", code: "ETIMEDOUT", message: "no answer within the attempt's deadline" };
  if (err.code === "EAUTH" || err.code === "ENOAUTH" || err.code === "EOAUTH2") return { kind: "fatal", code, message: `authentication failed: ${message}` };
  if (err.code === "ETLS") return { kind: "fatal", code, message: `TLS failed: ${message}` };
  // 503 is a command out of sequence: a slip in the conversation, not a verdict on the address (as nodemailer reads it).
  if (reply && reply >= 500 && reply !== 503) {
    // A refused sender or a server that refuses the connection refuses every message: no address is to blame.
    if (err.command === "MAIL FROM") return { kind: "fatal", code, message: `the server refused the sender: ${message}` };
    if (err.command === "CONN") return { kind: "fatal", code, message: `the server refused the connection: ${message}` };
    return { kind: "permanent", code, message };
  }
  return { kind: "temporary", code, message };
}

export interface Delivery {
  response: string;
}

/** A pooled SMTP connection set that sends raw messages to one recipient each. */
export class Gateway {
  private readonly pool: SMTPPool;
  private readonly mailer: Transporter<SMTPPoolSentMessageInfo>;
  /** Per recipient in flight: what to do just before the end-of-data mark can go out. */
  private readonly beforeEnd = new Map<string, () => void>();

  constructor(private readonly options: SmtpOptions) {
    this.pool = new SMTPPool({
      url: options.url,
      pool: true,
      maxConnections: options.pool,
      // The send retries failed messages itself, logging each attempt; the pool's own silent requeue would not be.
      maxRequeues: 0,
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
      dnsTimeout: options.timeoutMs,
      // A server on this machine (a local Postfix, a test server) offers STARTTLS with a certificate no one signed; on
      // loopback the traffic never leaves the machine, so TLS there protects nothing a check of it could. Elsewhere the
      // certificate is checked. SMTP_URL's own ?tls.rejectUnauthorized=… wins either way.
      ...(isLoopback(new URL(options.url).hostname) && { tls: { rejectUnauthorized: false } }),
    });
    const pool = this.pool;
    const beforeEnd = this.beforeEnd;
    this.mailer = nodemailer.createTransport<SMTPPoolSentMessageInfo>({
      name: pool.name,
      version: pool.version,
      supportsAbortSignal: true,
      // Last in the message's stream, after nodemailer's own DKIM signing: the hold sits next to the socket.
      send(mail: MailMessage<SMTPPoolSentMessageInfo>, callback) {
        const to = [mail.data.envelope?.to ?? []].flat()[0] as string;
        const hook = beforeEnd.get(to);
        if (hook) mail.message.processFunc((input: Readable) => holdEnd(input, hook));
        pool.send(mail, callback);
      },
      close: () => pool.close(),
    });
  }

  /**
   * Sends `bytes` to `recipient`. `beforeEnd` runs (synchronously) once the server has accepted the envelope and taken
   * DATA, just before the end of the message can be written: until then the server cannot have the message.
   */
  async send(sender: string, recipient: string, bytes: Buffer, beforeEnd: () => void, deadlineMs: number): Promise<Delivery> {
    this.beforeEnd.set(recipient, beforeEnd);
    try {
      const info = await this.mailer.sendMail({
        envelope: { from: sender, to: [recipient] },
        raw: bytes,
        dkim: this.options.dkim,
        // Past the socket timeouts, a server that trickles bytes to keep a connection open is given up on too.
        signal: AbortSignal.timeout(deadlineMs),
      });
      return { response: info.response };
    } finally {
      this.beforeEnd.delete(recipient);
    }
  }

  /** Ends the connections once the messages in flight are answered; `force` ends them at once. */
  close(force = false): void {
    this.pool.close({ force });
  }
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/**
 * Passes the message through, but holds its end until the connection reads it: nodemailer reads a message only after
 * the server answered DATA, and writes the end-of-data mark after its last byte, so `beforeEnd` runs after the
 * envelope was accepted and before the server can take the message.
 */
function holdEnd(input: Readable, beforeEnd: () => void): Readable {
  const gate: Transform = new Transform({
    transform(chunk, _encoding, done) {
      done(null, chunk);
    },
    flush(done) {
      const release = () => {
        try {
          beforeEnd();
          done();
        } catch (error) {
          done(error as Error);
        }
      };
      if (gate.readableFlowing) release();
      else gate.once("resume", release);
    },
  });
  input.on("error", (error) => gate.destroy(error));
  return input.pipe(gate);
}
