import { describe, expect, it } from "vitest";
import { edgeIdFor, isIdentifier, newNodeId, toIdentifier, uniqueId } from "./ids";

describe("ids", () => {
  it("makes valid, free identifiers", () => {
    expect(toIdentifier("option:1")).toBe("option-1");
    expect(isIdentifier(toIdentifier("   "))).toBe(true);
    expect(uniqueId("menu", new Set(["menu", "menu-2"]))).toBe("menu-3");
    expect(newNodeId("set_variables", new Set(["set-variables-1"]))).toBe("set-variables-2");
    expect(edgeIdFor("main", "option:1", new Set())).toBe("main-option-1");
    expect(uniqueId("x".repeat(64), new Set(["x".repeat(64)]))).toHaveLength(64);
  });
});
