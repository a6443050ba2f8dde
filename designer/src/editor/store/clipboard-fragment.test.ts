import { describe, expect, it } from "vitest";
import { copyFragment, parseFragment } from "./clipboard-fragment";
import { smallFlow } from "./test-fixtures";

describe("clipboard fragments", () => {
  it("round-trips through text", () => {
    const fragment = copyFragment(smallFlow(), ["menu", "goodbye"]);
    expect(parseFragment(JSON.stringify(fragment))).toEqual(fragment);
  });

  it("takes the nodes of a whole flow document", () => {
    expect(parseFragment(JSON.stringify(smallFlow()))?.nodes).toHaveLength(4);
  });

  it("refuses anything else", () => {
    expect(parseFragment("hello")).toBeUndefined();
    expect(parseFragment(JSON.stringify({ switchboard: "nodes", nodes: [], edges: [] }))).toBeUndefined();
    expect(parseFragment(JSON.stringify({ switchboard: "nodes", nodes: [{ id: "x", type: "nope", position: { x: 0, y: 0 }, data: {} }], edges: [] }))).toBeUndefined();
  });

  it("copies nothing when nothing is selected", () => {
    expect(copyFragment(smallFlow(), [])).toBeUndefined();
  });
});
