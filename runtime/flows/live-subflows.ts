import type { FlowDocument } from "../../flow-schema/document";
import { MAX_SUBFLOW_DEPTH, type SubflowResolver } from "../../flow-schema/index";
import type { FlowsRepo } from "../store/flows-repo";

/** Most called flows read for one validation. */
const MAX_FLOWS = 200;

/** The flow ids a (possibly invalid) document's subflow nodes call. */
function calledFlowIds(document: unknown): string[] {
  if (typeof document !== "object" || document === null || !("nodes" in document) || !Array.isArray(document.nodes)) return [];
  const ids: string[] = [];
  for (const node of document.nodes) {
    if (typeof node !== "object" || node === null || !("type" in node) || node.type !== "subflow" || !("data" in node)) continue;
    const data: unknown = node.data;
    if (typeof data === "object" && data !== null && "flowId" in data && typeof data.flowId === "string") ids.push(data.flowId);
  }
  return ids;
}

/**
 * The validator's `subflows` resolver for `document`: the live versions of the flows it calls,
 * and of the flows those call, down to MAX_SUBFLOW_DEPTH + 1 (enough to see a chain too deep).
 */
export async function liveSubflows(flows: Pick<FlowsRepo, "getPublished">, document: unknown): Promise<SubflowResolver> {
  const found = new Map<string, FlowDocument | undefined>();
  let level = calledFlowIds(document);
  for (let depth = 0; depth <= MAX_SUBFLOW_DEPTH && level.length > 0 && found.size < MAX_FLOWS; depth += 1) {
    const next: string[] = [];
    for (const flowId of level) {
      if (found.has(flowId) || found.size >= MAX_FLOWS) continue;
      const document = (await flows.getPublished(flowId))?.document;
      found.set(flowId, document);
      next.push(...calledFlowIds(document));
    }
    level = next;
  }
  return (flowId) => found.get(flowId);
}
