import type { FlowDocument } from "../document";
import { isRecord } from "../migrate/is-record";
import { MAX_SUBFLOW_DEPTH } from "../subflow-contract";
import { type Diagnostic, diagnostic } from "./diagnostic";

/** The live version's document of another flow, or undefined when it has none. */
export type SubflowResolver = (flowId: string) => FlowDocument | undefined;

/** Flows a document's subflow nodes call, with the nodes' positions. */
function calls(nodes: readonly unknown[]): Array<{ index: number; id: string | undefined; flowId: string }> {
  const found: Array<{ index: number; id: string | undefined; flowId: string }> = [];
  nodes.forEach((node, index) => {
    if (!isRecord(node) || node.type !== "subflow" || !isRecord(node.data) || typeof node.data.flowId !== "string") return;
    found.push({ index, id: typeof node.id === "string" ? node.id : undefined, flowId: node.data.flowId });
  });
  return found;
}

/** Most flows looked at for one node, so a wide web of flows cannot make validation slow. */
const MAX_VISITS = 5_000;

/**
 * Follows the subflow calls of the document across flows: a chain of calls that comes back to a
 * flow already on it is `subflow_recursion`, one more than MAX_SUBFLOW_DEPTH calls long is
 * `subflow_too_deep`; each is reported once, on the node of this document that starts it.
 * Called flows are read with `resolve` (their live versions); this flow is the document itself.
 */
export function checkSubflowCalls(doc: Record<string, unknown>, resolve: SubflowResolver, out: Diagnostic[]): void {
  const rootId = typeof doc.id === "string" ? doc.id : "";
  const rootNodes = Array.isArray(doc.nodes) ? doc.nodes : [];
  const nodesOf = (flowId: string): readonly unknown[] => (flowId === rootId ? rootNodes : (resolve(flowId)?.nodes ?? []));

  for (const call of calls(rootNodes)) {
    let visits = 0;
    const problem = (chain: string[]): Diagnostic | undefined => {
      visits += 1;
      if (visits > MAX_VISITS) return undefined;
      const last = chain[chain.length - 1] ?? "";
      const earlier = chain.indexOf(last);
      const path = chain.map((id) => `"${id}"`).join(" → ");
      const where = { ...(call.id === undefined ? {} : { nodeId: call.id }), path: `/nodes/${call.index}/data/flowId` };
      if (earlier < chain.length - 1) {
        return diagnostic("subflow_recursion", `subflow calls come back to a flow already running: ${path}; a flow cannot call itself, directly or through others`, where);
      }
      if (chain.length - 1 > MAX_SUBFLOW_DEPTH) {
        return diagnostic("subflow_too_deep", `subflow calls nest more than ${MAX_SUBFLOW_DEPTH} deep: ${path}`, where);
      }
      for (const next of calls(nodesOf(last))) {
        const found = problem([...chain, next.flowId]);
        if (found !== undefined) return found;
      }
      return undefined;
    };
    const found = problem([rootId, call.flowId]);
    if (found !== undefined) out.push(found);
  }
}

/** Return nodes may give back only the outputs the flow declares. */
export function checkReturnOutputs(doc: Record<string, unknown>, out: Diagnostic[]): void {
  const declared = isRecord(doc.outputs) ? Object.keys(doc.outputs) : [];
  const nodes = Array.isArray(doc.nodes) ? doc.nodes : [];
  nodes.forEach((node, index) => {
    if (!isRecord(node) || node.type !== "return" || !isRecord(node.data) || !isRecord(node.data.outputs)) return;
    for (const name of Object.keys(node.data.outputs)) {
      if (declared.includes(name)) continue;
      out.push(
        diagnostic(
          "return_output_unknown",
          `return gives back output "${name}", which this flow does not declare in "outputs"${declared.length === 0 ? "" : ` (it declares ${declared.join(", ")})`}`,
          { ...(typeof node.id === "string" ? { nodeId: node.id } : {}), path: `/nodes/${index}/data/outputs/${name}` },
        ),
      );
    }
  });
}
