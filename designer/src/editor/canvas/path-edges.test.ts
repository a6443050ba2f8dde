import { describe, expect, it } from "vitest";
import { smallFlow } from "../store/test-fixtures";
import { pathEdgeIds } from "./path-edges";

describe("pathEdgeIds", () => {
  it("finds the edges between consecutive nodes of a path", () => {
    expect([...pathEdgeIds(smallFlow(), ["welcome", "menu", "goodbye"])]).toEqual(["welcome-next", "menu-option-2"]);
    expect([...pathEdgeIds(smallFlow(), ["welcome", "goodbye"])]).toEqual([]);
  });
});
