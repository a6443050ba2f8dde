import { describe, expect, it } from "vitest";
import { moveItem, removeItem, replaceItem } from "./list-edits";

describe("list edits", () => {
  it("moves, replaces and removes without touching the original", () => {
    const list = ["a", "b", "c"];
    expect(moveItem(list, 0, 2)).toEqual(["b", "c", "a"]);
    expect(moveItem(list, 2, 1)).toEqual(["a", "c", "b"]);
    expect(moveItem(list, 0, -1)).toEqual(list);
    expect(replaceItem(list, 1, "x")).toEqual(["a", "x", "c"]);
    expect(removeItem(list, 0)).toEqual(["b", "c"]);
    expect(list).toEqual(["a", "b", "c"]);
  });
});
