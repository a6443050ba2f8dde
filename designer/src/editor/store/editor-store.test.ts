import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FlowDocument } from "../../../../flow-schema/document";
import { MenuKey } from "../../../../flow-schema/nodes/menu";
import { documentFromCanvas, CanvasGraphCache } from "./canvas-graph";
import { copyFragment } from "./clipboard-fragment";
import { createEditorStore } from "./editor-store";
import { isNodeOf } from "./flow-types";
import { loadDocument } from "./load-document";
import { outputsOf } from "./node-outputs";
import { smallFlow } from "./test-fixtures";

function setup(now?: () => number) {
  return createEditorStore({ flowId: "small", document: smallFlow(), revision: 1, ...(now ? { now } : {}) });
}

function menuOf(store: ReturnType<typeof setup>) {
  const node = store.getState().document.nodes.find((candidate) => candidate.id === "menu");
  if (!node || !isNodeOf(node, "menu")) throw new Error("no menu");
  return node;
}

const pastLength = (store: ReturnType<typeof setup>) => store.temporal.getState().pastStates.length;

describe("the editor store", () => {
  it("undoes and redoes edits", () => {
    const store = setup();
    const original = store.getState().document;
    store.getState().setEntry("menu");
    expect(store.getState().document.entry).toBe("menu");
    store.getState().undo();
    expect(store.getState().document).toBe(original);
    store.getState().redo();
    expect(store.getState().document.entry).toBe("menu");
  });

  it("sets the entry node, only to a node that exists", () => {
    const store = setup();
    store.getState().setEntry("goodbye");
    expect(store.getState().document.entry).toBe("goodbye");
    store.getState().setEntry("nowhere");
    expect(store.getState().document.entry).toBe("goodbye");
  });

  it("replaces the edge of a handle that is already connected", () => {
    const store = setup();
    expect(store.getState().connect({ source: "menu", sourceHandle: "option:1", target: "goodbye", targetHandle: "in" })).toBe(true);
    const onHandle = store.getState().document.edges.filter((edge) => edge.source === "menu" && edge.sourceHandle === "option:1");
    expect(onHandle).toEqual([{ id: "menu-option-1", source: "menu", sourceHandle: "option:1", target: "goodbye" }]);
    expect(store.getState().document.edges).toHaveLength(3);
  });

  it("adds a new edge with a conventional id", () => {
    const store = setup();
    store.getState().connect({ source: "menu", sourceHandle: "timeout", target: "goodbye", targetHandle: "in" });
    expect(store.getState().document.edges.at(-1)).toEqual({ id: "menu-timeout", source: "menu", sourceHandle: "timeout", target: "goodbye" });
  });

  it("disconnects one handle", () => {
    const store = setup();
    store.getState().disconnect("menu", "option:2");
    expect(store.getState().document.edges.map((edge) => edge.id)).toEqual(["welcome-next", "menu-option-1"]);
  });

  it("refuses connections that could never be valid", () => {
    const store = setup();
    const { connectionProblem } = store.getState();
    expect(connectionProblem({ source: "goodbye", sourceHandle: "next", target: "menu", targetHandle: "in" })).toMatch(/ends the flow/);
    expect(connectionProblem({ source: "menu", sourceHandle: "nope", target: "goodbye", targetHandle: "in" })).toMatch(/outputs/);
    expect(connectionProblem({ source: "menu", sourceHandle: "timeout", target: "goodbye", targetHandle: "option:1" })).toMatch(/input/);
    expect(connectionProblem({ source: "welcome", sourceHandle: "next", target: "welcome", targetHandle: "in" })).toMatch(/spin forever/);
    expect(connectionProblem({ source: "menu", sourceHandle: "timeout", target: "menu", targetHandle: "in" })).toBeUndefined();
    expect(store.getState().connect({ source: "goodbye", sourceHandle: "next", target: "menu", targetHandle: "in" })).toBe(false);
  });

  it("adds a handle when a menu option is added", () => {
    const store = setup();
    const menu = menuOf(store);
    store.getState().updateNodeData("menu", "menu", { ...menu.data, options: [...menu.data.options, { key: "3", label: "Billing" }] });
    expect(outputsOf(menuOf(store))?.map((output) => output.id)).toEqual(["option:1", "option:2", "option:3", "timeout", "max_retries"]);
  });

  it("removes an option's edge with the option", () => {
    const store = setup();
    const menu = menuOf(store);
    store.getState().updateNodeData("menu", "menu", { ...menu.data, options: menu.data.options.filter((option) => option.key !== "2") });
    expect(store.getState().document.edges.map((edge) => edge.id)).toEqual(["welcome-next", "menu-option-1"]);
    store.getState().undo();
    expect(store.getState().document.edges.map((edge) => edge.id)).toContain("menu-option-2");
  });

  it("moves an edge along with a renamed menu key", () => {
    const store = setup();
    const menu = menuOf(store);
    const options = menu.data.options.map((option) => (option.key === "2" ? { ...option, key: MenuKey.parse("9") } : option));
    store.getState().updateNodeData("menu", "menu", { ...menu.data, options }, { renames: { "option:2": "option:9" } });
    expect(store.getState().document.edges.find((edge) => edge.id === "menu-option-2")?.sourceHandle).toBe("option:9");
  });

  it("keeps edges while a node's data is invalid", () => {
    const store = setup();
    const menu = menuOf(store);
    store.getState().updateNodeData("menu", "menu", { ...menu.data, options: [{ key: "1", label: "" }] });
    expect(store.getState().document.edges).toHaveLength(3);
    expect(store.getState().handles.handlesOf(menuOf(store)).map((handle) => handle.id)).toContain("option:2");
  });

  it("deletes the selection with every edge that touches it", () => {
    const store = setup();
    store.getState().applyNodeChanges([{ id: "menu", type: "select", selected: true }]);
    store.getState().deleteSelection();
    const doc = store.getState().document;
    expect(doc.nodes.map((node) => node.id)).toEqual(["welcome", "sales", "goodbye"]);
    expect(doc.edges).toEqual([]);
    expect(store.getState().selectedNodeIds).toEqual([]);
    store.getState().undo();
    expect(store.getState().document.edges).toHaveLength(3);
  });

  it("deletes selected edges alone", () => {
    const store = setup();
    store.getState().applyEdgeChanges([{ id: "welcome-next", type: "select", selected: true }]);
    store.getState().deleteSelection();
    expect(store.getState().document.nodes).toHaveLength(4);
    expect(store.getState().document.edges.map((edge) => edge.id)).toEqual(["menu-option-1", "menu-option-2"]);
  });

  it("pastes with new ids, keeping only the edges between pasted nodes", () => {
    const store = setup();
    const fragment = copyFragment(store.getState().document, ["menu", "goodbye", "welcome"]);
    if (!fragment) throw new Error("nothing copied");
    expect(fragment.edges.map((edge) => edge.id)).toEqual(["welcome-next", "menu-option-2"]);
    // Another flow receives it through the clipboard, as JSON.
    const other = setup();
    other.getState().paste(JSON.parse(JSON.stringify(fragment)), { x: 500, y: 500 });
    const doc = other.getState().document;
    expect(doc.nodes.map((node) => node.id)).toEqual(["welcome", "menu", "sales", "goodbye", "welcome-2", "menu-2", "goodbye-2"]);
    expect(doc.nodes.find((node) => node.id === "welcome-2")?.position).toEqual({ x: 500, y: 500 });
    expect(doc.nodes.find((node) => node.id === "goodbye-2")?.position).toEqual({ x: 700, y: 900 });
    expect(doc.edges.slice(3)).toEqual([
      { id: "welcome-2-next", source: "welcome-2", sourceHandle: "next", target: "menu-2" },
      { id: "menu-2-option-2", source: "menu-2", sourceHandle: "option:2", target: "goodbye-2" },
    ]);
    expect(other.getState().selectedNodeIds).toEqual(["welcome-2", "menu-2", "goodbye-2"]);
    expect(pastLength(other)).toBe(1);
  });

  it("pastes at an offset when no position is given, further each time", () => {
    const store = setup();
    const fragment = copyFragment(store.getState().document, ["goodbye"]);
    if (!fragment) throw new Error("nothing copied");
    store.getState().paste(fragment);
    store.getState().paste(fragment);
    const positions = store.getState().document.nodes.slice(4).map((node) => node.position);
    expect(positions).toEqual([
      { x: 240, y: 440 },
      { x: 280, y: 480 },
    ]);
  });

  it("makes a whole drag one undo step", () => {
    const store = setup();
    const original = store.getState().document;
    store.getState().beginDrag();
    for (const x of [10, 20, 30, 40]) store.getState().applyNodeChanges([{ id: "welcome", type: "position", position: { x, y: x }, dragging: true }]);
    store.getState().applyNodeChanges([{ id: "welcome", type: "position", position: { x: 41, y: 42 }, dragging: false }]);
    store.getState().endDrag();
    expect(store.getState().document.nodes[0]?.position).toEqual({ x: 41, y: 42 });
    expect(pastLength(store)).toBe(1);
    store.getState().undo();
    expect(store.getState().document).toBe(original);
    store.getState().redo();
    expect(store.getState().document.nodes[0]?.position).toEqual({ x: 41, y: 42 });
  });

  it("records nothing for a drag that did not move", () => {
    const store = setup();
    store.getState().beginDrag();
    store.getState().endDrag();
    expect(pastLength(store)).toBe(0);
  });

  it("does not make selection, sizes, highlights or save state undo steps", () => {
    const store = setup();
    store.getState().applyNodeChanges([
      { id: "menu", type: "select", selected: true },
      { id: "menu", type: "dimensions", dimensions: { width: 240, height: 120 } },
    ]);
    store.getState().applyEdgeChanges([{ id: "welcome-next", type: "select", selected: true }]);
    store.getState().selectNode("welcome");
    store.getState().selectAll();
    store.getState().clearSelection();
    store.getState().setHighlight({ currentNodeId: "menu", path: ["welcome", "menu"] });
    store.getState().setSave({ status: "saving" });
    store.getState().setDiagnostics([]);
    expect(pastLength(store)).toBe(0);
  });

  it("groups typing in one field into one undo step", () => {
    let clock = 0;
    const store = setup(() => clock);
    for (const label of ["M", "Ma", "Mai", "Main"]) {
      clock += 200;
      store.getState().setNodeLabel("menu", label);
    }
    clock += 5000;
    store.getState().setNodeLabel("menu", "Main menu");
    expect(pastLength(store)).toBe(2);
    store.getState().undo();
    expect(menuOf(store).label).toBe("Main");
    store.getState().undo();
    expect(menuOf(store).label).toBeUndefined();
  });

  it("places a node from the palette without overlapping, and selects it", () => {
    const store = setup();
    const id = store.getState().placeNode("gather", { x: 130, y: 70 });
    expect(id).toBe("gather-1");
    const node = store.getState().document.nodes.at(-1);
    expect(node?.type).toBe("gather");
    expect(node?.position).not.toEqual({ x: 0, y: 0 });
    expect(store.getState().selectedNodeIds).toEqual(["gather-1"]);
    expect(store.getState().placeNode("gather", { x: 130, y: 70 })).toBe("gather-2");
  });

  it("renames a node, following its edges and the entry", () => {
    const store = setup();
    expect(store.getState().renameNode("welcome", "hello")).toBe(true);
    expect(store.getState().document.entry).toBe("hello");
    expect(store.getState().document.edges[0]?.source).toBe("hello");
    expect(store.getState().renameNode("hello", "menu")).toBe(false);
    expect(store.getState().renameNode("hello", "not valid")).toBe(false);
  });

  it("shows a version read-only: nothing can be edited", () => {
    const store = setup();
    const version = { ...smallFlow(), entry: "menu" };
    expect(store.getState().setReadOnly(version, { version: 3 })).toBe(true);
    store.getState().setEntry("goodbye");
    store.getState().applyNodeChanges([{ id: "welcome", type: "position", position: { x: 5, y: 5 } }]);
    expect(store.getState().document.entry).toBe("welcome");
    expect(store.getState().document.nodes[0]?.position).toEqual({ x: 0, y: 0 });
    expect(store.getState().readOnly?.version).toBe(3);
    expect(store.getState().setReadOnly(JSON.parse(`{"nonsense": true}`))).toBe(false);
    store.getState().setReadOnly(null);
    expect(store.getState().readOnly).toBeNull();
  });

  it("keeps a selection valid across undo", () => {
    const store = setup();
    store.getState().placeNode("hangup", { x: 900, y: 900 });
    store.getState().undo();
    expect(store.getState().selectedNodeIds).toEqual([]);
  });
});

