import { SessionState } from "../engine/index";
import type { SessionsRepo } from "../store/sessions-repo";
import type { ConversationRecord } from "../store/room-records";
import type { OfferDetails } from "./views";

const PATH_STEPS = 100;

/** What an agent sees before accepting: the caller, the flow path taken and the variables gathered. */
export async function offerDetails(sessions: SessionsRepo, conversation: ConversationRecord): Promise<OfferDetails> {
  const session = conversation.sessionId === null ? undefined : await sessions.getSession(conversation.sessionId);
  const parsed = session === undefined ? undefined : SessionState.safeParse(session.state);
  const state = parsed?.success === true ? parsed.data : undefined;
  return {
    caller: {
      name: state?.caller.name ?? null,
      phone: state?.caller.phone ?? state?.call.from ?? null,
      address: conversation.contact,
      channel: conversation.channelType,
    },
    path: (session?.steps ?? []).slice(-PATH_STEPS).map((step) => ({
      nodeId: step.nodeId,
      nodeType: step.nodeType,
      outcome: step.outcome,
      input: step.input,
      at: new Date(step.at).toISOString(),
    })),
    variables: state?.vars ?? {},
  };
}
