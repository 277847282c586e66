import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, inject, it } from "vitest";

/**
 * Checks that need software npm cannot install. They run wherever it is present; elsewhere
 * they are skipped and named in one line at the end of the run. With CI=true a missing one
 * fails the run (test/global-setup.ts), so CI never skips silently.
 */
export const SYSTEM_SOFTWARE = {
  chromium: {
    checks: "browser journeys, axe-core, screenshots",
    debian: "chromium",
    present: () => existsSync("/usr/bin/chromium"),
  },
  java: {
    checks: "the W3C Nu HTML checker",
    debian: "default-jre-headless",
    present: () => spawnSync("java", ["-version"], { stdio: "ignore" }).status === 0,
  },
  feedparser: {
    checks: "Python's feedparser on every feed, Python's email parser on the .eml",
    debian: "python3-feedparser",
    // Debian's Python: the `python3` first on PATH may be another interpreter that cannot see it.
    present: () => spawnSync("/usr/bin/python3", ["-c", "import feedparser, email"], { stdio: "ignore" }).status === 0,
  },
} as const;

export type SystemSoftware = keyof typeof SYSTEM_SOFTWARE;

declare module "vitest" {
  export interface ProvidedContext {
    systemSoftware: Record<SystemSoftware, boolean>;
  }
}

export function has(software: SystemSoftware): boolean {
  return inject("systemSoftware")[software];
}

/** A describe block that runs only where `software` is installed. */
export function describeWith(software: SystemSoftware, name: string, fn: () => void): void {
  describe.runIf(has(software))(name, fn);
}

/** A test that runs only where `software` is installed. */
export function itWith(software: SystemSoftware, name: string, fn: () => unknown, timeout?: number): void {
  it.runIf(has(software))(name, fn, timeout);
}
