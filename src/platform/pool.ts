/** A task with a weight: what it holds while it runs (a search part's pages, for Pagefind's memory). */
export interface WeightedTask {
  weight: number;
  run: () => Promise<void>;
}

/**
 * Runs the tasks in their order, at most `atOnce` at a time and, while more than one runs, at most `maxWeight` of them
 * together (a task alone always runs). If one fails, none is begun after it, those begun run to their end (none is left
 * writing), and then its error is thrown.
 */
export async function inPool(tasks: readonly WeightedTask[], limits: { atOnce: number; maxWeight: number }): Promise<void> {
  const running = new Set<Promise<void>>();
  const errors: unknown[] = [];
  let held = 0;
  for (const task of tasks) {
    while (running.size && (running.size >= limits.atOnce || held + task.weight > limits.maxWeight)) await Promise.race(running);
    if (errors.length) break;
    held += task.weight;
    const done: Promise<void> = task
      .run()
      .catch((error: unknown) => void errors.push(error))
      .finally(() => {
        held -= task.weight;
        running.delete(done);
      });
    running.add(done);
  }
  await Promise.all(running);
  if (errors.length) throw errors[0];
}
