import type { FlowDocument } from "../../../flow-schema/index";
import type { SessionState } from "../../engine/index";
import type { DriverContext } from "../channel-driver";

/** The flow document a session runs now (`state.flow`, which goto_flow moves): its published version, or a simulation's draft snapshot. */
export async function sessionDocument(state: SessionState, context: DriverContext): Promise<FlowDocument | undefined> {
  const { flowId, version } = state.flow;
  if (version === "draft") return context.store.sessions.getDraftDocument(state.sessionId);
  return (await context.store.flows.getVersion(flowId, version))?.document;
}
