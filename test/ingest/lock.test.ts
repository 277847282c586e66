import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingest, ingestLockPath } from "../../src/ingest/ingest.ts";
import { generatedArchive } from "../archive.ts";
import { ingestedFiles, ROOT, sampleWithSources, tempContent } from "../helpers.ts";

describe("one ingest at a time into a content folder", () => {
  it("stops a second run while the first is under way, naming its process, and leaves the first to finish as if alone", async () => {
    // 2,800 papers: a run of several seconds, nearly all of it with the lock held.
    const { digests } = generatedArchive({ weeks: 4, perDay: 100 });
    const content = tempContent(digests);
    const lock = ingestLockPath(content);
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "ingest.ts"), "--content", content, "--quiet"], {
      cwd: ROOT,
      stdio: "ignore",
    });
    const ended = new Promise<number | null>((done) => child.on("close", (code) => done(code)));
    while (!existsSync(lock)) await new Promise((done) => setTimeout(done, 10));

    const held = new RegExp(`another ingest into .+ is running \\(process ${child.pid}\\); its lock is `);
    expect(() => ingest({ contentDir: content })).toThrow(held);
    // From the command line: one line and exit 1, as for bad input, not a stack trace.
    const second = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "ingest.ts"), "--content", content, "--quiet"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(second.status).toBe(1);
    expect(second.stderr.trim().split("\n")).toEqual([expect.stringMatching(new RegExp(`^error: ${held.source}`))]);
    expect(await ended).toBe(0);
    expect(existsSync(lock)).toBe(false);

    const alone = tempContent(digests);
    expect(ingest({ contentDir: alone }).errors).toEqual([]);
    expect(ingestedFiles(content)).toEqual(ingestedFiles(alone));
  });

  it("takes over the lock of a run that was killed, or that was killed while writing it, and leaves none behind", () => {
    const content = tempContent(sampleWithSources());
    const lock = ingestLockPath(content);
    mkdirSync(dirname(lock), { recursive: true });
    // A process that has ended, as a killed run's lock names it.
    const ended = spawnSync(process.execPath, ["-e", ""]).pid;
    writeFileSync(lock, JSON.stringify({ pid: ended, host: hostname() }));
    expect(ingest({ contentDir: content }).errors).toEqual([]);
    expect(existsSync(lock)).toBe(false);

    writeFileSync(lock, '{"pid": ');
    expect(ingest({ contentDir: content, force: true }).errors).toEqual([]);
    expect(existsSync(lock)).toBe(false);
  });
});
