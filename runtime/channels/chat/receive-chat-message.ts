import { type Effect, SessionState } from "../../engine/index";
import { KeyedLock } from "../../sessions/keyed-lock";
import { FlowNotPublished } from "../../sessions/session-errors";
import type { SessionRecord } from "../../store/sessions-repo";
import type { Channel } from "../channel-config";
import type { DriverContext } from "../channel-driver";
import type { ChatInbound } from "./chat-inbound";
import { resolveMenuChoice } from "./resolve-menu-choice";

/** What became of an inbound chat message. */
export type ChatReceived =
  /** A new session started on the channel's flow (the message started it; it was not taken as input). */
  | { outcome: "started"; sessionId: string; effects: Effect[] }
  /** Given to the open session as `text` or `button` (effects: what the flow answered; empty when it was not waiting for input). */
  | { outcome: "dispatched"; sessionId: string; effects: Effect[] }
  /** The conversation is with agents: the text was posted to its room. */
  | { outcome: "to_agents"; sessionId: string | null; conversationId: string }
  /** Nothing to do: a stale or forged button, a button while agents have the conversation. */
  | { outcome: "ignored"; sessionId: string | null; reason: string }
  /** The channel's flow has no published version: the customer should get an apology, the channel goes to `error`. */
  | { outcome: "unpublished"; problem: string };

/**
 * The variable a chat session starts with: the message that started it, for flows that route on
 * it (examples/chat-escalation.json reads `{{vars.last_message}}`).
 */
export const LAST_MESSAGE_VARIABLE = "last_message";

/** One contact's messages on one channel are handled one at a time, so two quick messages never start two sessions. */
const contacts = new KeyedLock();

/**
 * The shared chat-session logic of every chat driver (Twilio messaging, WhatsApp Cloud, Telegram,
 * web chat). For one inbound message:
 *
 * 1. the contact's open session on this channel (`findOpenSession(type, channelId, contact)`):
 *    - its conversation is open in agent rooms (handed off, waiting or with an agent): text goes
 *      to the room (`rooms.postCustomerMessage`), not to the flow;
 *    - else text → `{type: "text"}`, a button id → `{type: "button", key, token}` of the CURRENT
 *      menu (`resolveMenuChoice`; stale or forged → ignored);
 * 2. no open session, but an open conversation of the contact on this channel (a transfer with no
 *    outgoing edges ended the flow at the hand-off): text goes to that room;
 * 3. otherwise a new session on the channel's flow, published version. **The message that starts a
 *    session starts the flow and is not taken as input** ("hi" starts the bot, a later "2"
 *    chooses), but it is kept in `{{vars.last_message}}`.
 *
 * Rendering the effects is the driver's job (`chatReplies`).
 */
export function receiveChatMessage(channel: Channel, inbound: ChatInbound, context: DriverContext): Promise<ChatReceived> {
  return contacts.run(`${channel.id}\n${inbound.contact}`, () => receive(channel, inbound, context));
}

async function receive(channel: Channel, inbound: ChatInbound, context: DriverContext): Promise<ChatReceived> {
  const open = await context.store.sessions.findOpenSession(channel.type, channel.id, inbound.contact);
  if (open !== undefined) {
    const conversation = await context.store.rooms.conversations.findBySession(open.id);
    if (conversation !== undefined && conversation.status !== "closed" && context.rooms !== undefined) return toAgents(open.id, conversation.id, inbound, context);
    return toFlow(open, inbound, context);
  }
  const handedOff = await context.store.rooms.conversations.findOpenByContact(channel.type, channel.id, inbound.contact);
  if (handedOff !== undefined && context.rooms !== undefined) return toAgents(handedOff.sessionId, handedOff.id, inbound, context);
  if (inbound.input.kind === "button") return { outcome: "ignored", sessionId: null, reason: "a button of a conversation that is over" };
  return start(channel, inbound, inbound.input.text, context);
}

async function toAgents(sessionId: string | null, conversationId: string, inbound: ChatInbound, context: DriverContext): Promise<ChatReceived> {
  if (inbound.input.kind === "button") return { outcome: "ignored", sessionId, reason: "a button while agents have the conversation" };
  await context.rooms?.postCustomerMessage({ conversationId }, inbound.input.text);
  return { outcome: "to_agents", sessionId, conversationId };
}

async function toFlow(open: SessionRecord, inbound: ChatInbound, context: DriverContext): Promise<ChatReceived> {
  if (inbound.input.kind === "text") {
    const result = await context.runner.dispatch(open.id, { type: "text", text: inbound.input.text.slice(0, 4096) });
    return { outcome: "dispatched", sessionId: open.id, effects: result.effects };
  }
  const state = SessionState.safeParse(open.state);
  const choice = state.success ? await resolveMenuChoice(state.data, inbound.input.id, context) : undefined;
  if (choice === undefined) return { outcome: "ignored", sessionId: open.id, reason: `button ${JSON.stringify(inbound.input.id.slice(0, 64))} is not an option of the current menu` };
  const result = await context.runner.dispatch(open.id, { type: "button", key: choice.key, token: choice.token });
  return { outcome: "dispatched", sessionId: open.id, effects: result.effects };
}

async function start(channel: Channel, inbound: ChatInbound, text: string, context: DriverContext): Promise<ChatReceived> {
  const { caller, contact } = inbound;
  try {
    const started = await context.runner.start({
      flowId: channel.flowId,
      source: "published",
      channel: { kind: "chat", type: channel.type, id: channel.id },
      contact,
      caller: { id: contact, ...(caller?.phone === undefined ? {} : { phone: caller.phone }), ...(caller?.name === undefined ? {} : { name: caller.name }) },
      call: { id: inbound.eventId, from: contact, ...(inbound.to === undefined ? {} : { to: inbound.to }) },
      variables: { [LAST_MESSAGE_VARIABLE]: text.slice(0, 4096) },
    });
    return { outcome: "started", sessionId: started.sessionId, effects: started.effects };
  } catch (error) {
    if (!(error instanceof FlowNotPublished)) throw error;
    return { outcome: "unpublished", problem: `flow ${channel.flowId} has no published version: customers get an apology` };
  }
}
