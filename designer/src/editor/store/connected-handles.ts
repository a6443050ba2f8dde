import type { EditorEdge } from "./flow-types";

const cache = new WeakMap<readonly EditorEdge[], Map<string, string>>();

/**
 * The handles of `nodeId` that have an edge, as one string (handle ids joined by newlines), so
 * that a node card re-renders only when its own connections change. Indexed once per edge list.
 */
export function connectedHandlesOf(edges: readonly EditorEdge[], nodeId: string): string {
  let bySource = cache.get(edges);
  if (!bySource) {
    const lists = new Map<string, string[]>();
    for (const edge of edges) {
      const list = lists.get(edge.source);
      if (list) list.push(edge.sourceHandle);
      else lists.set(edge.source, [edge.sourceHandle]);
    }
    bySource = new Map([...lists].map(([source, handles]) => [source, handles.join("\n")]));
    cache.set(edges, bySource);
  }
  return bySource.get(nodeId) ?? "";
}
