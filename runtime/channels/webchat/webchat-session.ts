import { type Effect, SessionState } from "../../engine/index";
import type { DriverContext } from "../channel-driver";
import type { ChatInput } from "../chat/chat-inbound";
import { resolveMenuChoice } from "../chat/resolve-menu-choice";
import type { WebchatChannel } from "./webchat-conversations";

export interface WebchatStep {
  sessionId?: string;
  effects: readonly Effect[];
}

/** Starts the channel's flow for a visitor (contact and `{{caller.id}}` = the visitor id). */
export async function startWebchatSession(channel: WebchatChannel, visitorId: string, context: DriverContext): Promise<WebchatStep> {
  const started = await context.runner.start({
    flowId: channel.flowId,
    source: "published",
    channel: { kind: "chat", type: "webchat", id: channel.id },
    contact: visitorId,
    caller: { id: visitorId },
    call: { id: visitorId },
  });
  return { sessionId: started.sessionId, effects: started.effects };
}

/**
 * A visitor's text or button: to the agent room when the visitor is with agents (the session waits
 * on a transfer, or a hand-off ended the flow and the conversation is open), else to the flow
 * (a button mapped to the menu the session waits on now; a stale one is ignored). Without an open
 * session or conversation, the flow starts again (the message opens a new conversation).
 */
export async function receiveWebchatInput(channel: WebchatChannel, visitorId: string, input: ChatInput, context: DriverContext): Promise<WebchatStep> {
  const open = await context.store.sessions.findOpenSession("webchat", channel.id, visitorId);
  const text = input.kind === "text" ? input.text : undefined;
  if (open === undefined) {
    const conversation = await context.store.rooms.conversations.findOpenByContact("webchat", channel.id, visitorId);
    if (conversation !== undefined && context.rooms !== undefined) {
      if (text !== undefined) await context.rooms.postCustomerMessage({ conversationId: conversation.id }, text);
      return { effects: [] };
    }
    return startWebchatSession(channel, visitorId, context);
  }
  const state = await sessionState(open.id, context);
  if (state === undefined) return { sessionId: open.id, effects: [] };
  if (state.waiting?.kind === "transfer" && context.rooms !== undefined) {
    if (text !== undefined) await context.rooms.postCustomerMessage({ sessionId: open.id }, text);
    return { sessionId: open.id, effects: [] };
  }
  if (input.kind === "button") {
    const choice = await resolveMenuChoice(state, input.id, context);
    if (choice === undefined) return { sessionId: open.id, effects: [] };
    const result = await context.runner.dispatch(open.id, { type: "button", key: choice.key, token: choice.token });
    return { sessionId: open.id, effects: result.effects };
  }
  const result = await context.runner.dispatch(open.id, { type: "text", text: input.text });
  return { sessionId: open.id, effects: result.effects };
}

async function sessionState(sessionId: string, context: DriverContext): Promise<SessionState | undefined> {
  const head = await context.store.sessions.getSessionHead(sessionId);
  return head === undefined ? undefined : SessionState.parse(head.state);
}
