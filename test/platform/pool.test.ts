import { describe, expect, it } from "vitest";
import { inPool } from "../../src/platform/pool.ts";
import { partPool } from "../../src/site/search-index.ts";

/** Tasks that each wait to be let go, recording when they begin and end. */
function controlled(weights: number[]) {
  const events: string[] = [];
  const release: (() => void)[] = [];
  const failWith: ((error: Error) => void)[] = [];
  const tasks = weights.map((weight, i) => ({
    weight,
    run: () =>
      new Promise<void>((done, fail) => {
        events.push(`begin ${i}`);
        release[i] = () => (events.push(`end ${i}`), done());
        failWith[i] = (error) => (events.push(`fail ${i}`), fail(error));
      }),
  }));
  return { tasks, events, release, failWith };
}

const tick = () => new Promise((done) => setTimeout(done, 0));

describe("running weighed tasks in a pool", () => {
  it("runs at most atOnce at a time, in order, each as soon as one ends", async () => {
    const { tasks, events, release } = controlled([1, 1, 1]);
    const pool = inPool(tasks, { atOnce: 2, maxWeight: 100 });
    await tick();
    expect(events).toEqual(["begin 0", "begin 1"]);
    release[1]();
    await tick();
    expect(events).toEqual(["begin 0", "begin 1", "end 1", "begin 2"]);
    release[0]();
    release[2]();
    await pool;
  });

  it("holds no more than the weight together, but runs a task heavier than it alone", async () => {
    const { tasks, events, release } = controlled([10, 10, 25, 5]);
    const pool = inPool(tasks, { atOnce: 4, maxWeight: 20 });
    await tick();
    expect(events).toEqual(["begin 0", "begin 1"]);
    release[0]();
    await tick();
    expect(events.at(-1)).toBe("end 0"); // 10 + 25 is over 20: the third waits for the second too
    release[1]();
    await tick();
    expect(events.slice(-2)).toEqual(["end 1", "begin 2"]);
    release[2]();
    await tick();
    expect(events.slice(-2)).toEqual(["end 2", "begin 3"]);
    release[3]();
    await pool;
  });

  it("begins nothing after a failure, lets those begun end, then throws the failure", async () => {
    const { tasks, events, release, failWith } = controlled([1, 1, 1]);
    const pool = inPool(tasks, { atOnce: 2, maxWeight: 100 });
    let settled = false;
    const outcome = pool.catch((error: Error) => ((settled = true), error.message));
    await tick();
    failWith[0](new Error("Pagefind failed"));
    await tick();
    expect(settled).toBe(false);
    release[1]();
    expect(await outcome).toBe("Pagefind failed");
    expect(events).toEqual(["begin 0", "begin 1", "fail 0", "end 1"]);
  });

  it("indexes the search's parts as many at once as there are cores, within two whole parts' pages", async () => {
    const whole = controlled([10_000, 10_000, 10_000]);
    const wholePool = inPool(whole.tasks, partPool(10_000, 8));
    await tick();
    expect(whole.events).toEqual(["begin 0", "begin 1"]);
    whole.release[0]();
    await tick();
    expect(whole.events.slice(-2)).toEqual(["end 0", "begin 2"]);
    whole.release[1]();
    whole.release[2]();
    await wholePool;

    // The newest block's small parts beside a whole part: all of them on 8 cores, two on 2.
    for (const [cores, begun] of [
      [8, ["begin 0", "begin 1", "begin 2", "begin 3", "begin 4"]],
      [2, ["begin 0", "begin 1"]],
    ] as const) {
      const mixed = controlled([10_000, 2_500, 2_500, 2_500, 2_500]);
      const mixedPool = inPool(mixed.tasks, partPool(10_000, cores));
      await tick();
      expect(mixed.events).toEqual(begun);
      // Each in turn, once it has begun.
      for (let i = 0; i < 5; i++) {
        await tick();
        mixed.release[i]();
      }
      await mixedPool;
    }
  });
});
