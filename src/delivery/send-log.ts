import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { onExit } from "signal-exit";
import { releaseLock, takeLock } from "../platform/process-lock.ts";

/**
 * The send log of one issue: JSON Lines, appended and never rewritten, each line on disk (fsync) before the send goes
 * on, so that whatever kills the process, the next run knows of each subscriber what can be known:
 *
 * - `sending`: about to hand the message to the server. Nothing after it means the process died before the server
 *   could have the whole message (the end-of-data mark is only written after `awaiting-reply`): send again.
 * - `awaiting-reply`: the whole message is going out, and the server's reply decides. Nothing after it means the
 *   process died while the server may or may not have taken it: the subscriber is *in doubt*, not sent again unless
 *   asked (`--resend-in-doubt`).
 * - `sent` (the server's 2xx), `refused` (a permanent 5xx: not tried again for this issue), `deferred` (a temporary
 *   failure: tried again by the next run).
 *
 * The first line names the issue, so a log cannot be used for another one by mistake.
 */

export type LogEvent = "sending" | "awaiting-reply" | "sent" | "refused" | "deferred";

export interface LogRecord {
  /** ISO time. */
  at: string;
  /** The subscriber's key (the address in lower case). */
  email: string;
  event: LogEvent;
  attempt?: number;
  messageId?: string;
  bytes?: number;
  /** A failure's SMTP reply code (550) or nodemailer's error code (ETIMEDOUT). */
  code?: string;
  /** The server's reply, or the error's message. */
  response?: string;
}

interface LogHeader {
  log: "paper-digest send log";
  version: 1;
  issue: string;
}

/** What a subscriber's records add up to. */
export type Fate = "pending" | "sent" | "refused" | "in-doubt";

export interface SubscriberState {
  fate: Fate;
  /** The record that decided it (for a refusal, its code). */
  last: LogRecord;
}

/** The fate of every subscriber the log names, from its records in order. */
export function fates(records: readonly LogRecord[]): Map<string, SubscriberState> {
  const states = new Map<string, SubscriberState>();
  for (const record of records) {
    const state = states.get(record.email);
    // A refusal or a delivery is final for the issue; only a resend of an in-doubt message follows either.
    if (state && (state.fate === "sent" || state.fate === "refused") && record.event !== "sent") continue;
    const fate: Fate = record.event === "sent" ? "sent" : record.event === "refused" ? "refused" : record.event === "awaiting-reply" ? "in-doubt" : "pending";
    states.set(record.email, { fate, last: record });
  }
  return states;
}

/** The records of the log at `path` (none if it does not exist), and lines that could not be read (a torn last write). */
export function readSendLog(path: string, issue: string): { records: LogRecord[]; unreadable: number[] } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { records: [], unreadable: [] };
    throw error;
  }
  const records: LogRecord[] = [];
  const unreadable: number[] = [];
  const lines = text.split("\n");
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      unreadable.push(index + 1);
      return;
    }
    if (index === 0) {
      const header = value as Partial<LogHeader>;
      if (header.log !== "paper-digest send log") throw new Error(`${path}: not a send log (its first line is not the log's header)`);
      if (header.issue !== issue) throw new Error(`${path}: the send log of the issue of ${header.issue}, not of ${issue}`);
      return;
    }
    const record = value as Partial<LogRecord>;
    if (typeof record.email === "string" && typeof record.event === "string") records.push(record as LogRecord);
    else unreadable.push(index + 1);
  });
  return { records, unreadable };
}

/**
 * The log open for appending, held by one process at a time: two sends of one issue at once would each send to
 * everyone. A lock file names the holder; one left by a process that no longer runs (killed) is taken over.
 */
export class SendLog {
  private fd: number;
  private readonly lock: string;
  private readonly removeExitHandler: () => void;

  private constructor(
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
    this.lock = `${path}.lock`;
    this.removeExitHandler = onExit(() => this.releaseLock());
  }

  /** Opens (creating) the log of `issue` at `path`, taking its lock; throws if another process holds it. */
  static open(path: string, issue: string): SendLog {
    mkdirSync(dirname(path), { recursive: true });
    takeLock(`${path}.lock`, "send of this issue");
    try {
      readSendLog(path, issue); // checks that an existing log is this issue's
      const fd = openSync(path, "a");
      const log = new SendLog(path, fd);
      const size = readFileSync(path).length;
      if (size === 0) {
        log.writeLine(JSON.stringify({ log: "paper-digest send log", version: 1, issue } satisfies LogHeader));
        // The file's name in its folder is on disk too, not only its content.
        syncDirectory(dirname(path));
      } else if (!readFileSync(path, "utf8").endsWith("\n")) {
        // A write torn by a crash: the next record starts on a line of its own, and the torn one reads as unreadable.
        log.writeLine("");
      }
      return log;
    } catch (error) {
      releaseLock(`${path}.lock`);
      throw error;
    }
  }

  /** Appends one record and waits until it is on disk. */
  append(record: Omit<LogRecord, "at">): void {
    this.writeLine(JSON.stringify({ at: new Date().toISOString(), ...record }));
  }

  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
    this.releaseLock();
    this.removeExitHandler();
  }

  private writeLine(line: string): void {
    const bytes = Buffer.from(`${line}\n`);
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written);
    fsyncSync(this.fd);
  }

  private releaseLock(): void {
    releaseLock(this.lock);
  }
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
