import { constants } from "node:buffer";

/**
 * Texts' UTF-8 bytes one after another in one growable buffer in shared memory, each encoded as soon as it is
 * made: a large output (100,000 pages, or the derived index's 100,000 lines) is never held as JavaScript strings
 * at once, nor copied to be written, and a worker thread reads it without a copy. The buffer grows in place
 * (a growable SharedArrayBuffer reserves its address space and commits memory only as it is written).
 * docs/scale.md, "One more day of the ingest".
 */
export class Utf8Bytes {
  private readonly buffer = new SharedArrayBuffer(1 << 16, { maxByteLength: constants.MAX_LENGTH });
  private view = Buffer.from(this.buffer);
  /** How many bytes are written. */
  size = 0;

  /** Appends `text`'s bytes; returns where they end. */
  append(text: string): number {
    const needed = this.size + Buffer.byteLength(text);
    if (needed > this.buffer.byteLength) {
      this.buffer.grow(Math.min(constants.MAX_LENGTH, Math.max(needed, 2 * this.buffer.byteLength)));
      this.view = Buffer.from(this.buffer);
    }
    this.size += this.view.write(text, this.size);
    return this.size;
  }

  /** The bytes from `start` to `end` (default: all written), without a copy. */
  subarray(start = 0, end = this.size): Buffer {
    return this.view.subarray(start, end);
  }

  /** The bytes written as a fixed-length view, for a worker thread. */
  bytes(): Uint8Array {
    return new Uint8Array(this.buffer, 0, this.size);
  }

  /** The text, decoded (for tests and small outputs). */
  toString(): string {
    return this.subarray().toString("utf8");
  }
}
