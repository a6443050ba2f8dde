import { z } from "zod";
import { FlowDocument, FlowEdge, FlowNode } from "../../../../flow-schema/document";
import type { EditorDocument, EditorEdge, EditorNode, XY } from "./flow-types";
import { uniqueId } from "./ids";

/** What the clipboard carries between flows: `{"switchboard": "nodes", nodes, edges}`. */
export const NodesFragment = z.strictObject({
  switchboard: z.literal("nodes"),
  nodes: z.array(FlowNode).min(1),
  edges: z.array(FlowEdge),
});
export type NodesFragment = z.infer<typeof NodesFragment>;

/** The selected nodes and the edges between them, as a fragment. */
export function copyFragment(doc: EditorDocument, nodeIds: Iterable<string>): NodesFragment | undefined {
  const ids = new Set(nodeIds);
  const nodes = doc.nodes.filter((node) => ids.has(node.id));
  if (nodes.length === 0) return undefined;
  const edges = doc.edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target));
  return { switchboard: "nodes", nodes, edges };
}

/** Reads clipboard text: a fragment, or a whole flow document (its nodes are pasted). */
export function parseFragment(text: string): NodesFragment | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const fragment = NodesFragment.safeParse(json);
  if (fragment.success) return fragment.data;
  const document = FlowDocument.safeParse(json);
  if (document.success && document.data.nodes.length > 0) {
    return { switchboard: "nodes", nodes: document.data.nodes, edges: document.data.edges };
  }
  return undefined;
}

export interface PastedElements {
  nodes: EditorNode[];
  edges: EditorEdge[];
}

/**
 * The fragment's nodes with new ids (free in `doc`), moved so that their top-left corner is at
 * `at`; only edges between pasted nodes are kept, and they follow the new ids.
 */
export function instantiateFragment(doc: EditorDocument, fragment: NodesFragment, at: XY): PastedElements {
  const takenNodes = new Set(doc.nodes.map((node) => node.id));
  const takenEdges = new Set(doc.edges.map((edge) => edge.id));
  const idMap = new Map<string, string>();
  for (const node of fragment.nodes) {
    if (idMap.has(node.id)) continue;
    const id = uniqueId(node.id, takenNodes);
    takenNodes.add(id);
    idMap.set(node.id, id);
  }
  const minX = Math.min(...fragment.nodes.map((node) => node.position.x));
  const minY = Math.min(...fragment.nodes.map((node) => node.position.y));
  const nodes = fragment.nodes
    .filter((node, index) => fragment.nodes.findIndex((other) => other.id === node.id) === index)
    .map((node) => ({
      ...node,
      id: idMap.get(node.id) ?? node.id,
      position: { x: Math.round(at.x + node.position.x - minX), y: Math.round(at.y + node.position.y - minY) },
    }));
  const usedHandles = new Set<string>();
  const edges: EditorEdge[] = [];
  for (const edge of fragment.edges) {
    const source = idMap.get(edge.source);
    const target = idMap.get(edge.target);
    const handleKey = `${edge.source}\u0000${edge.sourceHandle}`;
    if (source === undefined || target === undefined || usedHandles.has(handleKey)) continue;
    usedHandles.add(handleKey);
    const id = uniqueId(`${source}-${edge.sourceHandle}`, takenEdges);
    takenEdges.add(id);
    edges.push({ id, source, sourceHandle: edge.sourceHandle, target });
  }
  return { nodes, edges };
}
