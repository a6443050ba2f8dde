import { useEffect, useState } from "react";
import type { ConversationView } from "../../../runtime/rooms/views";
import { type FlowContext, loadFlowContext } from "./flow-context";
import { useConsole } from "./console-store";

/** The flow path and variables of a conversation: from its session, else from its offer; null when it has no session. */
export function useFlowContext(conversation: ConversationView): FlowContext | null | undefined {
  const offered = useConsole((state) => state.offers.find((offer) => offer.conversation.id === conversation.id)?.details);
  const [loaded, setLoaded] = useState<{ sessionId: string; context: FlowContext | null } | undefined>();
  const sessionId = conversation.sessionId;
  useEffect(() => {
    if (sessionId === null) return;
    let live = true;
    loadFlowContext(sessionId).then(
      (context) => live && setLoaded({ sessionId, context }),
      () => live && setLoaded({ sessionId, context: null }),
    );
    return () => {
      live = false;
    };
  }, [sessionId, conversation.status]);
  if (sessionId === null) return null;
  const context = loaded?.sessionId === sessionId ? loaded.context : undefined;
  if (context) return context;
  if (offered !== undefined) return { path: offered.path, variables: offered.variables };
  return context;
}
