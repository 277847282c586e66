import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { derivedPath } from "./derived.ts";
import { writeFileAtomically } from "../platform/atomic-write.ts";

/**
 * What the last ingest read and said, in its own generated, git-ignored file (`content/last-ingest.json`) beside the
 * index it wrote: a run whose inputs have the same fingerprint repeats the report and writes nothing. Kept apart from
 * derived.json, which is the site's data and, at 100,000 papers, 116 MB that a run deciding whether to run need not read.
 */

export interface LastRun {
  /** A fingerprint of everything the ingest read (src/ingest/ingest.ts): the same inputs need no second run. */
  inputs: string;
  /** The same of everything but the pages: where it differs (a new day), the pages need not be read to know it. */
  digests: string;
  /** The last run's report, repeated when a run is skipped. */
  report: string[];
  /** The size of the derived.json that run wrote: an index deleted or replaced since means the run is not done. */
  derivedBytes: number;
}

export function lastRunPath(contentDir: string): string {
  return join(contentDir, "last-ingest.json");
}

/** The last run, if its record is whole and the index it wrote is still there; else undefined. */
export function readLastRun(contentDir: string): Omit<LastRun, "derivedBytes"> | undefined {
  try {
    const { inputs, digests, report, derivedBytes } = JSON.parse(readFileSync(lastRunPath(contentDir), "utf8")) as Partial<LastRun>;
    const whole = typeof inputs === "string" && typeof digests === "string" && Array.isArray(report) && report.every((line) => typeof line === "string");
    return whole && statSync(derivedPath(contentDir)).size === derivedBytes ? { inputs, digests, report } : undefined;
  } catch {
    return undefined;
  }
}

/** Records a run after its index is written, atomically; not fsynced, as a lost record only means one more full run. */
export function writeLastRun(contentDir: string, { inputs, digests, report }: Omit<LastRun, "derivedBytes">): void {
  const record: LastRun = { inputs, digests, report, derivedBytes: statSync(derivedPath(contentDir)).size };
  writeFileAtomically(lastRunPath(contentDir), `${JSON.stringify(record, null, 2)}\n`);
}
