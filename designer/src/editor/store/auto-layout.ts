import type { ElkNode } from "elkjs/lib/elk-api";
import type { EditorDocument, Size, XY } from "./flow-types";
import type { HandleMemory } from "./node-outputs";
import { DEFAULT_NODE_SIZE } from "./placement";

const LAYOUT_OPTIONS: Record<string, string> = {
  "elk.algorithm": "layered",
  "elk.direction": "DOWN",
  "elk.edgeRouting": "ORTHOGONAL",
  "elk.spacing.nodeNode": "60",
  "elk.layered.spacing.nodeNodeBetweenLayers": "90",
  "elk.spacing.edgeNode": "30",
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
  "elk.layered.nodePlacement.strategy": "NETWORK_SIMPLEX",
};

const inPort = (nodeId: string) => `${nodeId}\u0000in`;
const outPort = (nodeId: string, handle: string) => `${nodeId}\u0000out\u0000${handle}`;

/**
 * The ELK graph of a flow: one node per flow node (with its measured size), an input port on top
 * and one output port per handle along the bottom, in handle order, and one edge per flow edge.
 */
export function elkGraph(doc: EditorDocument, sizes: Readonly<Record<string, Size>>, handles: HandleMemory): ElkNode {
  const ids = new Set(doc.nodes.map((node) => node.id));
  return {
    id: "root",
    layoutOptions: LAYOUT_OPTIONS,
    children: doc.nodes.map((node) => {
      const outputs = handles.handlesOf(node);
      const size = sizes[node.id] ?? DEFAULT_NODE_SIZE;
      return {
        id: node.id,
        width: size.width,
        height: size.height,
        layoutOptions: { "elk.portConstraints": "FIXED_ORDER" },
        ports: [
          { id: inPort(node.id), layoutOptions: { "elk.port.side": "NORTH", "elk.port.index": "0" } },
          // Port indices run clockwise: along the bottom that is right to left, so the first handle gets the highest.
          ...outputs.map((output, index) => ({
            id: outPort(node.id, output.id),
            layoutOptions: { "elk.port.side": "SOUTH", "elk.port.index": String(outputs.length - index) },
          })),
        ],
      };
    }),
    edges: doc.edges
      .filter((edge) => ids.has(edge.source) && ids.has(edge.target))
      .map((edge) => ({ id: edge.id, sources: [outPort(edge.source, edge.sourceHandle)], targets: [inPort(edge.target)] })),
  };
}

/** Where ELK's layered layout puts each node (top to bottom, ports in handle order). */
export async function autoLayout(doc: EditorDocument, sizes: Readonly<Record<string, Size>>, handles: HandleMemory): Promise<Map<string, XY>> {
  const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
  const graph = elkGraph(doc, sizes, handles);
  // An edge on a handle the node no longer has (invalid data) would make ELK fail: leave it out.
  const ports = new Set(graph.children?.flatMap((child) => child.ports?.map((port) => port.id) ?? []));
  graph.edges = graph.edges?.filter((edge) => edge.sources.every((id) => ports.has(id)));
  const result = await new ELK().layout(graph);
  const positions = new Map<string, XY>();
  for (const child of result.children ?? []) positions.set(child.id, { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) });
  return positions;
}
