import { hash } from "node:crypto";
import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { deserialize, serialize } from "node:v8";

/**
 * What the page stages that map one paper at a time (clean, tokens, topics, summary) gave each input last run, so one more day
 * runs them only on what it has not seen: at 100,000 papers they took a fifth to a quarter of a day's ingest, for the 50 papers it
 * adds (docs/scale.md, "One more day of the ingest"). A result is kept under a hash of exactly what its stage reads, and the whole
 * memo under a fingerprint of the code and of the files the stages read besides the papers (the taxonomy): another
 * fingerprint, a missing or unreadable file, gives an empty memo and a full run. Being keyed by input, an entry can
 * never be stale. A stage's file holds the entries of the run that last wrote it whole; each later run appends the
 * entries it computed to a second file beside it (a day's 50 papers, not the archive's 100,000: rewriting the whole memo
 * took 3.1–3.7 s of a day at 100,000 papers), until the two hold an eighth more entries than the run used, or the
 * appended ones are an eighth of them (`SLACK`), and that run writes its own entries whole again. So the files grow
 * with the archive, not with its history.
 *
 * It lives beside the content folder (`<project>/.cache/ingest/`, git-ignored), not in it: the site's build counts
 * the content folder's other files as code (src/site/render-plan.ts). At 100,000 papers it holds about 290 MB.
 */

/**
 * A stage's results by input key, as its file holds them: keys and values in two lists (v8's serializer is quickest on
 * arrays), and for results in a run's own numbering, what the numbers meant in the run that wrote them (`Numbering`).
 */
type StageEntries = [keys: string[], values: unknown[], table?: unknown];

/** How many more entries than a run used the files may hold, and how many appended ones they may hold, before that run writes its own whole: an eighth of those it used. */
const SLACK = 1 / 8;

/** What a run found in a stage's files, to decide how it writes its own entries. */
interface StageFiles {
  /** Entries the files hold (an entry appended twice counts twice). */
  entries: number;
  /** Of those, the ones appended after the whole file. */
  appendedEntries: number;
  /** False where the files could not all be read under this fingerprint: the run then writes its entries whole. */
  whole: boolean;
  /** Whether the appended file was begun under this fingerprint. */
  appended: boolean;
}

/** What a run finds when a stage's files cannot be read: nothing, and they are written whole. */
const NO_FILES: Readonly<StageFiles> = { entries: 0, appendedEntries: 0, whole: false, appended: false };

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

/** The memo's folder: a file a stage and one of what later runs appended to it, each beginning with its fingerprint on a first line. */
export function stageMemoPath(contentDir: string): string {
  return join(dirname(resolve(contentDir)), ".cache", "ingest");
}

/** A key for a stage's inputs: a hash of the texts, each ended by a NUL (no text holds one after cleaning; a raw one is hashed whole). */
export function inputKey(...parts: string[]): string {
  return hash("sha1", parts.map((part) => `${part}\0`).join(""), "base64");
}

