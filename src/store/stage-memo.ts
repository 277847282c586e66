import { hash } from "node:crypto";
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { deserialize, serialize } from "node:v8";

/**
 * What the page stages that map one paper at a time (clean, tokens, topics, summary) gave each input last run, so one more day
 * runs them only on what it has not seen: at 100,000 papers they took a fifth to a quarter of a day's ingest, for the 50 papers it
 * adds (docs/scale.md, "One more day of the ingest"). A result is kept under a hash of exactly what its stage reads, and the whole
 * memo under a fingerprint of the code and of the files the stages read besides the papers (the taxonomy): another
 * fingerprint, a missing or unreadable file, gives an empty memo and a full run. Being keyed by input, an entry can
 * never be stale; the files hold the last run's entries only, so they grow with the archive, not with its history.
 *
 * It lives beside the content folder (`<project>/.cache/ingest/`, git-ignored), not in it: the site's build counts
 * the content folder's other files as code (src/site/render-plan.ts). At 100,000 papers it holds about 290 MB.
 */

/**
 * A stage's results by input key, as its file holds them: keys and values in two lists (v8's serializer is quickest on
 * arrays), and for results in a run's own numbering, what the numbers meant in the run that wrote them (`Numbering`).
 */
type StageEntries = [keys: string[], values: unknown[], table?: unknown];

/**
 * For a stage whose results hold numbers that mean something only in the run that made them (the ids of the
 * process's vocabulary: src/analysis/terms.ts): how a run writes its results, and how a later run takes them on.
 */
export interface Numbering<R> {
  /** The results as they are written, in a numbering of their own, with the table that says what its numbers mean. */
  write(results: R[]): { table: unknown; results: R[] };
  /** A function from a result written under `table` to the same result in this run's numbering; it throws on one the table cannot read. */
  reader(table: unknown): (result: R) => R;
}

/** The memo's folder: a file a stage, each its fingerprint on a first line, read before the rest (up to 100 MB) is. */
export function stageMemoPath(contentDir: string): string {
  return join(dirname(resolve(contentDir)), ".cache", "ingest");
}

/** A key for a stage's inputs: a hash of the texts, each ended by a NUL (no text holds one after cleaning; a raw one is hashed whole). */
export function inputKey(...parts: string[]): string {
  return hash("sha1", parts.map((part) => `${part}\0`).join(""), "base64");
}

export class StageMemo {
  private readonly next = new Map<string, Map<string, unknown>>();
  private readonly numberings = new Map<string, Pick<Numbering<unknown>, "write">>();
  /** How many results were reused and computed, per stage, for the ingest's report. */
  readonly counts = new Map<string, { reused: number; computed: number }>();

  /** The memo in `dir` (`stageMemoPath`), valid under `fingerprint`: the code's and what the stages read besides a paper. */
  constructor(
    readonly dir: string,
    readonly fingerprint: string,
  ) {}

  /**
   * `items` mapped as `compute` maps them, in order: an item whose key the last run (or this one) saw takes that
   * result; `compute` gets the others, in order, and returns one result each (never undefined). Every result is kept
   * for the next run. The last run's results for the stage are read here and let go when it returns: one stage's at
   * a time are held, at the peak of the run's memory. With `numbering`, the last run's results are read into this
   * run's numbering, and this run's are written in a numbering of their own with its table.
   */
  map<T, R>(stage: string, items: readonly T[], keyOf: (item: T) => string, compute: (misses: T[]) => R[], numbering?: Numbering<R>): R[] {
    const before = this.read(stage, numbering);
    if (numbering) this.numberings.set(stage, numbering);
    const now = this.next.get(stage) ?? new Map<string, unknown>();
    this.next.set(stage, now);
    const keys = items.map(keyOf);
    const results = new Array<R>(items.length);
    const missed: number[] = [];
    keys.forEach((key, i) => {
      const known = now.get(key) ?? before.get(key);
      if (known === undefined) missed.push(i);
      else results[i] = known as R;
    });
    const computed = missed.length ? compute(missed.map((i) => items[i])) : [];
    missed.forEach((i, n) => (results[i] = computed[n]));
    keys.forEach((key, i) => now.set(key, results[i]));
    this.counts.set(stage, { reused: items.length - missed.length, computed: missed.length });
    return results;
  }

  /** The last run's results for `stage` if its file was written under this fingerprint and is whole; else none (a full run). */
  private read<R>(stage: string, numbering?: Numbering<R>): Map<string, unknown> {
    const header = Buffer.from(`${this.fingerprint}\n`);
    try {
      const file = readFileSync(this.file(stage));
      if (!file.subarray(0, header.length).equals(header)) return new Map();
      const [keys, values, table] = deserialize(file.subarray(header.length)) as StageEntries;
      if (!Array.isArray(keys) || !Array.isArray(values) || keys.length !== values.length) return new Map();
      if ((table === undefined) !== (numbering === undefined)) return new Map();
      const take = numbering ? numbering.reader(table) : (value: unknown) => value;
      return new Map(keys.map((key, i) => [key, take(values[i] as R)]));
    } catch {
      // No memo yet, or a torn one.
      return new Map();
    }
  }

  private file(stage: string): string {
    return join(this.dir, `${stage}.v8`);
  }

  /**
   * Writes this run's results, a file a stage, each atomically (a temporary file renamed over it; a lost or torn
   * file only means one more full run, so none is fsynced), and lets them go. The fingerprint and the serialized
   * entries are written one after the other: put together, a second copy of up to 100 MB.
   */
  write(): void {
    mkdirSync(this.dir, { recursive: true });
    for (const [stage, entries] of this.next) {
      // Each stage's results are let go once written, before the next stage's are serialized.
      this.next.delete(stage);
      const numbering = this.numberings.get(stage)?.write([...entries.values()]);
      const body = serialize(
        (numbering ? [[...entries.keys()], numbering.results, numbering.table] : [[...entries.keys()], [...entries.values()]]) satisfies StageEntries,
      );
      const path = this.file(stage);
      writeFileSync(`${path}.tmp`, `${this.fingerprint}\n`);
      appendFileSync(`${path}.tmp`, body);
      renameSync(`${path}.tmp`, path);
    }
  }
}
