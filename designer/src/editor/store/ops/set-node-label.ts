import type { EditorDocument, EditorNode } from "../flow-types";

function withLabel(node: EditorNode, label: string): EditorNode {
  if (label === "") {
    const { label: _removed, ...rest } = node;
    return rest;
  }
  return { ...node, label };
}

/** Sets a node's canvas label; an empty label removes the field. */
export function setNodeLabel(doc: EditorDocument, nodeId: string, label: string): EditorDocument {
  const target = doc.nodes.find((node) => node.id === nodeId);
  if (!target || (target.label ?? "") === label) return doc;
  return { ...doc, nodes: doc.nodes.map((node) => (node === target ? withLabel(node, label) : node)) };
}
