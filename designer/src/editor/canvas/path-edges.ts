import type { EditorDocument } from "../store/flow-types";

/** The edges a session followed: from each node of `path` to the next one. */
export function pathEdgeIds(doc: EditorDocument, path: readonly string[]): Set<string> {
  const ids = new Set<string>();
  for (let i = 0; i + 1 < path.length; i++) {
    const from = path[i];
    const to = path[i + 1];
    const edge = doc.edges.find((candidate) => candidate.source === from && candidate.target === to);
    if (edge) ids.add(edge.id);
  }
  return ids;
}
