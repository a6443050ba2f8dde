import { describe, expect, it } from "vitest";
import { smallFlow } from "../store/test-fixtures";
import { searchNodes } from "./search-nodes";

describe("searchNodes", () => {
  it("finds nodes by id, label and prompt text, best first", () => {
    const doc = smallFlow();
    expect(searchNodes(doc, "menu").map((match) => match.node.id)).toEqual(["menu"]);
    expect(searchNodes(doc, "welc")[0]?.node.id).toBe("welcome");
    expect(searchNodes(doc, "press 1")).toMatchObject([{ node: { id: "menu" }, detail: "Press 1 or 2." }]);
    expect(searchNodes(doc, "SUPPORT")[0]?.node.id).toBe("menu");
    expect(searchNodes(doc, "")).toHaveLength(4);
    expect(searchNodes(doc, "zzz")).toEqual([]);
  });
});
