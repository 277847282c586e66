import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { InputError } from "./input-error.ts";

/**
 * Work split across the machine's two cores while the ingest stays synchronous: `runBeside`
 * starts `run(input)` from a TypeScript module in a worker thread and returns a function that
 * waits for its result. Waiting blocks on a shared flag (`Atomics.wait`) and takes the result off
 * the port without the event loop (`receiveMessageOnPort`), so a stage stays a plain function.
 * Typed arrays in shared memory reach the worker without a copy; anything else is cloned.
 * https://nodejs.org/api/worker_threads.html#workerreceivemessageonportport
 */

/** Archives from this many papers on split their heaviest stages in two. */
export const PARALLEL_FROM = 20_000;

/** How long the ingest waits on a worker before it gives up. */
const WORKER_TIMEOUT_MS = 10 * 60_000;

/**
 * A worker's first lines: load the TypeScript module through tsx, as the ingest itself runs (a
 * worker does not inherit the main thread's `--import tsx`), run its `run`, and report the result
 * or the failure on the port, raising the flag either way so the main thread never waits on a
 * worker that is gone. An InputError crosses as its file, line and reason, so it reaches the caller as itself.
 */
function boot(module: string): string {
  return `const { workerData } = require("node:worker_threads");
const { port, done, input } = workerData;
import("tsx/esm/api")
  .then(({ register }) => { register(); return import(${JSON.stringify(module)}); })
  .then(({ run }) => port.postMessage({ result: run(input) }))
  .catch((error) => port.postMessage(error && error.name === "InputError"
    ? { inputError: { file: error.file, line: error.line, reason: error.reason } }
    : { error: String((error && error.stack) || error) }))
  .finally(() => { Atomics.store(done, 0, 1); Atomics.notify(done, 0); });`;
}

/** A typed array of `length` in shared memory, which worker threads read without a copy. */
export function sharedArray<T extends Uint8Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array>(
  type: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
  length: number,
): T {
  return new type(new SharedArrayBuffer(length * type.BYTES_PER_ELEMENT));
}

export function runBeside<T>(module: URL, input: unknown): () => T {
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(boot(module.href), { eval: true, workerData: { port: port2, done, input }, transferList: [port2] });
  return () => {
    const waited = Atomics.wait(done, 0, 0, WORKER_TIMEOUT_MS);
    const message = receiveMessageOnPort(port1)?.message as
      { result?: T; error?: string; inputError?: Pick<InputError, "file" | "line" | "reason"> } | undefined;
    port1.close();
    void worker.terminate();
    if (waited === "timed-out" || !message) throw new Error(`a worker thread running ${module.pathname} did not finish`);
    if (message.inputError) throw new InputError(message.inputError.file, message.inputError.line, message.inputError.reason);
    if (message.error !== undefined) throw new Error(`a worker thread running ${module.pathname} failed: ${message.error}`);
    return message.result as T;
  };
}

/**
 * `items` mapped by `here`, in order. From `parallelFrom` items on, the second half is mapped meanwhile in a worker
 * thread by `worker.module`'s `run`, which is given `worker.input(secondHalf)` and returns one result per item. A
 * failure on this thread is the one reported, once the worker has finished.
 */
export function mapInHalves<I, O>(
  items: readonly I[],
  parallelFrom: number,
  here: (item: I) => O,
  worker: { module: URL; input: (share: I[]) => unknown },
): O[] {
  const half = items.length >= parallelFrom ? Math.ceil(items.length / 2) : items.length;
  const beside = half < items.length ? runBeside<O[]>(worker.module, worker.input(items.slice(half))) : undefined;
  let first: O[];
  try {
    first = items.slice(0, half).map(here);
  } catch (error) {
    try {
      beside?.();
    } catch {
      // This thread's failure comes first.
    }
    throw error;
  }
  return beside ? first.concat(beside()) : first;
}
