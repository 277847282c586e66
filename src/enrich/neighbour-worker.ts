import { workerData, type MessagePort } from "node:worker_threads";
import { searchRange, type SearchData } from "./neighbour-search.ts";

/**
 * A worker thread's share of the related-papers search (src/enrich/related.ts): it searches its
 * range of documents over the shared arrays, posts the result and raises the flag the main
 * thread waits on.
 */
const { data, from, to, k, port, done } = workerData as {
  data: SearchData;
  from: number;
  to: number;
  k: number;
  port: MessagePort;
  done: Int32Array;
};
try {
  const { docs, scores } = searchRange(data, from, to, k);
  port.postMessage({ docs, scores }, [docs.buffer as ArrayBuffer, scores.buffer as ArrayBuffer]);
} catch (error) {
  port.postMessage({ error: String((error as Error).stack ?? error) });
} finally {
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
}
