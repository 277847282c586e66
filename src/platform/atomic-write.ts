import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { threadId } from "node:worker_threads";

/**
 * A file written atomically: its bytes into a temporary file beside it (`<name>.<pid>.<thread>.tmp`), renamed over it, so a
 * reader or a crash sees the old file or the new one, never half of one. The ingest's writers use this rather than
 * write-file-atomic, which removes its temporary file on a signal through signal-exit's handlers: in the ingest, which
 * runs synchronously, such a handler runs only once the whole run is over, and one removed by then swallows the signal
 * (a Ctrl-C ignored, the run ending as if nothing had happened). A run stopped mid-write leaves the temporary file,
 * which the next run removes (src/store/paths.ts, `removeStaleTemporaryFiles`). `data` may come in pieces, written one
 * after another, so that a large file is never put together in memory first.
 */
export function writeFileAtomically(path: string, data: Uint8Array | string | (Uint8Array | string)[], { fsync = false }: { fsync?: boolean } = {}): void {
  const temporary = temporaryPath(path);
  // A file written over keeps its permissions, as write-file-atomic keeps them (a curator's chmod of a page stands).
  let mode: number | undefined;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch {
    // A new file: the process's default.
  }
  try {
    const fd = openSync(temporary, "w");
    try {
      for (const piece of Array.isArray(data) ? data : [data]) writeFileSync(fd, piece);
      if (mode !== undefined) fchmodSync(fd, mode);
      if (fsync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** By process and thread, so that no two writers share one. */
function temporaryPath(path: string): string {
  return `${path}.${process.pid}.${threadId}.tmp`;
}
