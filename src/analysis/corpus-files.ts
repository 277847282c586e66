import { closeSync, fstatSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isRunning } from "../platform/process-alive.ts";

/**
 * Typed arrays as files, each a file of its bytes in a folder: how the ingest and the process that builds related
 * papers' model (src/analysis/corpus-worker.ts) hand each other the documents and the model.
 */

/** The folders the two hand each other the arrays in, named by the ingest's process id. */
const FOLDER = /^paper-digest-corpus-(\d+)-/;

/** A new folder for one run's documents and model, in the system's temporary folder. */
export function modelFolder(): string {
  return mkdtempSync(join(tmpdir(), `paper-digest-corpus-${process.pid}-`));
}

/**
 * Removes the folders of ingests that are no longer running, and returns their paths. An ingest stopped while its model
 * was being built leaves its folder behind: the model's process runs on to its end and writes into it (at 100,000
 * papers, a few hundred megabytes). One that cannot be removed (another user's, or still being written into) is left
 * for a later run: its removal is tidying, never a reason to stop the ingest.
 */
export function removeOrphanedModelFolders(): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(tmpdir())) {
    const owner = FOLDER.exec(name)?.[1];
    if (owner === undefined || isRunning(Number(owner))) continue;
    try {
      rmSync(join(tmpdir(), name), { recursive: true, maxRetries: 2 });
      removed.push(join(tmpdir(), name));
    } catch {
      // Left for a later run.
    }
  }
  return removed;
}

type TypedArray = Uint8Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** The model's arrays, as src/analysis/tfidf.ts's `CorpusArrays` holds them. */
export interface ModelArrays {
  rows: { start: Uint32Array; terms: Uint32Array; weights: Float32Array; tf: Uint16Array };
  df: Uint32Array;
  parts: Int32Array;
  text: { start: Uint32Array; words: Uint32Array; unigrams: Uint32Array };
}

/** Each array's bytes to `<dir>/<name>`. */
export function writeArrays(dir: string, arrays: Record<string, TypedArray>): void {
  for (const [name, array] of Object.entries(arrays)) writeFileSync(join(dir, name), new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
}

/** The file `<dir>/<name>` as an array of `type` in shared memory, read straight into it. */
function readArray<T extends TypedArray>(dir: string, name: string, type: { new (buffer: SharedArrayBuffer): T }): T {
  const fd = openSync(join(dir, name), "r");
  try {
    const bytes = new Uint8Array(new SharedArrayBuffer(fstatSync(fd).size));
    for (let at = 0; at < bytes.length;) {
      const n = readSync(fd, bytes, at, bytes.length - at, at);
      if (n === 0) throw new Error(`${name} of related papers' model ended early`);
      at += n;
    }
    return new type(bytes.buffer as SharedArrayBuffer);
  } finally {
    closeSync(fd);
  }
}

/** The model's arrays that `writeModel` wrote into `dir`, in shared memory (the ingest's two threads search it); the folder is removed. */
export function readModel(dir: string): ModelArrays {
  try {
    return {
      rows: {
        start: readArray(dir, "rows.start", Uint32Array),
        terms: readArray(dir, "rows.terms", Uint32Array),
        weights: readArray(dir, "rows.weights", Float32Array),
        tf: readArray(dir, "rows.tf", Uint16Array),
      },
      df: readArray(dir, "df", Uint32Array),
      parts: readArray(dir, "parts", Int32Array),
      text: {
        start: readArray(dir, "text.start", Uint32Array),
        words: readArray(dir, "text.words", Uint32Array),
        unigrams: readArray(dir, "text.unigrams", Uint32Array),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The model's arrays into `dir`, the words of each document only as far as they go. */
export function writeModel(dir: string, { rows, df, parts, text }: ModelArrays): void {
  const used = text.start[text.start.length - 1];
  writeArrays(dir, {
    "rows.start": rows.start,
    "rows.terms": rows.terms,
    "rows.weights": rows.weights,
    "rows.tf": rows.tf,
    df,
    parts,
    "text.start": text.start,
    "text.words": text.words.subarray(0, used),
    "text.unigrams": text.unigrams.subarray(0, used),
  });
}
