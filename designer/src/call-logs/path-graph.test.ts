import { describe, expect, it } from "vitest";
import { pathGraph } from "./path-graph";
import { sessionPaths } from "./session-path";
import { exampleVersion, recordSession } from "./testing/recorded-session";

describe("pathGraph", () => {
  const session = recordSession(exampleVersion("language-selector"), [{ type: "digits", digits: "1" }, { type: "digits", digits: "3" }], [exampleVersion("support-line")]);
  const paths = sessionPaths(session.steps, session.documents);

  it("highlights exactly the visited nodes of each flow version, with their visit numbers, and marks the last node", () => {
    const line = session.documents.get("support-line@1");
    if (!line) throw new Error("support-line missing");
    const { nodes } = pathGraph(line, paths.get("support-line@1"));
    const visited = nodes.filter((node) => node.className?.includes("path-node-visited"));
    const distinct = new Set(session.steps.filter((step) => step.flowId === "support-line").map((step) => step.nodeId));
    expect(visited.map((node) => node.id).sort()).toEqual([...distinct].sort());
    expect(visited.map((node) => [node.id, node.data.visits])).toEqual([
      ["welcome", [5]],
      ["hours", [6]],
      ["main_menu", [7]],
      ["to_billing", [8]],
    ]);
    expect(nodes.filter((node) => node.data.last).map((node) => node.id)).toEqual(["to_billing"]);
    expect(nodes.find((node) => node.id === "to_billing")?.className).toContain("path-node-last");
    expect(nodes.find((node) => node.id === "welcome")?.data).toMatchObject({ label: "Welcome", nodeType: "greeting", typeTitle: "Greeting", entry: true });
  });

  it("animates the edges taken and labels every edge with its handle's label", () => {
    const line = session.documents.get("support-line@1");
    if (!line) throw new Error("support-line missing");
    const { edges } = pathGraph(line, paths.get("support-line@1"));
    expect(edges.filter((edge) => edge.animated).map((edge) => edge.id)).toEqual(["welcome-next", "hours-in_hours", "main_menu-option-3"]);
    expect(edges.find((edge) => edge.id === "main_menu-option-3")).toMatchObject({ label: "3 · Billing", className: "path-edge path-edge-taken" });
    expect(edges.find((edge) => edge.id === "main_menu-max_retries")).toMatchObject({ label: "Too many tries", animated: false, className: "path-edge" });
  });

  it("the flow before the goto has no last node; a selected node is marked", () => {
    const selector = session.documents.get("language-selector@1");
    if (!selector) throw new Error("language-selector missing");
    const { nodes } = pathGraph(selector, paths.get("language-selector@1"), "set_english");
    expect(nodes.filter((node) => node.data.last)).toEqual([]);
    expect(nodes.filter((node) => node.data.visits.length > 0).map((node) => node.id)).toEqual(["welcome", "choose_language", "set_english", "to_english"]);
    expect(nodes.find((node) => node.id === "set_english")?.className).toContain("path-node-selected");
  });

  it("without a path, nothing is highlighted", () => {
    const { nodes, edges } = pathGraph(exampleVersion("after-hours").document, undefined);
    expect(nodes.every((node) => node.className?.includes("path-node-unvisited"))).toBe(true);
    expect(edges.some((edge) => edge.animated)).toBe(false);
  });
});
