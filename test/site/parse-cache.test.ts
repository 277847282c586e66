import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { basename, join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.ts";
import { PageParseCache, shardOf } from "../../src/store/parse-cache.ts";
import { checkPage, pageTextHash } from "../../src/store/read.ts";
import { readSample, tempContent, tempDir } from "../helpers.ts";

/** The parse cache the build reads its pages through (src/store/parse-cache.ts): a result only for the very bytes read. */

/** Every shard file of a cache folder, with the folder of the code that wrote it. */
function shardFiles(root: string): string[] {
  return readdirSync(root).flatMap((code) => readdirSync(join(root, code)).map((name) => join(root, code, name)));
}

/** Rewrites a shard's entries with `edit`, its checksum made to match (as the cache itself would write it). */
function rewriteShard(file: string, edit: (entries: Map<string, Record<string, unknown>>) => void): void {
  const entries = deserialize(readFileSync(file).subarray(32)) as Map<string, Record<string, unknown>>;
  edit(entries);
  const payload = serialize(entries);
  writeFileSync(file, Buffer.concat([createHash("sha256").update(payload).digest(), payload]));
}

/** Retitles a kept entry: a page the ingest wrote is kept as its JSON; another, as its data. */
function retitle(entry: Record<string, unknown>): void {
  if (typeof entry.pageJson === "string") entry.pageJson = JSON.stringify({ ...JSON.parse(entry.pageJson), title: "From the cache" });
  else (entry.data as Record<string, unknown>).title = "From the cache";
}

describe("the pages' parse cache", () => {
  let papers: string;
  let names: string[];
  beforeAll(() => {
    const content = tempContent({ "2025-03-17.txt": readSample() });
    ingest({ contentDir: content });
    papers = join(content, "papers");
    names = readdirSync(papers).filter((name) => name.endsWith(".md"));
  });
  const checkAll = (cache: PageParseCache) => names.map((name) => cache.check(join(papers, name), readFileSync(join(papers, name), "utf8")));

  it("gives what checkPage gives, from the file and then from the cache, and keeps dates as dates", () => {
    const root = tempDir("parse-cache-");
    const first = new PageParseCache(root);
    const parsed = checkAll(first);
    first.save();
    const cached = checkAll(new PageParseCache(root));
    const direct = names.map((name) => checkPage(join(papers, name), readFileSync(join(papers, name), "utf8")));
    const withHashes = direct.map((page, i) => ({ ...page, textHash: pageTextHash(readFileSync(join(papers, names[i]), "utf8")) }));
    expect(cached).toEqual(withHashes);
    expect(parsed).toEqual(withHashes);
    expect(new Set(cached.map((page) => page.textHash)).size).toBe(names.length);

    const handMade = join(papers, "about.md");
    writeFileSync(handMade, "---\ntitle: About\ndate: 2025-03-17\n---\nHand-made.\n");
    const cache = new PageParseCache(root);
    cache.check(handMade, readFileSync(handMade, "utf8"));
    cache.save();
    const again = new PageParseCache(root).check(handMade, readFileSync(handMade, "utf8"));
    expect(again.data.date).toBeInstanceOf(Date);
    expect(again.content).toBe("Hand-made.\n");

    // A page the ingest wrote, with a date the curator added (which JSON could not keep as a date).
    const dated = join(papers, names[0]);
    writeFileSync(dated, readFileSync(dated, "utf8").replace("---\n", "---\nreviewed: 2025-03-18\n"));
    const datedCache = new PageParseCache(root);
    const firstRead = datedCache.check(dated, readFileSync(dated, "utf8"));
    datedCache.save();
    const cachedRead = new PageParseCache(root, { copies: true }).check(dated, readFileSync(dated, "utf8"));
    expect(cachedRead.page?.reviewed).toBeInstanceOf(Date);
    expect(cachedRead).toEqual(firstRead);
  });

  it("is read when its shards are whole, a shard whose checksum fails is ignored, and other bytes are parsed anew", () => {
    const root = tempDir("parse-cache-");
    const cache = new PageParseCache(root);
    checkAll(cache);
    cache.save();
    const files = shardFiles(root);
    expect(files.length).toBeGreaterThan(10);
    // A shard rewritten whole is what the next run reads: the cache is used, not the file parsed again.
    for (const file of files) rewriteShard(file, (entries) => entries.forEach(retitle));
    expect(checkAll(new PageParseCache(root)).every((page) => page.data.title === "From the cache")).toBe(true);
    // A shard cut short or altered by a byte is ignored: each page is parsed from its file again.
    for (const file of files) {
      const bytes = readFileSync(file);
      bytes[bytes.length - 1] ^= 1;
      writeFileSync(file, bytes);
    }
    writeFileSync(files[0], "not a shard");
    expect(checkAll(new PageParseCache(root)).some((page) => page.data.title === "From the cache")).toBe(false);

    // A page's bytes changed: what they parse to now, whatever the cache holds.
    const name = names[0];
    const text = readFileSync(join(papers, name), "utf8").replace(/^title: .*$/m, "title: Retitled by the curator");
    expect(new PageParseCache(root).check(join(papers, name), text).data.title).toBe("Retitled by the curator");
  });

  it("checks pages shard by shard (checkEach), keeping every page's entry, the results in the pages' order", () => {
    const root = tempDir("parse-cache-");
    const paths = names.map((name) => join(papers, name));
    const cache = new PageParseCache(root);
    // The shards it holds at once (a private field, read here to see that each is let go before the next).
    const held = () => (cache as unknown as { shards: Map<number, unknown> }).shards.size;
    const inOrder = cache.checkEach(paths, (path, checked) => {
      expect(held()).toBe(1);
      return { path, ...checked };
    });
    expect(held()).toBe(0);
    expect(inOrder.map((page) => page.path)).toEqual(paths);
    expect(inOrder.map(({ path: _path, ...checked }) => checked)).toEqual(checkAll(new PageParseCache(tempDir("parse-cache-"))));
    expect(shardFiles(root).length).toBe(new Set(paths.map(shardOf)).size);
    // Every page's entry was kept: a second pass reads them all from the cache.
    for (const file of shardFiles(root)) rewriteShard(file, (entries) => entries.forEach(retitle));
    expect(new PageParseCache(root).checkEach(paths, (_path, checked) => checked.data.title)).toEqual(paths.map(() => "From the cache"));
  });

  it("names the first bad page in the pages' order, whichever shard it is in", () => {
    const root = tempDir("parse-cache-");
    const paths = names.map((name) => join(papers, name));
    // Two bad pages whose shards come in the opposite order to their names.
    const [first, second] = [...paths.keys()].flatMap((i) => paths.slice(i + 1).map((later) => [paths[i], later])).find(([a, b]) => shardOf(a) > shardOf(b))!;
    const originals = [first, second].map((path) => readFileSync(path, "utf8"));
    try {
      for (const path of [first, second]) writeFileSync(path, readFileSync(path, "utf8").replace(/^rank: .*$/m, "rank: first"));
      expect(() => new PageParseCache(root).checkEach(paths, () => undefined)).toThrow(new RegExp(`${basename(first)}:\\d+\\b.*rank`));
    } finally {
      [first, second].forEach((path, i) => writeFileSync(path, originals[i]));
    }
  });

  it("still refuses a page that breaks the schema, naming file and line, and keeps nothing for it", () => {
    const root = tempDir("parse-cache-");
    const name = names[0];
    const bad = readFileSync(join(papers, name), "utf8").replace(/^rank: .*$/m, "rank: first");
    const line = bad.split("\n").findIndex((l) => l.startsWith("rank:")) + 1;
    for (let run = 0; run < 2; run++) {
      const cache = new PageParseCache(root);
      expect(() => cache.check(join(papers, name), bad)).toThrow(new RegExp(`${name}:${line}\\b.*rank`));
      cache.save();
    }
    expect(readdirSync(root)).toEqual([]);
  });
});
