import { z } from "zod";
import type { OfferDetails } from "../../../runtime/rooms/views";
import { sessionsApi } from "../call-logs/sessions-api";

/** The flow's side of a conversation: the path the customer took and the variables gathered. */
export interface FlowContext {
  path: OfferDetails["path"];
  variables: Record<string, unknown>;
}

const WithVars = z.object({ vars: z.record(z.string(), z.unknown()) });
const PATH_STEPS = 100;

/** Reads it from the conversation's session (GET /api/sessions/{id}). */
export async function loadFlowContext(sessionId: string): Promise<FlowContext> {
  const session = await sessionsApi.get(sessionId);
  const state = WithVars.safeParse(session.state);
  return {
    path: session.steps.slice(-PATH_STEPS).map((step) => ({ nodeId: step.nodeId, nodeType: step.nodeType, outcome: step.outcome, input: step.input, at: step.at })),
    variables: state.success ? state.data.vars : {},
  };
}
