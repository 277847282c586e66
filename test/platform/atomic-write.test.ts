import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileAtomically } from "../../src/platform/atomic-write.ts";
import { tempDir } from "../helpers.ts";

describe("a file written atomically", () => {
  it("replaces the file's bytes whole and leaves nothing beside it", () => {
    const dir = tempDir("atomic-");
    const file = join(dir, "page.md");
    writeFileAtomically(file, "first\n");
    writeFileAtomically(file, new TextEncoder().encode("second\n"), { fsync: true });
    expect(readFileSync(file, "utf8")).toBe("second\n");
    expect(readdirSync(dir)).toEqual(["page.md"]);
  });

  it.skipIf(process.platform === "win32")("keeps the permissions of the file it writes over", () => {
    const dir = tempDir("atomic-mode-");
    const file = join(dir, "page.md");
    writeFileSync(file, "a curator's page\n");
    chmodSync(file, 0o640);
    writeFileAtomically(file, "rewritten\n");
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  it("fails without touching the file or leaving its temporary file when it cannot be written", () => {
    const dir = tempDir("atomic-fail-");
    const file = join(dir, "page.md");
    mkdirSync(file); // a folder where the file should go: the rename fails
    expect(() => writeFileAtomically(file, "text")).toThrow(/EISDIR|ENOTDIR|EEXIST|ENOTEMPTY/);
    expect(statSync(file).isDirectory()).toBe(true);
    expect(readdirSync(dir)).toEqual(["page.md"]);
  });
});
