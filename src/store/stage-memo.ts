import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { deserialize, serialize } from "node:v8";
import writeFileAtomic from "write-file-atomic";

/**
 * What the page stages that map one paper at a time (clean, topics, summary) gave each input last run, so one more day
 * runs them only on what it has not seen: at 100,000 papers they took a fifth of a day's ingest, for the 50 papers it
 * adds (docs/scale.md, "One more day"). A result is kept under a hash of exactly what its stage reads, and the whole
 * memo under a fingerprint of the code and of the files the stages read besides the papers (the taxonomy): another
 * fingerprint, a missing or unreadable file, gives an empty memo and a full run. Being keyed by input, an entry can
 * never be stale; the file holds the last run's entries only, so it grows with the archive, not with its history.
 *
 * It lives beside the content folder (`<project>/.cache/ingest/`, git-ignored), not in it: the site's build counts
 * the content folder's other files as code (src/site/render-plan.ts).
 */

/** A stage's results by input key, as the file holds them: keys and values in two lists (v8's serializer is quickest on arrays). */
type StageEntries = [keys: string[], values: unknown[]];

/** The file: its fingerprint on a line of its own, read before the rest (tens of megabytes) is, then the entries by stage. */
type MemoEntries = Record<string, StageEntries>;

export function stageMemoPath(contentDir: string): string {
  return join(dirname(resolve(contentDir)), ".cache", "ingest", "page-stages.v8");
}

/** A key for a stage's inputs: a hash of the texts, each ended by a NUL (no text holds one after cleaning; a raw one is hashed whole). */
export function inputKey(...parts: string[]): string {
  const hash = createHash("sha1");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("base64");
}

export class StageMemo {
  private readonly next = new Map<string, Map<string, unknown>>();
  /** How many results were reused and computed, per stage, for the ingest's report. */
  readonly counts = new Map<string, { reused: number; computed: number }>();

  constructor(
    readonly fingerprint: string,
    private previous = new Map<string, Map<string, unknown>>(),
  ) {}

  /**
   * `items` mapped as `compute` maps them, in order: an item whose key the last run (or this one) saw takes that
   * result; `compute` gets the others, in order, and returns one result each (never undefined). Every result is kept
   * for the next run.
   */
  map<T, R>(stage: string, items: readonly T[], keyOf: (item: T) => string, compute: (misses: T[]) => R[]): R[] {
    const before = this.previous.get(stage);
    const now = this.next.get(stage) ?? new Map<string, unknown>();
    this.next.set(stage, now);
    const keys = items.map(keyOf);
    const results = new Array<R>(items.length);
    const missed: number[] = [];
    keys.forEach((key, i) => {
      const known = now.get(key) ?? before?.get(key);
      if (known === undefined) missed.push(i);
      else results[i] = known as R;
    });
    const computed = missed.length ? compute(missed.map((i) => items[i])) : [];
    missed.forEach((i, n) => (results[i] = computed[n]));
    keys.forEach((key, i) => now.set(key, results[i]));
    this.counts.set(stage, { reused: items.length - missed.length, computed: missed.length });
    return results;
  }

  /** Lets the last run's entries go: after the page stages, only this run's are needed (to write). */
  forgetPrevious(): void {
    this.previous = new Map();
  }

  /**
   * Writes this run's entries, atomically (a lost or torn file only means one more full run; not fsynced), and lets
   * them go: the archive stages that follow need the memory at 100,000 papers.
   */
  write(path: string): void {
    const stages: MemoEntries = {};
    for (const [stage, entries] of this.next) stages[stage] = [[...entries.keys()], [...entries.values()]];
    this.next.clear();
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic.sync(path, Buffer.concat([Buffer.from(`${this.fingerprint}\n`), serialize(stages)]), { fsync: false });
  }
}

/** The memo at `path` if it was written under `fingerprint` and is whole; else an empty one (a full run) under it. */
export function readStageMemo(path: string, fingerprint: string): StageMemo {
  const header = Buffer.from(`${fingerprint}\n`);
  const previous = new Map<string, Map<string, unknown>>();
  try {
    const file = readFileSync(path);
    if (!file.subarray(0, header.length).equals(header)) return new StageMemo(fingerprint);
    for (const [stage, [keys, values]] of Object.entries(deserialize(file.subarray(header.length)) as MemoEntries)) {
      if (!Array.isArray(keys) || !Array.isArray(values) || keys.length !== values.length) return new StageMemo(fingerprint);
      previous.set(stage, new Map(keys.map((key, i) => [key, values[i]])));
    }
  } catch {
    // No memo yet, or a torn one.
    return new StageMemo(fingerprint);
  }
  return new StageMemo(fingerprint, previous);
}
