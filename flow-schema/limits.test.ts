import { describe, expect, it } from "vitest";
import { bytesViolation, FLOW_LIMITS, findLimitViolations } from "./limits";

describe("findLimitViolations", () => {
  it("finds nothing in a document within the limits, or in anything that is not an object", () => {
    expect(findLimitViolations({ nodes: [], edges: [], name: "x".repeat(FLOW_LIMITS.maxStringLength) })).toEqual([]);
    for (const value of [null, 1, "x".repeat(FLOW_LIMITS.maxStringLength + 1), []]) expect(findLimitViolations(value)).toEqual([]);
  });

  it("counts the top-level nodes and edges", () => {
    const doc = { nodes: new Array(FLOW_LIMITS.maxNodes + 1).fill({}), edges: new Array(FLOW_LIMITS.maxEdges + 1).fill({}) };
    expect(findLimitViolations(doc)).toEqual([
      expect.objectContaining({ code: "too_many_nodes", limit: "maxNodes", max: 2000, actual: 2001, pointer: "/nodes" }),
      expect.objectContaining({ code: "too_many_edges", limit: "maxEdges", max: 8000, actual: 8001, pointer: "/edges" }),
    ]);
  });

  it("points at every over-long string and key, escaping the pointer, at any depth", () => {
    const long = "x".repeat(11);
    let deep: unknown = long;
    for (let i = 0; i < 50_000; i++) deep = [deep];
    const doc = { nodes: [{ data: { "a/b~c": long } }], [long]: 1, deep };
    const found = findLimitViolations(doc, { ...FLOW_LIMITS, maxStringLength: 10 });
    expect(found.map((v) => [v.pointer, v.actual]).sort()).toEqual([["", 11], [`/deep${"/0".repeat(50_000)}`, 11], ["/nodes/0/data/a~1b~0c", 11]].sort());
    expect(found.every((v) => v.code === "string_too_long" && v.max === 10)).toBe(true);
  });

  it("stops after maxReports", () => {
    const doc = { items: new Array(100).fill("x".repeat(11)) };
    expect(findLimitViolations(doc, { ...FLOW_LIMITS, maxStringLength: 10 }, 3)).toHaveLength(3);
  });

  it("words the byte limit in MB", () => {
    expect(bytesViolation(5 * 1024 * 1024)).toMatchObject({ code: "flow_too_large", limit: "maxBytes", max: 4 * 1024 * 1024, actual: 5 * 1024 * 1024, pointer: "" });
    expect(bytesViolation(5 * 1024 * 1024).message).toBe("the flow document is 5 MB; at most 4 MB (4,194,304 bytes) is allowed");
  });
});
