import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findCycles } from "./find-cycles";

/** Builds the successor map from `a>b` pairs. */
function graph(...edges: string[]): Map<string, string[]> {
  const successors = new Map<string, string[]>();
  for (const edge of edges) {
    const [from = "", to = ""] = edge.split(">");
    successors.set(from, [...(successors.get(from) ?? []), to]);
  }
  return successors;
}

describe("findCycles", () => {
  it("finds nothing in a graph without cycles", () => {
    expect(findCycles(["a", "b", "c", "d"], graph("a>b", "a>c", "b>d", "c>d"))).toEqual([]);
    expect(findCycles([], new Map())).toEqual([]);
  });

  it("finds a node that loops to itself, and only that node", () => {
    expect(findCycles(["a", "b", "c"], graph("a>b", "b>b", "b>c"))).toEqual([["b"]]);
  });

  it("finds a two-node cycle, listed in the order of the nodes", () => {
    expect(findCycles(["x", "b", "a"], graph("x>a", "a>b", "b>a"))).toEqual([["b", "a"]]);
  });

  it("finds disjoint cycles separately, in the order of the nodes", () => {
    const nodes = ["p", "q", "r", "s", "t", "u"];
    expect(findCycles(nodes, graph("t>u", "u>t", "p>q", "q>r", "r>p", "r>s"))).toEqual([
      ["p", "q", "r"],
      ["t", "u"],
    ]);
  });

  it("merges cycles that share a node into one component", () => {
    expect(findCycles(["a", "b", "c"], graph("a>b", "b>a", "b>c", "c>b"))).toEqual([["a", "b", "c"]]);
  });

  it("does not count a node on the way into a cycle", () => {
    expect(findCycles(["entry", "a", "b", "exit"], graph("entry>a", "a>b", "b>a", "b>exit"))).toEqual([["a", "b"]]);
  });

  it("handles a 5,000-node chain, and the same chain closed into a cycle, without overflowing the stack", () => {
    const nodes = Array.from({ length: 5000 }, (_, i) => `n${i}`);
    const chain = new Map(nodes.map((node, i) => [node, i + 1 < nodes.length ? [`n${i + 1}`] : []]));
    expect(findCycles(nodes, chain)).toEqual([]);
    const ring = new Map(nodes.map((node, i) => [node, [`n${(i + 1) % nodes.length}`]]));
    expect(findCycles(nodes, ring)).toEqual([nodes]);
  });

  it("finds the same cycles whatever node the search starts from", () => {
    const successors = graph("a>b", "b>c", "c>a", "d>d", "e>a");
    const forward = findCycles(["a", "b", "c", "d", "e"], successors);
    const backward = findCycles(["e", "d", "c", "b", "a"], successors).map((cycle) => [...cycle].sort()).sort();
    expect(forward).toEqual([["a", "b", "c"], ["d"]]);
    expect(backward).toEqual([["a", "b", "c"], ["d"]]);
  });

  it("agrees with a brute-force search on small random graphs", () => {
    const nodes = ["a", "b", "c", "d", "e", "f", "g"];
    const edgeArb = fc.tuple(fc.constantFrom(...nodes), fc.constantFrom(...nodes));
    fc.assert(
      fc.property(fc.array(edgeArb, { maxLength: 14 }), (pairs) => {
        const successors = graph(...pairs.map(([from, to]) => `${from}>${to}`));
        // reaches[x] = nodes reachable from x in one or more steps
        const reaches = new Map(nodes.map((node) => [node, new Set(successors.get(node) ?? [])]));
        for (const k of nodes) for (const i of nodes) if (reaches.get(i)?.has(k)) for (const j of reaches.get(k) ?? []) reaches.get(i)?.add(j);
        const expected: string[][] = [];
        for (const node of nodes) {
          if (!reaches.get(node)?.has(node) || expected.some((cycle) => cycle.includes(node))) continue;
          expected.push(nodes.filter((other) => other === node || (reaches.get(node)?.has(other) && reaches.get(other)?.has(node))));
        }
        expect(findCycles(nodes, successors)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
