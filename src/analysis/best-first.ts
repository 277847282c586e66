/**
 * Indices 0…count−1, best first by `before` (a strict total order), for a caller that usually
 * takes only the first few: the best `head` are found in one pass by insertion, and the rest are
 * sorted only if the caller reads past them. Keywords and shared terms take 3–5 of a paper's
 * hundreds of terms; sorting them all was most of their cost.
 */
export function* bestFirst(count: number, before: (a: number, b: number) => boolean, head = 16): Generator<number> {
  const top: number[] = [];
  for (let i = 0; i < count; i++) {
    if (top.length === head && !before(i, top[head - 1])) continue;
    let j = top.length < head ? top.length : head - 1;
    while (j > 0 && before(i, top[j - 1])) {
      top[j] = top[j - 1];
      j--;
    }
    top[j] = i;
  }
  yield* top;
  if (count <= head) return;
  const taken = new Set(top);
  const rest: number[] = [];
  for (let i = 0; i < count; i++) if (!taken.has(i)) rest.push(i);
  yield* rest.sort((a, b) => (before(a, b) ? -1 : 1));
}
