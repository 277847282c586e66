import { spawnSync } from "node:child_process";
import { closeSync, fstatSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WordTable } from "./terms.ts";
import { countCorpus, type CorpusArrays, type Documents } from "./tfidf.ts";

/**
 * Building the archive's TF-IDF model beside the ingest (src/analysis/tfidf.ts starts this module's `run` in a worker
 * thread through src/platform/workers.ts) while the ingest's thread puts the pages together. The counting itself runs
 * in a process of its own (`main`, below), which this thread waits for: its working memory (the table of millions of
 * terms and its growth) is then not the ingest's, whose process peaked there at 100,000 papers (docs/scale.md). The
 * two exchange typed arrays as files in a temporary folder, each array a file of its bytes; this thread reads the
 * model's into shared memory, which the ingest's threads search without a copy.
 */

type Arrays = Record<string, Uint8Array | Uint16Array | Int32Array | Uint32Array | Float64Array>;

/** How long the model may take before the ingest gives up on it. */
const TIMEOUT_MS = 10 * 60_000;

/** Each array's bytes to `<dir>/<name>`. */
function writeArrays(dir: string, arrays: Arrays): void {
  for (const [name, array] of Object.entries(arrays)) writeFileSync(join(dir, name), new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
}

/** The file `<dir>/<name>` as an array of `type` in shared memory, read straight into it. */
function readArray<T extends Arrays[string]>(dir: string, name: string, type: { new (buffer: SharedArrayBuffer): T }): T {
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

export function run({ documents, table }: { documents: Documents; table: WordTable }): CorpusArrays {
  const dir = mkdtempSync(join(tmpdir(), "paper-digest-corpus-"));
  try {
    writeArrays(dir, { ids: documents.ids, start: documents.start, stems: table.stems, stops: table.stops });
    writeFileSync(join(dir, "stemCount"), String(table.stemCount));
    // The module runs under tsx, as the ingest does (a new process does not inherit its loader).
    const boot = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); }).then(({ main }) => main(${JSON.stringify(dir)}))`;
    const child = spawnSync(process.execPath, ["-e", boot], { stdio: ["ignore", "ignore", "pipe"], timeout: TIMEOUT_MS, maxBuffer: 16 << 20 });
    if (child.status !== 0)
      throw new Error(
        `the process building related papers' model failed (${child.error?.message ?? child.signal ?? child.status}): ${String(child.stderr ?? "").slice(-2000)}`,
      );
    return {
      rows: {
        start: readArray(dir, "rows.start", Uint32Array),
        terms: readArray(dir, "rows.terms", Uint32Array),
        weights: readArray(dir, "rows.weights", Float64Array),
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

/** The process's side: the documents and word table from `dir`, the model's arrays back into it. */
export function main(dir: string): void {
  const plain = <T extends Arrays[string]>(name: string, type: { new (buffer: ArrayBuffer, offset: number, length: number): T; BYTES_PER_ELEMENT: number }) => {
    const read = readFileSync(join(dir, name));
    // An array's view must start at a multiple of its element's size.
    const bytes = read.byteOffset % 8 ? new Uint8Array(read) : read;
    return new type(bytes.buffer, bytes.byteOffset, bytes.byteLength / type.BYTES_PER_ELEMENT);
  };
  const documents = { ids: plain("ids", Uint32Array), start: plain("start", Uint32Array) };
  const table = new WordTable(plain("stems", Uint32Array), plain("stops", Uint8Array), Number(readFileSync(join(dir, "stemCount"), "utf8")));
  const { rows, df, parts, text } = countCorpus(documents, table);
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
