import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { modelFolder, writeArrays, writeModel } from "./corpus-files.ts";
import { WordTable } from "./terms.ts";
import { countCorpus, type Documents } from "./tfidf.ts";

/**
 * Building the archive's TF-IDF model beside the ingest (src/analysis/tfidf.ts starts this module's `run` in a worker
 * thread through src/platform/workers.ts) while the ingest's thread puts the pages together. The counting itself runs
 * in a process of its own (`main`, below), which this thread waits for: its working memory (the table of millions of
 * terms and its growth) is then not the ingest's, whose process peaked there at 100,000 papers (docs/scale.md). The
 * two exchange typed arrays as files in a temporary folder (src/analysis/corpus-files.ts); this thread returns the
 * folder, and the ingest's thread reads the model from it into shared memory once this thread is gone.
 */

/** How long the model may take before the ingest gives up on it. */
const TIMEOUT_MS = 10 * 60_000;

/** The folder the model was written into, once its process has finished; throws (the folder removed) if it failed. */
export function run({ documents, table }: { documents: Documents; table: WordTable }): string {
  const dir = modelFolder();
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
    return dir;
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The process's side: the documents and word table from `dir`, the model's arrays back into it. */
export function main(dir: string): void {
  const plain = <T extends Uint8Array | Uint32Array>(
    name: string,
    type: { new (buffer: ArrayBuffer, offset: number, length: number): T; BYTES_PER_ELEMENT: number },
  ) => {
    const read = readFileSync(join(dir, name));
    // An array's view must start at a multiple of its element's size.
    const bytes = read.byteOffset % 8 ? new Uint8Array(read) : read;
    return new type(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength / type.BYTES_PER_ELEMENT);
  };
  const documents = { ids: plain("ids", Uint32Array), start: plain("start", Uint32Array) };
  const table = new WordTable(plain("stems", Uint32Array), plain("stops", Uint8Array), Number(readFileSync(join(dir, "stemCount"), "utf8")));
  writeModel(dir, countCorpus(documents, table));
}