describe("the document ↔ React Flow round trip", () => {
  const example = FlowDocument.parse(JSON.parse(readFileSync(new URL("../../../../examples/support-line.json", import.meta.url), "utf8")));
  const served = JSON.stringify(example);

  it("gives back a loaded document byte for byte when nothing was edited", () => {
    const loaded = loadDocument(JSON.parse(served));
    if (!loaded.ok) throw new Error(loaded.problems.join("; "));
    const store = createEditorStore({ flowId: example.id, document: loaded.document, revision: 1 });
    const graph = new CanvasGraphCache();
    const inputs = { selectedNodeIds: new Set<string>(), selectedEdgeIds: new Set<string>(), measured: {}, pathEdgeIds: new Set<string>() };
    const nodes = graph.nodesOf(store.getState().document, inputs);
    const edges = graph.edgesOf(store.getState().document, store.getState().handles, inputs);
    // What React Flow does to a document that is only looked at: measure, select, and a click that does not move.
    store.getState().applyNodeChanges(nodes.map((node) => ({ id: node.id, type: "dimensions", dimensions: { width: 250, height: 130 } })));
    store.getState().applyNodeChanges([{ id: "welcome", type: "select", selected: true }]);
    store.getState().beginDrag();
    store.getState().applyNodeChanges([{ id: "welcome", type: "position", position: { x: 0, y: 0 }, dragging: true }]);
    store.getState().endDrag();
    expect(JSON.stringify(store.getState().document)).toBe(served);
    expect(JSON.stringify(documentFromCanvas(store.getState().document, nodes, edges))).toBe(served);
    expect(pastLength(store)).toBe(0);
  });

  it("labels each edge with its handle's label", () => {
    const graph = new CanvasGraphCache();
    const store = createEditorStore({ flowId: example.id, document: example, revision: 1 });
    const inputs = { selectedNodeIds: new Set<string>(), selectedEdgeIds: new Set<string>(), measured: {}, pathEdgeIds: new Set<string>() };
    const edges = graph.edgesOf(example, store.getState().handles, inputs);
    expect(edges.find((edge) => edge.id === "main_menu-option-1")?.label).toBe("1 · Sales");
    expect(edges.every((edge) => edge.targetHandle === "in")).toBe(true);
  });

  it("reuses React Flow objects that did not change", () => {
    const graph = new CanvasGraphCache();
    const inputs = { selectedNodeIds: new Set<string>(), selectedEdgeIds: new Set<string>(), measured: {}, pathEdgeIds: new Set<string>() };
    const first = graph.nodesOf(example, inputs);
    const second = graph.nodesOf(example, { ...inputs, selectedNodeIds: new Set(["welcome"]) });
    expect(second[0]).not.toBe(first[0]);
    expect(second[1]).toBe(first[1]);
  });
});
