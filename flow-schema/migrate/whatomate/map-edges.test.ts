import { describe, expect, it } from "vitest";
import { importWhatomate } from "./import-whatomate";
import { messages, whatomateGraph } from "./testing";

const menu = { id: "menu", type: "menu", config: { text: "Choose", options: { "1": "One", "2": "Two" } } };
const bye = { id: "bye", type: "hangup" };
const other = { id: "other", type: "hangup" };

function edgesOf(graph: Record<string, unknown>) {
  const { document, issues } = importWhatomate(graph);
  return { edges: document.edges.map((edge) => `${edge.id}: ${edge.source}.${edge.sourceHandle} → ${edge.target}`), issues };
}

describe("whatomate edges", () => {
  it("expands default to every handle left unconnected, and reports it", () => {
    const { edges, issues } = edgesOf(whatomateGraph([menu, bye, other], [["menu", "bye", "default"], ["menu", "other", "digit:1"]]));
    expect(edges).toEqual([
      "e-menu-option-2: menu.option:2 → bye",
      "e-menu-timeout: menu.timeout → bye",
      "e-menu-max_retries: menu.max_retries → bye",
      "e-menu-option-1: menu.option:1 → other",
    ]);
    expect(issues).toEqual([
      expect.objectContaining({ severity: "warning", nodeId: "menu", path: "/edges/0", message: expect.stringContaining("option:2, timeout, max_retries") }),
    ]);
  });

  it("treats a missing or empty condition as default", () => {
    const graph = whatomateGraph([{ id: "hi", type: "greeting", config: { text: "Hi" } }, bye], [["hi", "bye"]]);
    expect(edgesOf(graph).edges).toEqual(["e-hi-next: hi.next → bye"]);
    const empty = whatomateGraph([{ id: "hi", type: "greeting", config: { text: "Hi" } }, bye], [["hi", "bye", " "]]);
    expect(edgesOf(empty).edges).toEqual(["e-hi-next: hi.next → bye"]);
  });

  it("drops a default edge when every outcome is connected already", () => {
    const transfer = { id: "t", type: "transfer", config: { team_id: "s" } };
    const graph = whatomateGraph([transfer, bye, other], [["t", "bye", "completed"], ["t", "bye", "no_answer"], ["t", "other", "default"]]);
    const { edges, issues } = edgesOf(graph);
    expect(edges).toEqual(["e-t-completed: t.completed → bye", "e-t-no_answer: t.no_answer → bye"]);
    expect(messages(issues, "warning")).toEqual([expect.stringContaining("every outcome of the node already has an edge")]);
  });

  it("keeps one edge per outcome and one default per node", () => {
    const graph = whatomateGraph([menu, bye, other], [["menu", "bye", "digit:1"], ["menu", "other", "digit:1"], ["menu", "bye", "default"], ["menu", "other", "default"]]);
    const { edges, issues } = edgesOf(graph);
    expect(edges).toHaveLength(4);
    expect(messages(issues, "error")).toEqual([expect.stringContaining("another edge already follows"), expect.stringContaining("another default edge")]);
  });

  it("drops edges naming nodes that do not exist", () => {
    const graph = whatomateGraph([{ id: "hi", type: "greeting", config: { text: "Hi" } }, bye], [["ghost", "bye", "default"], ["hi", "nowhere", "default"]]);
    const { edges, issues } = edgesOf(graph);
    expect(edges).toEqual([]);
    expect(issues.map((issue) => issue.path)).toEqual(["/edges/0/from", "/edges/1/to"]);
  });

  it("gives edges stable, valid, unique ids derived from the node ids", () => {
    const graph = whatomateGraph([{ id: "say hi", type: "greeting", config: { text: "Hi" } }, bye], [["say hi", "bye", "default"]]);
    expect(edgesOf(graph).edges).toEqual(["e-say-hi-next: say-hi.next → bye"]);
  });
});
