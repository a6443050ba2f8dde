import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diffFlows, hasChanges, sameJson } from "./flow-diff";

interface Doc {
  name: string;
  entry: string;
  nodes: Array<{ id: string; type: string; label?: string; position: { x: number; y: number }; data: Record<string, unknown> }>;
  edges: Array<{ id: string; source: string; sourceHandle: string; target: string }>;
  variables?: Record<string, unknown>;
}

const supportLine = (): Doc => JSON.parse(readFileSync(new URL("../../../examples/support-line.json", import.meta.url), "utf8"));

describe("diffing the draft against the live version", () => {
  it("an identical document has no changes", () => {
    const diff = diffFlows(supportLine(), supportLine());
    expect(diff).toEqual({ added: [], removed: [], changed: [], moved: [], flow: [] });
    expect(hasChanges(diff)).toBe(false);
  });

  it("finds added and removed nodes by id", () => {
    const draft = supportLine();
    draft.nodes = draft.nodes.filter((node) => node.id !== "sorry");
    draft.edges = draft.edges.filter((edge) => edge.target !== "sorry");
    draft.nodes.push({ id: "survey", type: "hangup", label: "Survey", position: { x: 0, y: 1100 }, data: {} });
    const diff = diffFlows(supportLine(), draft);
    expect(diff.added).toEqual([{ id: "survey", type: "hangup", label: "Survey" }]);
    expect(diff.removed).toEqual([{ id: "sorry", type: "hangup", label: "Could not understand" }]);
    // main_menu lost its max_retries edge
    expect(diff.changed).toEqual([{ id: "main_menu", type: "menu", label: "Main menu", aspects: ["edges"] }]);
  });

  it("names what changed in a node: data, label, type, outgoing edges", () => {
    const draft = supportLine();
    const welcome = draft.nodes.find((node) => node.id === "welcome");
    const goodbye = draft.nodes.find((node) => node.id === "goodbye");
    if (!welcome || !goodbye) throw new Error("fixture");
    welcome.data = { ...welcome.data, prompt: { text: "Hello!" } };
    welcome.label = "Hello";
    goodbye.type = "greeting";
    const edge = draft.edges.find((candidate) => candidate.id === "to_sales-completed");
    if (!edge) throw new Error("fixture");
    edge.target = "all_busy";
    const diff = diffFlows(supportLine(), draft);
    expect(diff.changed).toEqual([
      { id: "welcome", type: "greeting", label: "Hello", aspects: ["label", "data"] },
      { id: "to_sales", type: "transfer", label: "Transfer to sales", aspects: ["edges"] },
      { id: "goodbye", type: "greeting", label: "Goodbye", aspects: ["type"] },
    ]);
  });

  it("says when nodes only moved, and counts a move with other changes as changed", () => {
    const draft = supportLine();
    for (const node of draft.nodes) if (node.id === "welcome" || node.id === "hours") node.position = { x: node.position.x + 40, y: node.position.y };
    const hours = draft.nodes.find((node) => node.id === "hours");
    if (!hours) throw new Error("fixture");
    hours.data = { ...hours.data, holidays: [] };
    const diff = diffFlows(supportLine(), draft);
    expect(diff.moved).toEqual([{ id: "welcome", type: "greeting", label: "Welcome" }]);
    expect(diff.changed).toEqual([{ id: "hours", type: "timing", label: "Business hours", aspects: ["data", "position"] }]);
    expect(hasChanges(diffFlows(supportLine(), { ...supportLine(), nodes: draft.nodes.map((node) => (node.id === "hours" ? supportLine().nodes[1] : node)) }))).toBe(false);
  });

  it("edge ids and order do not matter; key order does not either", () => {
    const draft = supportLine();
    draft.edges = draft.edges.map((edge) => ({ ...edge, id: `x-${edge.id}` })).reverse();
    draft.nodes = draft.nodes.map((node) => ({ data: node.data, position: { y: node.position.y, x: node.position.x }, type: node.type, id: node.id, ...(node.label ? { label: node.label } : {}) }));
    expect(diffFlows(supportLine(), draft)).toEqual({ added: [], removed: [], changed: [], moved: [], flow: [] });
  });

  it("flow-level changes: name, entry, variables", () => {
    const draft = { ...supportLine(), name: "New name", entry: "hours", variables: { a: "1" } };
    expect(diffFlows(supportLine(), draft).flow).toEqual(["name", "entry", "variables"]);
  });

  it("with nothing published, every node is new", () => {
    const diff = diffFlows(null, supportLine());
    expect(diff.added).toHaveLength(10);
    expect(diff.removed).toEqual([]);
  });

  it("copes with broken documents", () => {
    expect(diffFlows({ nodes: "nope" }, { nodes: [{ id: "a" }, { bad: true }], edges: [{}] })).toEqual({
      added: [{ id: "a", type: "unknown" }],
      removed: [],
      changed: [],
      moved: [],
      flow: [],
    });
    expect(diffFlows(null, 42).added).toEqual([]);
  });
});

describe("JSON equality", () => {
  it("ignores key order and undefined keys, not array order", () => {
    expect(sameJson({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson({ a: 1 }, { a: "1" })).toBe(false);
    expect(sameJson(null, {})).toBe(false);
    expect(sameJson([], {})).toBe(false);
  });
});
