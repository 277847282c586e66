import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.ts";

/** The reader's scripts as a new build process gets them (src/recommend/bundle.ts): each one's URL and first bytes. */
function scriptsOfNewProcess(): { url: string; head: string }[] {
  const code = `import("./src/recommend/bundle.ts").then((m) => console.log(JSON.stringify(m.readerScripts().map((s) => ({ url: s.url, head: s.code.slice(0, 20) })))))`;
  return JSON.parse(execFileSync(process.execPath, ["--import", "tsx", "-e", code], { cwd: ROOT, encoding: "utf8" }));
}

describe("the reader's scripts, bundled once and reused while their inputs are unchanged", () => {
  const cache = join(ROOT, ".cache", "reader-scripts.json");

  it("records every file esbuild read, reuses the bundles while those files are unchanged, and bundles again when one changes", () => {
    rmSync(cache, { force: true });
    const fresh = scriptsOfNewProcess();
    const cached = JSON.parse(readFileSync(cache, "utf8"));
    expect(Object.keys(cached.inputs)).toEqual(expect.arrayContaining(["src/browser/reader.ts", "src/browser/model.ts", "src/model/follow.ts"]));

    // Marked bundles come back as they are: nothing was bundled.
    cached.scripts = cached.scripts.map((s: { code: string }) => ({ ...s, code: `/*reused*/${s.code}` }));
    writeFileSync(cache, JSON.stringify(cached));
    expect(scriptsOfNewProcess().map((s) => s.head.startsWith("/*reused*/"))).toEqual([true, true]);

    // An input that no longer hashes as recorded: bundled again, the same as fresh.
    cached.inputs["src/browser/model.ts"] = "0".repeat(64);
    writeFileSync(cache, JSON.stringify(cached));
    expect(scriptsOfNewProcess()).toEqual(fresh);
    expect(JSON.parse(readFileSync(cache, "utf8")).inputs["src/browser/model.ts"]).not.toBe("0".repeat(64));
  });
});
