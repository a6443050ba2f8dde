import type { FlowDocument, FlowNode } from "../../flow-schema/index";

/** Lookups over one document: nodes by id, edge targets by (source, handle). */
export interface FlowGraph {
  node(id: string): FlowNode | undefined;
  /** The node an edge from `source` along `handle` enters, if that handle is connected. */
  target(source: string, handle: string): string | undefined;
  /** The handles of `source` that have an edge. */
  connected(source: string): ReadonlySet<string>;
}

const NO_HANDLES: ReadonlySet<string> = new Set();
const cache = new WeakMap<FlowDocument, FlowGraph>();

/** The graph of a document, built once per document object (documents are immutable). */
export function flowGraph(document: FlowDocument): FlowGraph {
  const cached = cache.get(document);
  if (cached) return cached;
  const nodes = new Map(document.nodes.map((node) => [node.id, node]));
  const targets = new Map<string, Map<string, string>>();
  for (const edge of document.edges) {
    const bySource = targets.get(edge.source) ?? new Map<string, string>();
    // One edge per handle; should a document carry two, the first one wins.
    if (!bySource.has(edge.sourceHandle)) bySource.set(edge.sourceHandle, edge.target);
    targets.set(edge.source, bySource);
  }
  const handles = new Map([...targets].map(([source, byHandle]) => [source, new Set(byHandle.keys())]));
  const graph: FlowGraph = {
    node: (id) => nodes.get(id),
    target: (source, handle) => targets.get(source)?.get(handle),
    connected: (source) => handles.get(source) ?? NO_HANDLES,
  };
  cache.set(document, graph);
  return graph;
}
