import type { FlowDocument } from "./document";

/** One subflow node's pin in a published version: the version of the called flow it runs. */
export interface SubflowPin {
  nodeId: string;
  flowId: string;
  /** Null when the called flow had no published version (the node then calls whatever is live). */
  version: number | null;
}

/**
 * The document publishing stores: every subflow node's `version` set to its called flow's live
 * version (`liveVersion`), replacing any a draft carries (a rollback brings old pins back into the
 * draft; publishing pins afresh). Returns the pins, in node order.
 */
export function pinSubflows(document: FlowDocument, liveVersion: (flowId: string) => number | undefined): { document: FlowDocument; pins: SubflowPin[] } {
  const pins: SubflowPin[] = [];
  const nodes = document.nodes.map((node) => {
    if (node.type !== "subflow") return node;
    const { version: _old, ...data } = node.data;
    const version = liveVersion(data.flowId);
    pins.push({ nodeId: node.id, flowId: data.flowId, version: version ?? null });
    return { ...node, data: version === undefined ? data : { ...data, version } };
  });
  return { document: pins.length === 0 ? document : { ...document, nodes }, pins };
}

/** The pins a document holds (a published version's), in node order. */
export function subflowPins(document: FlowDocument): SubflowPin[] {
  return document.nodes.flatMap((node) => (node.type === "subflow" ? [{ nodeId: node.id, flowId: node.data.flowId, version: node.data.version ?? null }] : []));
}
