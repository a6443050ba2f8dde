import type { EditorDocument } from "../flow-types";
import { edgeIdFor } from "../ids";

export interface HandleConnection {
  source: string;
  sourceHandle: string;
  target: string;
}

/**
 * Connects an output handle to a node. A handle has one edge: an edge already on it is retargeted
 * (keeping its id) instead of getting a second one.
 */
export function connectHandle(doc: EditorDocument, connection: HandleConnection): EditorDocument {
  const { source, sourceHandle, target } = connection;
  const existing = doc.edges.find((edge) => edge.source === source && edge.sourceHandle === sourceHandle);
  if (existing) {
    if (existing.target === target) return doc;
    return {
      ...doc,
      edges: doc.edges
        .filter((edge) => edge === existing || !(edge.source === source && edge.sourceHandle === sourceHandle))
        .map((edge) => (edge === existing ? { ...edge, target } : edge)),
    };
  }
  const id = edgeIdFor(source, sourceHandle, new Set(doc.edges.map((edge) => edge.id)));
  return { ...doc, edges: [...doc.edges, { id, source, sourceHandle, target }] };
}
