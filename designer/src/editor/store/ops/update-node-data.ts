import type { NodeType } from "../../../../../flow-schema/nodes/catalog";
import { type DataOf, type EditorDocument, type EditorNode, isNodeOf, type NodeOf } from "../flow-types";
import { outputsOf } from "../node-outputs";

function withData<K extends NodeType>(node: NodeOf<K>, data: DataOf<K>): NodeOf<K> {
  return { ...node, data };
}

/**
 * Replaces a node's data. `renames` moves edges from old handle ids to new ones (a menu key that
 * changed); once the data parses, edges on handles the node no longer has are removed (a deleted
 * menu option takes its edge with it).
 */
export function updateNodeData<K extends NodeType>(
  doc: EditorDocument,
  nodeId: string,
  type: K,
  data: DataOf<K>,
  renames: Readonly<Record<string, string>> = {},
): EditorDocument {
  let updated: EditorNode | undefined;
  const nodes = doc.nodes.map((node) => {
    if (node.id !== nodeId || !isNodeOf(node, type) || node.data === data) return node;
    updated = withData(node, data);
    return updated;
  });
  if (updated === undefined) return doc;
  const outputs = outputsOf(updated);
  const known = outputs ? new Set(outputs.map((output) => output.id)) : undefined;
  const used = new Set<string>();
  const edges = doc.edges.flatMap((edge) => {
    if (edge.source !== nodeId) return [edge];
    const handle = Object.hasOwn(renames, edge.sourceHandle) ? (renames[edge.sourceHandle] ?? edge.sourceHandle) : edge.sourceHandle;
    if ((known && !known.has(handle)) || used.has(handle)) return [];
    used.add(handle);
    return [handle === edge.sourceHandle ? edge : { ...edge, sourceHandle: handle }];
  });
  const edgesChanged = edges.length !== doc.edges.length || edges.some((edge, index) => edge !== doc.edges[index]);
  return { ...doc, nodes, edges: edgesChanged ? edges : doc.edges };
}
