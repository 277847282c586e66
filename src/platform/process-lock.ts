import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { isRunning } from "./process-alive.ts";

/** Another process holds the lock: what a command reports in one line, as it does bad input. */
export class LockHeldError extends Error {}

/**
 * A lock file that one process holds at a time: made exclusively, with the process's id and host in it. A lock whose
 * process is no longer running on this machine (killed, crashed), or whose file cannot be read (a process killed
 * while writing it), is stale and taken over. `what` names what the lock keeps to one process at a time, for the
 * error when another holds it.
 */
export function takeLock(lock: string, what: string): void {
  const mine = JSON.stringify({ pid: process.pid, host: hostname() });
  for (let tries = 0; tries < 2; tries++) {
    try {
      writeFileSync(lock, mine, { flag: "wx" });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    let holder: { pid?: number; host?: string } = {};
    try {
      holder = JSON.parse(readFileSync(lock, "utf8"));
    } catch {
      // Unreadable: a process killed while writing it; treated as stale.
    }
    if (holder.host === hostname() && typeof holder.pid === "number" && holder.pid !== process.pid && isRunning(holder.pid)) {
      throw new LockHeldError(`another ${what} is running (process ${holder.pid}); its lock is ${lock}`);
    }
    unlinkSync(lock);
  }
  throw new Error(`could not take the lock ${lock} (${what})`);
}

/** Removes `lock` if this process holds it. */
export function releaseLock(lock: string): void {
  try {
    const holder = JSON.parse(readFileSync(lock, "utf8")) as { pid?: number };
    if (holder.pid === process.pid) unlinkSync(lock);
  } catch {
    // Already gone.
  }
}
