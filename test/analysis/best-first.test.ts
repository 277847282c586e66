import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bestFirst } from "../../src/analysis/best-first.ts";

describe("bestFirst", () => {
  it("yields every index in the order a full sort gives, whether the caller stops early or reads on", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 60 }), fc.integer({ min: 1, max: 20 }), fc.nat(70), (values, head, taken) => {
        // Higher value first, then lower index: a strict total order, as keywords and shared terms use.
        const before = (a: number, b: number) => (values[a] !== values[b] ? values[a] > values[b] : a < b);
        const sorted = [...values.keys()].sort((a, b) => (before(a, b) ? -1 : 1));
        expect([...bestFirst(values.length, before, head)]).toEqual(sorted);
        const first: number[] = [];
        for (const i of bestFirst(values.length, before, head)) {
          if (first.length === taken) break;
          first.push(i);
        }
        expect(first).toEqual(sorted.slice(0, taken));
      }),
    );
  });
});
