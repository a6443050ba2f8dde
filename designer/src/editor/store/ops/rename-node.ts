import type { EditorDocument } from "../flow-types";
import { isIdentifier } from "../ids";

/** Gives a node a new id, following it in edges and the entry. Refuses invalid or taken ids (returns the document unchanged). */
export function renameNode(doc: EditorDocument, oldId: string, newId: string): EditorDocument {
  if (oldId === newId || !isIdentifier(newId) || doc.nodes.some((node) => node.id === newId)) return doc;
  if (!doc.nodes.some((node) => node.id === oldId)) return doc;
  return {
    ...doc,
    entry: doc.entry === oldId ? newId : doc.entry,
    nodes: doc.nodes.map((node) => (node.id === oldId ? { ...node, id: newId } : node)),
    edges: doc.edges.map((edge) =>
      edge.source === oldId || edge.target === oldId
        ? { ...edge, source: edge.source === oldId ? newId : edge.source, target: edge.target === oldId ? newId : edge.target }
        : edge,
    ),
  };
}
