import { FlowNode } from "../../../../flow-schema/document";
import { type NodeType, nodeCatalog } from "../../../../flow-schema/nodes/catalog";
import type { EditorNode, XY } from "./flow-types";

/** A fresh node of `type` with the catalog's starter data (defaults filled in). */
export function newNode(type: NodeType, id: string, position: XY): EditorNode {
  return FlowNode.parse({ id, type, position: { x: Math.round(position.x), y: Math.round(position.y) }, data: nodeCatalog[type].starter() });
}
