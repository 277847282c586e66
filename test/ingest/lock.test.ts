import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingest, ingestLockPath } from "../../src/ingest/ingest.ts";
import { generatedArchive } from "../archive.ts";
import { ingestedFiles, ROOT, sampleWithSources, tempContent } from "../helpers.ts";

const ingestCommand = (contentDir: string) => [join(ROOT, "scripts", "ingest.ts"), "--content", contentDir, "--quiet"];

/** Writes the content folder's lock as `holder` (a process and its host, or a file's text) left it. */
function holdLock(contentDir: string, holder: { pid?: number; host?: string } | string): string {
  const lock = ingestLockPath(contentDir);
  mkdirSync(dirname(lock), { recursive: true });
  writeFileSync(lock, typeof holder === "string" ? holder : JSON.stringify(holder));
  return lock;
}

describe("one ingest at a time into a content folder", () => {
  it("stops while another process holds the lock, with one line from the command line, touching nothing", () => {
    const content = tempContent(sampleWithSources());
    // A process that runs on through the test, as an ingest under way would.
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60_000)"], { stdio: "ignore" });
    try {
      const lock = holdLock(content, { pid: other.pid, host: hostname() });
      const held = `another ingest is running (process ${other.pid}); its lock is ${lock}`;
      expect(() => ingest({ contentDir: content })).toThrow(held);
      const command = spawnSync(process.execPath, ["--import", "tsx", ...ingestCommand(content)], { cwd: ROOT, encoding: "utf8" });
      expect(command.status).toBe(1);
      expect(command.stderr.trim().split("\n")).toEqual([`error: ${held}`]);
      expect(readdirSync(join(content, "papers")).filter((name) => name.endsWith(".md"))).toEqual([]);
      expect(existsSync(join(content, "derived.json"))).toBe(false);
      expect(existsSync(lock)).toBe(true);
    } finally {
      other.kill();
    }
  });

  it("takes over the lock of a run that was killed, of another machine, or not readable, and leaves none behind", () => {
    const content = tempContent(sampleWithSources());
    const lock = ingestLockPath(content);
    // A process that has ended, as a killed run's lock names it.
    holdLock(content, { pid: spawnSync(process.execPath, ["-e", ""]).pid, host: hostname() });
    expect(ingest({ contentDir: content }).errors).toEqual([]);
    expect(existsSync(lock)).toBe(false);
    for (const holder of [{ pid: process.ppid, host: `not-${hostname()}` }, '{"pid": ']) {
      holdLock(content, holder);
      expect(ingest({ contentDir: content, force: true }).errors).toEqual([]);
      expect(existsSync(lock)).toBe(false);
    }
    // Nor when the run finds nothing changed and repeats its last report.
    expect(ingest({ contentDir: content }).skipped).toBe(true);
    expect(readdirSync(dirname(lock)).filter((name) => name.includes("lock"))).toEqual([]);
  });

  it("stops a second run while a real one is under way, which finishes as if alone", async () => {
    // 2,800 papers: a run of several seconds, nearly all of it with the lock held.
    const { digests } = generatedArchive({ weeks: 4, perDay: 100 });
    const content = tempContent(digests);
    const lock = ingestLockPath(content);
    const child = spawn(process.execPath, ["--import", "tsx", ...ingestCommand(content)], { cwd: ROOT, stdio: "ignore" });
    try {
      const ended = new Promise<number | null>((done) => child.on("close", (code) => done(code)));
      while (!existsSync(lock) && child.exitCode === null) await new Promise((done) => setTimeout(done, 10));
      expect(() => ingest({ contentDir: content })).toThrow(`another ingest is running (process ${child.pid})`);
      expect(await ended).toBe(0);
      expect(existsSync(lock)).toBe(false);
    } finally {
      child.kill();
    }
    const alone = tempContent(digests);
    expect(ingest({ contentDir: alone }).errors).toEqual([]);
    expect(ingestedFiles(content)).toEqual(ingestedFiles(alone));
  }, 120_000);
});
