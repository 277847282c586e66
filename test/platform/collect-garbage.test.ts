import { describe, expect, it } from "vitest";
import { collectGarbage } from "../../src/platform/collect-garbage.ts";

describe("collectGarbage", () => {
  it("collects what nothing holds, now, without a flag on the command line", async () => {
    expect("gc" in globalThis).toBe(false);
    // Made in a function of its own, so no slot of this frame holds the object; a WeakRef holds its target to the end
    // of the job that made it (https://tc39.es/ecma262/#sec-weak-ref-objects), so the collection comes after a turn.
    const made = (() => new WeakRef({ payload: new Uint8Array(1 << 20) }))();
    await new Promise((turn) => setTimeout(turn, 0));
    collectGarbage();
    expect(made.deref()).toBeUndefined();
  });

  it("keeps what is still held, and leaves the process's globals as they were", async () => {
    const exposedBefore = "gc" in globalThis;
    const held = { payload: new Uint8Array(1 << 20) };
    const ref = new WeakRef(held);
    await new Promise((turn) => setTimeout(turn, 0));
    collectGarbage();
    expect(ref.deref()).toBe(held);
    expect("gc" in globalThis).toBe(exposedBefore);
  });
});
