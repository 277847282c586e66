import { createHash, hash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { deserialize, serialize } from "node:v8";
import { hashCode } from "../platform/fingerprint.ts";
import { checkPage, ownCopy, pageTextHash } from "./check-page.ts";
import { writeFileAtomically } from "../platform/atomic-write.ts";
import { fromFolder } from "../platform/folder-paths.ts";

/**
 * What `checkPage` made of a page file, kept between runs (docs/scale.md, "What keeps a daily build quick"). Every
 * build reads every page's front matter, and YAML with the schema check was 2.8 s of CPU per 10,000 pages — most of
 * a day's build at 100,000 papers, for pages that did not change. The result is kept under a hash of the file's name
 * and bytes (modification times say nothing after a fresh checkout), so a cached result is only ever that of the
 * very bytes just read: a stale entry is never found, only outlived. The schema check's result is part of what is
 * kept, under a fingerprint of the code (src/, the locked dependencies): other code, another folder, a fresh parse.
 *
 * On disk: .cache/page-parse/<code fingerprint>/<00–ff>.bin, entries spread by a hash of the file's name
 * (`shardOf`) so that a day's few new pages rewrite few files, and so that two threads can share out the pages by shard
 * before reading them (the ingest: src/store/read.ts), each reading only its own shards. Each file is a SHA-256 of its payload followed by the payload (v8's serialization,
 * which keeps the dates YAML reads as Date objects); a file that does not match its hash or does not deserialize is
 * ignored. Writes are atomic. A shard keeps its entries in the order last used and drops the least recently used past
 * `SHARD_LIMIT`; a run leaves no folder of other code behind.
 */

/** What `checkPage` gives, but for a page the ingest wrote `data` is the checked page (`page`), not the YAML as parsed. */
export type CheckedPage = ReturnType<typeof checkPage>;

/**
 * A kept result: `content` is the file's text from `contentFrom` on (not kept twice), or given whole. A checked page
 * is kept as its JSON (`pageJson`) where JSON gives it back as it is (`jsonSafe`: no dates, no other objects), else as
 * itself (`page`, which is `data` too). JSON is parsed only for the pages asked for, and parses into objects as compact
 * as the ones the parser makes, with short strings (dates, topics) shared: the same pages read as v8's deserializer gives
 * them took 130 MB more of the ingest's heap at 100,000 papers.
 */
interface Entry {
  data?: Record<string, unknown>;
  page?: CheckedPage["page"];
  pageJson?: string;
  contentFrom?: number;
  content?: string;
  refused: string[];
}

const ROOT = resolve(import.meta.dirname, "..", "..");
/** The project's parse cache, which the build and the ingest share. */
export const PARSE_CACHE = join(ROOT, ".cache", "page-parse");
/** Entries a shard keeps: 256 shards of 1,024, room for an archive of 100,000 pages two and a half times over. */
const SHARD_LIMIT = 1024;

export class PageParseCache {
  private readonly dir: string;
  private readonly shards = new Map<number, { entries: Map<string, Entry>; changed: boolean }>();
  /** Whether this cache wrote a shard: its folder is then this code's, and other code's are removed. */
  private wrote = false;

  /**
   * The cache in `root`. With `copies`, what a page parses to is kept (and returned) as a copy that refers to nothing
   * of the file's text (`ownCopy`): the parser's strings are slices of it, which would keep every text read alive as
   * long as the cache is (the ingest reads 100,000 pages through one).
   */
  constructor(
    root = PARSE_CACHE,
    private readonly options: { copies?: boolean } = {},
  ) {
    this.dir = join(root, hashCode(createHash("sha256")).digest("hex").slice(0, 16));
  }

  private shard(index: number) {
    let shard = this.shards.get(index);
    if (!shard) this.shards.set(index, (shard = { entries: readShard(this.shardPath(index)), changed: false }));
    return shard;
  }

  private shardPath(index: number): string {
    return join(this.dir, `${index.toString(16).padStart(2, "0")}.bin`);
  }

  /**
   * `checkPage(path, text)`, from the cache when these bytes under this name were checked before, with the bytes'
   * hash (`pageTextHash`). Throws as checkPage does. What it returns on a first parse is what `save` writes: save before
   * changing it.
   */
  check(path: string, text: string): CheckedPage & { textHash: string } {
    const textHash = pageTextHash(text);
    // The name as checkPage's messages give it (relative to the working directory), and the bytes.
    const name = fromFolder(process.cwd(), path);
    const shard = this.shard(shardOf(path));
    const id = hash("sha1", `${name}\0${textHash}`, "base64");
    const copy: <T>(value: T) => T = this.options.copies ? ownCopy : (value) => value;
    const kept = shard.entries.get(id);
    if (kept && isEntry(kept)) {
      // Used now: it moves to the end, last to be dropped (the shard is only rewritten if something else changed in it).
      shard.entries.delete(id);
      shard.entries.set(id, kept);
      const page = kept.pageJson === undefined ? kept.page : (JSON.parse(kept.pageJson) as CheckedPage["page"]);
      const content = kept.content ?? copy(text.slice(kept.contentFrom));
      return { data: page ?? kept.data!, ...(page && { page }), content, refused: kept.refused, textHash };
    }
    const parsed = checkPage(path, text);
    const pageJson = parsed.page && jsonSafe(parsed.page) ? JSON.stringify(parsed.page) : undefined;
    // A copy through the JSON kept is as the next run's hit will give it.
    const page = pageJson !== undefined && this.options.copies ? (JSON.parse(pageJson) as CheckedPage["page"]) : parsed.page && copy(parsed.page);
    const checked = { data: page ?? copy(parsed.data), ...(page && { page }), content: copy(parsed.content), refused: copy(parsed.refused) };
    const contentFrom = text.length - checked.content.length;
    const whole = !text.endsWith(checked.content);
    shard.entries.set(id, {
      // A checked page that JSON cannot hold is kept once: as `data` too (the same object, which v8's serializer writes once).
      ...(pageJson !== undefined ? { pageJson } : page ? { data: page, page } : { data: checked.data }),
      ...(whole ? { content: checked.content } : { contentFrom }),
      refused: checked.refused,
    });
    shard.changed = true;
    return { ...checked, textHash };
  }

  /**
   * `use(path, check(path, text), text)` for each of `paths`, the pages taken shard by shard: each shard's file is read,
   * its pages checked, and the shard written (if it gained entries) and let go before the next, so that the cache holds
   * one shard's entries at a time rather than the whole archive's (at 100,000 pages they were a tenth of a build
   * process's peak; docs/scale.md). The results are in the order of `paths`; when pages fail, the first of them in that
   * order is thrown (as reading them in order would), once every shard is written.
   */
  checkEach<T>(paths: readonly string[], use: (path: string, checked: CheckedPage & { textHash: string }, text: string) => T): T[] {
    const byShard = new Map<number, number[]>();
    paths.forEach((path, position) => {
      const index = shardOf(path);
      const positions = byShard.get(index);
      if (positions) positions.push(position);
      else byShard.set(index, [position]);
    });
    const results = new Array<T>(paths.length);
    let failure: { position: number; error: unknown } | undefined;
    for (const index of [...byShard.keys()].sort((a, b) => a - b)) {
      for (const position of byShard.get(index)!) {
        if (failure && failure.position < position) continue;
        try {
          const text = readFileSync(paths[position], "utf8");
          results[position] = use(paths[position], this.check(paths[position], text), text);
        } catch (error) {
          failure = { position, error };
        }
      }
      this.release(index);
    }
    this.save();
    if (failure) throw failure.error;
    return results;
  }

  /** Writes shard `index` if it gained entries, and lets go of it (read again if asked for). */
  private release(index: number): void {
    const shard = this.shards.get(index);
    if (shard?.changed) this.write(index, shard);
    this.shards.delete(index);
  }

  /** Writes the shards that gained entries, each its most recently used `SHARD_LIMIT`, and removes other code's folders. */
  save(): void {
    for (const [index, shard] of this.shards) if (shard.changed) this.write(index, shard);
    if (!this.wrote) return;
    const root = join(this.dir, "..");
    for (const other of readdirSync(root)) if (join(root, other) !== this.dir) rmSync(join(root, other), { recursive: true, force: true });
  }

  private write(index: number, shard: { entries: Map<string, Entry>; changed: boolean }): void {
    mkdirSync(this.dir, { recursive: true });
    for (const key of shard.entries.keys()) {
      if (shard.entries.size <= SHARD_LIMIT) break;
      shard.entries.delete(key);
    }
    const payload = serialize(shard.entries);
    const file = Buffer.concat([createHash("sha256").update(payload).digest(), payload]);
    writeFileAtomically(this.shardPath(index), file);
    shard.changed = false;
    this.wrote = true;
  }
}

/** The shard (0–255) a page file's entries are kept in: by its name as checkPage's messages give it, relative to the working directory. */
export function shardOf(path: string): number {
  return hash("sha1", fromFolder(process.cwd(), path), "buffer")[0];
}

/** Whether a value read from a shard has an entry's form (a shard of another form, whole, is never used). */
function isEntry(value: unknown): value is Entry {
  const entry = value as Entry;
  const object = (item: unknown) => typeof item === "object" && item !== null;
  return (
    object(entry) &&
    (typeof entry.pageJson === "string" || object(entry.data)) &&
    Array.isArray(entry.refused) &&
    (typeof entry.content === "string" || typeof entry.contentFrom === "number")
  );
}

/** Whether JSON gives `value` back as it is: strings, finite numbers (not -0), booleans, null, lists and plain objects of them. */
function jsonSafe(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(jsonSafe);
  if (typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype || Object.hasOwn(value, "__proto__")) return false;
  return Object.values(value).every(jsonSafe);
}

/** A shard's entries; none if it is missing, cut short, altered or not of this form. */
function readShard(path: string): Map<string, Entry> {
  try {
    const file = readFileSync(path);
    const payload = file.subarray(32);
    if (!createHash("sha256").update(payload).digest().equals(file.subarray(0, 32))) return new Map();
    const entries: unknown = deserialize(payload);
    return entries instanceof Map ? (entries as Map<string, Entry>) : new Map();
  } catch {
    return new Map();
  }
}
