import { describe, expect, it } from "vitest";
import { connectedHandlesOf } from "./connected-handles";
import { smallFlow } from "./test-fixtures";

describe("connectedHandlesOf", () => {
  it("lists a node's connected handles", () => {
    const { edges } = smallFlow();
    expect(connectedHandlesOf(edges, "menu").split("\n")).toEqual(["option:1", "option:2"]);
    expect(connectedHandlesOf(edges, "goodbye")).toBe("");
  });
});
