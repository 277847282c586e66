import type { TestProject } from "vitest/node";
import { SYSTEM_SOFTWARE, type SystemSoftware } from "./system-software.ts";

/** Looks for the system software once per run, tells the tests, and says what was skipped. */
export default function setup(project: TestProject): (() => void) | undefined {
  const found = Object.fromEntries(Object.entries(SYSTEM_SOFTWARE).map(([name, software]) => [name, software.present()])) as Record<SystemSoftware, boolean>;
  const missing = (Object.keys(found) as SystemSoftware[]).filter((name) => !found[name]);
  const install = `apt-get install -y ${missing.map((name) => SYSTEM_SOFTWARE[name].debian).join(" ")}`;
  if (missing.length > 0 && process.env.CI === "true") {
    throw new Error(`CI=true, so every check must run, but ${missing.join(", ")} is missing: ${install}`);
  }
  project.provide("systemSoftware", found);
  if (missing.length === 0) return undefined;
  return () => {
    const skipped = missing.map((name) => `${SYSTEM_SOFTWARE[name].checks} (${name})`).join("; ");
    console.log(`\nSkipped, for want of system software: ${skipped}. To run them: ${install}\n`);
  };
}
