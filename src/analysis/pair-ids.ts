/**
 * Interns pairs of small non-negative integers (two unigram ids → one bigram id) in an
 * open-addressing hash table over typed arrays. A JavaScript Map keyed by `a * 2**24 + b`
 * boxes every key above 2³¹ and slows to a crawl at the millions of bigrams a large
 * archive holds.
 */
export class PairIds {
  private firsts = new Int32Array(1 << 16).fill(-1);
  private seconds = new Int32Array(1 << 16);
  private ids = new Int32Array(1 << 16);
  private size = 0;

  /** The id stored for (a, b), or -1. With `create`, a missing pair is stored with that id. */
  get(a: number, b: number, create?: number): number {
    const mask = this.firsts.length - 1;
    let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) & mask;
    while (this.firsts[slot] !== -1) {
      if (this.firsts[slot] === a && this.seconds[slot] === b) return this.ids[slot];
      slot = (slot + 1) & mask;
    }
    if (create === undefined) return -1;
    this.firsts[slot] = a;
    this.seconds[slot] = b;
    this.ids[slot] = create;
    if (++this.size * 2 > this.firsts.length) this.grow();
    return create;
  }

  private grow(): void {
    const { firsts, seconds, ids } = this;
    this.firsts = new Int32Array(firsts.length * 2).fill(-1);
    this.seconds = new Int32Array(firsts.length * 2);
    this.ids = new Int32Array(firsts.length * 2);
    this.size = 0;
    for (let i = 0; i < firsts.length; i++) if (firsts[i] !== -1) this.get(firsts[i], seconds[i], ids[i]);
  }
}