export class StageMemo {
  private readonly next = new Map<string, Map<string, unknown>>();
  /** Per stage, the results this run computed (the rest of `next` came from the files) and what its files held. */
  private readonly computed = new Map<string, Map<string, unknown>>();
  private readonly files = new Map<string, StageFiles>();
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
    const { entries: before, files } = this.read(stage, numbering);
    this.files.set(stage, files);
    if (numbering) this.numberings.set(stage, numbering);
    const now = this.next.get(stage) ?? new Map<string, unknown>();
    this.next.set(stage, now);
    const computedNow = this.computed.get(stage) ?? new Map<string, unknown>();
    this.computed.set(stage, computedNow);
    const keys = items.map(keyOf);
    const results = new Array<R>(items.length);
    const missed: number[] = [];
    keys.forEach((key, i) => {
      const known = now.get(key) ?? before.get(key);
      if (known === undefined) missed.push(i);
      else results[i] = known as R;
    });
    const computed = missed.length ? compute(missed.map((i) => items[i])) : [];
    missed.forEach((i, n) => {
      results[i] = computed[n];
      computedNow.set(keys[i], computed[n]);
    });
    keys.forEach((key, i) => now.set(key, results[i]));
    this.counts.set(stage, { reused: items.length - missed.length, computed: missed.length });
    return results;
  }

  /**
   * The results the files for `stage` hold, if its file was written under this fingerprint and is whole (else none: a
   * full run), with those appended after it up to the first that is not whole.
   */
  private read<R>(stage: string, numbering?: Numbering<R>): { entries: Map<string, unknown>; files: StageFiles } {
    const entries = new Map<string, unknown>();
    const files: StageFiles = { ...NO_FILES };
    const base = this.readFile(this.file(stage));
    if (!base || !this.take(base, entries, files, numbering)) return { entries: new Map(), files: NO_FILES };
    files.whole = true;
    const appended = this.readFile(this.appendedFile(stage));
    files.appended = appended !== undefined;
    // Frames of a length and its entries; a torn one ends what is read, and the files are then written whole.
    const inBase = files.entries;
    for (let at = 0; appended && at < appended.length;) {
      const length = at + 4 <= appended.length ? appended.readUInt32LE(at) : Infinity;
      if (at + 4 + length > appended.length || !this.take(appended.subarray(at + 4, at + 4 + length), entries, files, numbering)) {
        files.whole = false;
        break;
      }
      at += 4 + length;
    }
    files.appendedEntries = files.entries - inBase;
    return { entries, files };
  }

  /** A file's bytes after its fingerprint line, if it was written under this fingerprint; else none. */
  private readFile(path: string): Buffer | undefined {
    const header = Buffer.from(`${this.fingerprint}\n`);
    try {
      const file = readFileSync(path);
      return file.subarray(0, header.length).equals(header) ? file.subarray(header.length) : undefined;
    } catch {
      // No memo yet.
      return undefined;
    }
  }

  /** Adds the entries serialized in `bytes` to `entries`, all or none; false if they are not whole or not of this numbering. */
  private take<R>(bytes: Buffer, entries: Map<string, unknown>, files: StageFiles, numbering?: Numbering<R>): boolean {
    try {
      const [keys, values, table] = deserialize(bytes) as StageEntries;
      if (!Array.isArray(keys) || !Array.isArray(values) || keys.length !== values.length) return false;
      if ((table === undefined) !== (numbering === undefined)) return false;
      const take = numbering ? numbering.reader(table) : (value: unknown) => value;
      const read = keys.map((key, i) => [key, take(values[i] as R)] as const);
      for (const [key, value] of read) entries.set(key, value);
      files.entries += keys.length;
      return true;
    } catch {
      // A torn file, or one another numbering cannot read.
      return false;
    }
  }

  private file(stage: string): string {
    return join(this.dir, `${stage}.v8`);
  }

  /** Where the entries later runs computed are appended (`read`). */
  private appendedFile(stage: string): string {
    return join(this.dir, `${stage}.more.v8`);
  }

  /**
   * Writes this run's results, a stage at a time, and lets them go: the entries it computed appended to the stage's
   * files, or, where they would then hold more than `SLACK` entries beyond those it used or appended ones past `SLACK`
   * of them, or could not all be read, all of them written whole (a temporary file renamed over it; a lost or torn
   * file only means one more full run, so none is fsynced) and the appended ones removed. The fingerprint and the
   * serialized entries are written one after the other: put together, a second copy of up to 100 MB.
   */
  write(): void {
    mkdirSync(this.dir, { recursive: true });
    for (const [stage, entries] of this.next) {
      // Each stage's results are let go once written, before the next stage's are serialized.
      this.next.delete(stage);
      const computed = this.computed.get(stage) ?? new Map<string, unknown>();
      this.computed.delete(stage);
      const files = this.files.get(stage) ?? NO_FILES;
      const fits = files.entries + computed.size <= entries.size * (1 + SLACK) && files.appendedEntries + computed.size <= entries.size * SLACK;
      if (files.whole && fits) {
        if (computed.size) this.append(stage, computed, files.appended);
        continue;
      }
      const path = this.file(stage);
      writeFileSync(`${path}.tmp`, `${this.fingerprint}\n`);
      appendFileSync(`${path}.tmp`, this.serialize(stage, entries));
      renameSync(`${path}.tmp`, path);
      rmSync(this.appendedFile(stage), { force: true });
    }
  }

  /** Appends `entries` to the stage's appended file as a frame of its length and its bytes; `begun`: else the file is begun with the fingerprint. */
  private append(stage: string, entries: Map<string, unknown>, begun: boolean): void {
    const path = this.appendedFile(stage);
    const body = this.serialize(stage, entries);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(body.length);
    if (!begun) writeFileSync(path, `${this.fingerprint}\n`);
    appendFileSync(path, Buffer.concat([length, body]));
  }

  private serialize(stage: string, entries: Map<string, unknown>): Buffer {
    const numbering = this.numberings.get(stage)?.write([...entries.values()]);
    return serialize(
      (numbering ? [[...entries.keys()], numbering.results, numbering.table] : [[...entries.keys()], [...entries.values()]]) satisfies StageEntries,
    );
  }
}
