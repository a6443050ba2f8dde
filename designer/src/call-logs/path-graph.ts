import type { Edge, Node } from "@xyflow/react";
import type { FlowDocument } from "../../../flow-schema/document";
import { nodeFacts } from "./node-facts";
import type { FlowPath } from "./session-path";

export type PathNodeData = {
  label: string;
  /** The node's type, for its icon. */
  nodeType: string;
  typeTitle: string;
  summary: string;
  /** Visit numbers; empty when the session never came here. */
  visits: number[];
  /** The node the session is at, or ended at. */
  last: boolean;
  entry: boolean;
  /** Chosen in the timeline. */
  selected: boolean;
};
export type PathNode = Node<PathNodeData, "path">;

const TAKEN_COLOR = "#1d4ed8";

/** A flow document as a read-only canvas with a session's path drawn on it. */
export function pathGraph(document: FlowDocument, path: FlowPath | undefined, selectedNodeId?: string): { nodes: PathNode[]; edges: Edge[] } {
  const taken = new Set(path?.edgeIds ?? []);
  const handleLabels = new Map<string, string>();
  const nodes: PathNode[] = document.nodes.map((node) => {
    const facts = nodeFacts(node, { nodeId: node.id, nodeType: node.type });
    for (const handle of facts.handles) handleLabels.set(`${node.id}\u0000${handle.id}`, handle.label);
    const visits = path?.visits.get(node.id) ?? [];
    const last = path?.lastNodeId === node.id;
    const selected = selectedNodeId === node.id;
    const classes = ["path-node", visits.length > 0 ? "path-node-visited" : "path-node-unvisited", last ? "path-node-last" : "", selected ? "path-node-selected" : ""];
    return {
      id: node.id,
      type: "path",
      position: node.position,
      data: { label: facts.label, nodeType: node.type, typeTitle: facts.typeTitle, summary: facts.summary, visits, last, entry: node.id === document.entry, selected },
      className: classes.filter(Boolean).join(" "),
      draggable: false,
      connectable: false,
      selectable: false,
    };
  });
  const edges: Edge[] = document.edges.map((edge) => {
    const isTaken = taken.has(edge.id);
    return {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      label: handleLabels.get(`${edge.source}\u0000${edge.sourceHandle}`) ?? edge.sourceHandle,
      animated: isTaken,
      className: isTaken ? "path-edge path-edge-taken" : "path-edge",
      zIndex: isTaken ? 1 : 0,
      markerEnd: isTaken ? { type: "arrowclosed", color: TAKEN_COLOR } : { type: "arrowclosed" },
      selectable: false,
      focusable: false,
    };
  });
  return { nodes, edges };
}
