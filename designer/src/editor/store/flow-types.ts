import type { FlowDocument, FlowEdge, FlowNode } from "../../../../flow-schema/document";
import type { NodeType } from "../../../../flow-schema/nodes/catalog";

/** The document the editor holds: a parsed flow document (defaults filled in). */
export type EditorDocument = FlowDocument;
export type EditorNode = FlowNode;
export type EditorEdge = FlowEdge;

/** A node of one type. */
export type NodeOf<K extends NodeType> = Extract<FlowNode, { type: K }>;
/** The `data` of one node type, as the editor holds it. */
export type DataOf<K extends NodeType> = NodeOf<K>["data"];

export interface XY {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Whether `node` is of type `type` (narrows to that type's node). */
export function isNodeOf<K extends NodeType>(node: FlowNode, type: K): node is NodeOf<K> {
  return node.type === type;
}
