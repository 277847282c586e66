import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * A full garbage collection now, where a long run has just let go of hundreds of megabytes: V8 collects them only when
 * its heap grows again, and until then they stay resident beside what the run allocates next (at 100,000 papers the
 * ingest's peak was such a moment). V8 gives `gc` to a context made while `--expose-gc` is set, so the flag is set
 * for that moment alone and the process keeps its own globals, as jest's leak detector does
 * (https://github.com/jestjs/jest/blob/main/packages/jest-leak-detector/src/index.ts).
 */
export function collectGarbage(): void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed();
  // Turned off again only if this function turned it on: a flag given to Node stays as it was given.
  const given = /--expose[-_]gc\b/.test(`${process.execArgv.join(" ")} ${process.env.NODE_OPTIONS ?? ""}`);
  setFlagsFromString("--expose-gc");
  try {
    (runInNewContext("gc") as () => void)();
  } finally {
    if (!given) setFlagsFromString("--no-expose-gc");
  }
}
