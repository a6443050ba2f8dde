import { describe, expect, it } from "vitest";
import { isWhatomateGraph } from "./is-whatomate-graph";

describe("isWhatomateGraph", () => {
  it("recognises version 2 with an entry_node and a nodes array", () => {
    expect(isWhatomateGraph({ version: 2, entry_node: "a", nodes: [], edges: [] })).toBe(true);
    expect(isWhatomateGraph({ version: 2, entry_node: "a", nodes: [] })).toBe(true);
  });

  it("refuses Switchboard documents and everything else", () => {
    expect(isWhatomateGraph({ schemaVersion: 1, id: "x", name: "x", entry: "a", nodes: [], edges: [] })).toBe(false);
    expect(isWhatomateGraph({ version: 1, entry_node: "a", nodes: [] })).toBe(false);
    expect(isWhatomateGraph({ version: "2", entry_node: "a", nodes: [] })).toBe(false);
    expect(isWhatomateGraph({ version: 2, nodes: [] })).toBe(false);
    expect(isWhatomateGraph({ version: 2, entry_node: "a", nodes: {} })).toBe(false);
    for (const other of [null, undefined, "text", 2, [{ version: 2 }]]) expect(isWhatomateGraph(other)).toBe(false);
  });
});
