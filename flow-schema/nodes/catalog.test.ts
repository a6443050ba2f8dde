import { describe, expect, it } from "vitest";
import { FlowNode } from "../document";
import { isNodeType, NODE_TYPES, type NodeType, nodeCatalog } from "./catalog";

/** What a node type says about its own starter data. */
function starterFacts<K extends NodeType>(type: K): { handles: string[]; summary: string } {
  const definition = nodeCatalog[type];
  const data = definition.data.parse(definition.starter());
  return { handles: definition.outputs(data).map((output) => output.id), summary: definition.summary(data) };
}

describe("node catalog", () => {
  it("has the seventeen node types, in palette order", () => {
    expect(NODE_TYPES).toEqual(["greeting", "menu", "gather", "http", "timing", "condition", "set_variables", "transfer", "dial", "send_message", "record", "goto_flow", "subflow", "return", "hangup", "ai_agent", "placeholder"]);
    expect(isNodeType("menu")).toBe(true);
    expect(isNodeType("toString")).toBe(false);
    expect(isNodeType(undefined)).toBe(false);
  });

  describe.each(NODE_TYPES)("%s", (type) => {
    const definition = nodeCatalog[type];

    it("names its own type", () => {
      expect(definition.type).toBe(type);
    });

    it("has a starter that parses as the data of a node on the canvas", () => {
      expect(definition.data.safeParse(definition.starter()).success).toBe(true);
      expect(FlowNode.safeParse({ id: "n1", type, position: { x: 0, y: 0 }, data: definition.starter() }).success).toBe(true);
    });

    it("is terminal exactly when it offers no handles, and its handles are distinct", () => {
      const { handles } = starterFacts(type);
      expect(definition.terminal).toBe(handles.length === 0);
      expect(new Set(handles).size).toBe(handles.length);
    });

    it("refuses an unknown key next to its starter data (schemas are strict)", () => {
      const starter = definition.starter();
      expect(definition.data.safeParse({ ...(typeof starter === "object" ? starter : {}), unexpected: 1 }).success).toBe(false);
    });

    it("describes its starter in one short line", () => {
      const { summary } = starterFacts(type);
      expect(summary.length).toBeGreaterThan(0);
      expect(summary.length).toBeLessThanOrEqual(60);
      expect(summary).not.toContain("\n");
    });
  });
});
