import type { EditorDocument } from "../flow-types";

/** Removes nodes (with every edge that touches them) and edges. The entry id stays, so a deleted entry is reported. */
export function removeElements(doc: EditorDocument, nodeIds: Iterable<string>, edgeIds: Iterable<string> = []): EditorDocument {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  if (nodes.size === 0 && edges.size === 0) return doc;
  const keptNodes = doc.nodes.filter((node) => !nodes.has(node.id));
  const keptEdges = doc.edges.filter((edge) => !edges.has(edge.id) && !nodes.has(edge.source) && !nodes.has(edge.target));
  if (keptNodes.length === doc.nodes.length && keptEdges.length === doc.edges.length) return doc;
  return { ...doc, nodes: keptNodes, edges: keptEdges };
}
