import type { FlowDocument } from "../../flow-schema/document";
import { MAX_SUBFLOW_DEPTH } from "../../flow-schema/subflow-contract";
import type { FlowVersionRef, SessionState } from "../engine/index";
import type { FlowCache } from "./flow-cache";

type SubflowCall = { flowId: string; version: number | undefined };

/** The subflow nodes of a document, read once per (cached, immutable) document. */
const callsOf = new WeakMap<FlowDocument, SubflowCall[]>();

function subflowCalls(document: FlowDocument): SubflowCall[] {
  let calls = callsOf.get(document);
  if (calls === undefined) {
    calls = document.nodes.flatMap((node) => (node.type === "subflow" ? [{ flowId: node.data.flowId, version: node.data.version }] : []));
    callsOf.set(document, calls);
  }
  return calls;
}

const keyOf = (flowId: string, version: number | "draft") => `${flowId}@${version}`;

/**
 * Every flow version one step of this session may need synchronously (the engine's
 * `env.loadVersion`): the flows waiting on the call stack, and the subflows the running flow and
 * they can call, following pins down to MAX_SUBFLOW_DEPTH (a draft calls live versions). Loaded
 * before the step; a session that calls no subflow costs one scan of its (cached) document.
 */
export async function subflowVersionsNeeded(
  flow: FlowVersionRef,
  state: SessionState,
  cache: FlowCache,
  draft: (flowId: string) => Promise<FlowDocument | undefined>,
): Promise<Map<string, FlowVersionRef>> {
  const found = new Map<string, FlowVersionRef>([[keyOf(flow.flowId, flow.version), flow]]);
  const roots: FlowVersionRef[] = [flow];
  for (const frame of state.callStack ?? []) {
    const key = keyOf(frame.flowId, frame.version);
    if (found.has(key)) continue;
    const document = frame.version === "draft" ? await draft(frame.flowId) : undefined;
    const ref = frame.version === "draft" ? (document && { flowId: frame.flowId, version: frame.version, document }) : await cache.getVersion(frame.flowId, frame.version);
    if (ref === undefined) continue;
    found.set(key, ref);
    roots.push(ref);
  }
  let level = roots;
  for (let depth = 0; depth < MAX_SUBFLOW_DEPTH && level.length > 0; depth += 1) {
    const next: FlowVersionRef[] = [];
    for (const from of level) {
      for (const call of subflowCalls(from.document)) {
        const pinned = from.version !== "draft" && call.version !== undefined ? call.version : undefined;
        const ref = pinned === undefined ? cache.loadFlow(call.flowId) : await cache.getVersion(call.flowId, pinned);
        if (ref === undefined || found.has(keyOf(ref.flowId, ref.version))) continue;
        found.set(keyOf(ref.flowId, ref.version), ref);
        next.push(ref);
      }
    }
    level = next;
  }
  return found;
}
