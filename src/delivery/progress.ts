import type { SendEvent, SendReport } from "./send.ts";
import { exitCode, total } from "./send.ts";

/**
 * What a send says while it runs: on a terminal, a bar with counts, redrawn in place, with problems printed above it;
 * elsewhere (CI, a file), one line per event.
 */

/** Text from a server or a file, safe to print: no control characters (a terminal would act on them). */
const printable = (text: string) => text.replace(/[\p{Cc}\u2028\u2029]/gu, "?");

export function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** One line for an event, as a log shows it. */
export function eventLine(event: SendEvent): string {
  switch (event.type) {
    case "start":
      return `issue ${event.issue}: ${event.subscribers} subscribers, ${event.toSend} to send${event.server ? ` via ${event.server}` : ""}; send log ${event.log}`;
    case "invalid":
      return `invalid      ${printable(event.problem)}`;
    case "already-sent":
      return `already sent ${event.email}`;
    case "already-refused":
      return `refused      ${event.email} (${event.code}, by an earlier run: not tried again)`;
    case "in-doubt":
      return `in doubt     ${event.email} ${event.resend ? "(sent again: --resend-in-doubt)" : "(not sent again; --resend-in-doubt would)"}${event.reason ? `: ${printable(event.reason)}` : ""}`;
    case "skipped":
      return `skipped      ${event.email} (nothing in this issue matches what they follow)`;
    case "would-send":
      return `would send   ${event.email}: ${event.papers} ${event.papers === 1 ? "paper" : "papers"}, ${kilobytes(event.bytes)}, "${printable(event.subject)}"`;
    case "sent":
      return `sent         ${event.email}: ${event.papers} ${event.papers === 1 ? "paper" : "papers"}, ${kilobytes(event.bytes)}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ""}`;
    case "refused":
      return `refused      ${event.email}: ${printable(event.message)}`;
    case "retry":
      return `retry        ${event.email}: ${printable(event.message)} (attempt ${event.attempt} failed; again in ${(event.delayMs / 1000).toFixed(1)} s)`;
    case "deferred":
      return `left to retry ${event.email}: ${printable(event.message)}`;
    case "stopped":
      return `stopped: ${printable(event.reason)}`;
  }
}

/** The final report: every subscriber in one of its lines, and what the exit code means. */
export function reportLines(report: SendReport): string[] {
  const byCode = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, n]) => `${code}: ${n}`)
      .join(", ");
  const lines = [`Report for the issue of ${report.issue}${report.dryRun ? " (dry run: nothing sent)" : ""}: ${report.subscribers} subscribers`];
  if (report.dryRun) lines.push(`  would send:    ${report.wouldSend}`);
  lines.push(
    `  sent:          ${report.sent}${report.dryRun ? "" : ` (${report.sentThisRun} this run, ${report.sent - report.sentThisRun} before)`}`,
    `  skipped:       ${report.skipped} (nothing in the issue matches their filter)`,
    `  in doubt:      ${report.inDoubt}${report.inDoubt ? " (a crash or an unanswered message left its fate unknown; --resend-in-doubt sends it again)" : ""}`,
    `  failed:        ${total(report.refused) + total(report.leftToRetry)}`,
    `    refused for good (not retried): ${total(report.refused)}${total(report.refused) ? ` — ${byCode(report.refused)}` : ""}`,
    `    left to retry (run again):      ${total(report.leftToRetry)}${total(report.leftToRetry) ? ` — ${byCode(report.leftToRetry)}` : ""}`,
  );
  if (report.invalid) lines.push(`  invalid rows:  ${report.invalid} (listed above; not sent)`);
  if (report.stopped) lines.push(`  stopped:       ${printable(report.stopped)}`);
  if (report.gaveUp) lines.push(`  gave up:       ${printable(report.gaveUp)}`);
  if (!report.dryRun) lines.push(`  send log:      ${report.log}`);
  const code = report.dryRun ? 0 : exitCode(report);
  const meaning = [
    "every subscriber was sent, skipped or refused for good",
    "some are left to retry: run the same command again",
    "the send stopped: fix the cause above and run the same command again",
    "nothing is left to retry, but some are in doubt",
  ][code];
  lines.push(`exit ${code}: ${meaning}`);
  return lines;
}

/** Counts for the bar. */
interface Tally {
  done: number;
  sent: number;
  skipped: number;
  refused: number;
  inDoubt: number;
  retrying: number;
  left: number;
}

/** Prints events: a bar on a terminal, lines elsewhere. */
export class Progress {
  private total = 0;
  private readonly tally: Tally = { done: 0, sent: 0, skipped: 0, refused: 0, inDoubt: 0, retrying: 0, left: 0 };
  private lastDraw = 0;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly tty = !!out.isTTY,
  ) {}

  readonly onEvent = (event: SendEvent): void => {
    const t = this.tally;
    switch (event.type) {
      case "start":
        this.total = event.subscribers;
        break;
      case "already-sent":
        t.done++;
        t.sent++;
        break;
      case "sent":
        t.done++;
        t.sent++;
        if (event.attempt > 1) t.retrying--;
        break;
      case "already-refused":
      case "refused":
        t.done++;
        t.refused++;
        break;
      case "skipped":
      case "would-send":
        t.done++;
        if (event.type === "skipped") t.skipped++;
        break;
      case "in-doubt":
        if (!event.resend) {
          t.done++;
          t.inDoubt++;
        }
        break;
      case "retry":
        if (event.attempt === 1) t.retrying++;
        break;
      case "deferred":
        t.done++;
        t.left++;
        if (event.code) t.retrying = Math.max(0, t.retrying - 1);
        break;
    }
    if (!this.tty) {
      this.out.write(`${eventLine(event)}\n`);
      return;
    }
    // On a terminal the bar carries the routine; what needs a reader's eye is printed above it.
    const notable = ["start", "invalid", "refused", "deferred", "stopped", "in-doubt", "would-send"].includes(event.type);
    if (notable) this.out.write(`\r\x1b[2K${eventLine(event)}\n`);
    const now = Date.now();
    if (notable || now - this.lastDraw > 80 || t.done === this.total) {
      this.lastDraw = now;
      this.draw();
    }
  };

  /** Ends the bar's line before the report. */
  finish(): void {
    if (this.tty) {
      this.draw();
      this.out.write("\n");
    }
  }

  private draw(): void {
    const t = this.tally;
    const width = 24;
    const filled = this.total ? Math.round((t.done / this.total) * width) : width;
    const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
    this.out.write(
      `\r\x1b[2K${bar} ${t.done}/${this.total} · sent ${t.sent} · skipped ${t.skipped} · refused ${t.refused} · in doubt ${t.inDoubt} · retrying ${t.retrying} · left ${t.left}`,
    );
  }
}
