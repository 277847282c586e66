import { linkSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { isRunning } from "./process-alive.ts";

/** Another process holds the lock: what a command reports in one line, as it does bad input. */
export class LockHeldError extends Error {}

/** How many times a lock found stale is taken away and tried again before giving up (another process may take it meanwhile). */
const TRIES = 5;

/**
 * A lock file that one process holds at a time, with the process's id and host in it. It is written whole under a
 * name of this process's own and linked to the lock's name, which fails if the lock is there: no other process ever
 * reads a lock half written. A lock whose process is no longer running on this machine (killed, crashed), or that
 * was made on another machine, is stale and taken over; a lock that names a process id since reused by another
 * program holds until that program ends, or until its file is deleted by hand (the error names it). `what` names
 * what the lock keeps to one process at a time, for that error.
 */
export function takeLock(lock: string, what: string): void {
  const mine = { pid: process.pid, host: hostname() };
  const draft = `${lock}.${process.pid}.tmp`;
  writeFileSync(draft, JSON.stringify(mine));
  try {
    for (let tries = 0; tries < TRIES; tries++) {
      try {
        linkSync(draft, lock);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const holder = readHolder(lock);
      if (holder === undefined) continue; // taken away since: try again
      if (holder.host === mine.host && typeof holder.pid === "number" && holder.pid !== process.pid && isRunning(holder.pid)) {
        throw new LockHeldError(`another ${what} is running (process ${holder.pid}); its lock is ${lock}`);
      }
      try {
        unlinkSync(lock);
      } catch (error) {
        // Another process took the stale lock away first: try again.
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
    throw new LockHeldError(`could not take the lock ${lock} for the ${what}: other processes kept taking it`);
  } finally {
    unlinkSync(draft);
  }
}

/** The process a lock names; `{}` for a file that cannot be read as one (left by code that wrote it in place), none if it is gone. */
function readHolder(lock: string): { pid?: number; host?: string } | undefined {
  let text: string;
  try {
    text = readFileSync(lock, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as { pid?: number; host?: string };
  } catch {
    return {};
  }
}

/** Removes `lock` if this process holds it (called on the way out, it never throws). */
export function releaseLock(lock: string): void {
  try {
    if (readHolder(lock)?.pid === process.pid) unlinkSync(lock);
  } catch {
    // Gone, or out of reach: the next process finds it stale.
  }
}
