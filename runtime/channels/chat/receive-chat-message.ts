import { type Effect, type EngineEvent, SessionState } from "../../engine/index";
import { KeyedLock } from "../../sessions/keyed-lock";
import { FlowNotPublished } from "../../sessions/session-errors";
import type { SessionRecord } from "../../store/sessions-repo";
import type { Channel } from "../channel-config";
import type { DriverContext } from "../channel-driver";
import type { ChatInbound, ChatInput } from "./chat-inbound";
import { currentPrompt } from "./current-prompt";
import { resolveMenuChoice } from "./resolve-menu-choice";
import { sessionDocument } from "./session-document";
import { isQuiet, unsupportedNote } from "./unsupported-input";
import { unsupportedInputMessage } from "./unsupported-input-message";

/** What became of an inbound chat message. `notice`: a text for the customer before the flow's replies. */
export type ChatReceived =
  /** A new session started on the channel's flow (the message started it; it was not taken as input). */
  | { outcome: "started"; sessionId: string; effects: Effect[]; notice?: string }
  /** Given to the open session as `text` or `button` (effects: what the flow answered; empty when it was not waiting for input). */
  | { outcome: "dispatched"; sessionId: string; effects: Effect[] }
  /** Something the flow cannot read: the notice (`settings.unsupportedInputMessage`), then the question the session waits on again (effects; none when it waits for no input). */
  | { outcome: "unsupported"; sessionId: string; notice: string; effects: Effect[] }
  /** The conversation is with agents: the message was posted to its room (a note for what cannot be shown, and then the notice). */
  | { outcome: "to_agents"; sessionId: string | null; conversationId: string; notice?: string }
  /** Nothing to do: a button with no title while the flow waits for no input or agents have the conversation; a reaction outside a conversation. */
  | { outcome: "ignored"; sessionId: string | null; reason: string }
  /** The channel's flow has no published version: the customer should get an apology, the channel goes to `error`. */
  | { outcome: "unpublished"; problem: string };

/**
 * The variable a chat session starts with: the message that started it, for flows that route on
 * it (examples/chat-escalation.json reads `{{vars.last_message}}`).
 */
export const LAST_MESSAGE_VARIABLE = "last_message";

/**
 * The key of the button event that answers a menu or gather for a tap on a button the server
 * cannot map (an unknown id, no title): no menu has it as a key (keys are one character) and it
 * holds no digit, so the engine takes it as an invalid answer: the invalid prompt, the question
 * again, one try used.
 */
export const UNKNOWN_BUTTON = "(unknown button)";

/** One contact's messages on one channel are handled one at a time, so two quick messages never start two sessions. */
const contacts = new KeyedLock();

/**
 * What the customer "typed", when the input reads as text: typed text; a tapped button's title (a
 * tap the server cannot map to the current menu is taken as typing its title); a photo's caption.
 */
function typed(input: ChatInput): string | undefined {
  if (input.kind === "text") return input.text;
  if (input.kind === "button") return input.title === undefined || input.title.trim() === "" ? undefined : input.title;
  return input.caption === undefined || input.caption.trim() === "" ? undefined : input.caption;
}

/**
 * The shared chat-session logic of every chat driver (Twilio messaging, WhatsApp Cloud, Telegram,
 * web chat). For one inbound message:
 *
 * 1. the contact's open session on this channel (`findOpenSession(type, channelId, contact)`):
 *    - its conversation is open in agent rooms (handed off, waiting or with an agent): the message
 *      goes to the room (`rooms.postCustomerMessage`), not to the flow (see `toAgents`);
 *    - else to the flow (see `toFlow`);
 * 2. no open session, but an open conversation of the contact on this channel (a transfer with no
 *    outgoing edges ended the flow at the hand-off): to that room;
 * 3. otherwise a new session on the channel's flow, published version. **The message that starts a
 *    session starts the flow and is not taken as input** ("hi" starts the bot, a later "2"
 *    chooses), but it is kept in `{{vars.last_message}}` (a tap: its title; an image: its caption,
 *    else empty, and the customer is told first that it could not be read). A reaction starts nothing.
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
    if (conversation !== undefined && conversation.status !== "closed" && context.rooms !== undefined) return toAgents(channel, open.id, conversation.id, inbound, context);
    return toFlow(open, inbound, context);
  }
  const handedOff = await context.store.rooms.conversations.findOpenByContact(channel.type, channel.id, inbound.contact);
  if (handedOff !== undefined && context.rooms !== undefined) return toAgents(channel, handedOff.sessionId, handedOff.id, inbound, context);
  if (inbound.input.kind === "unsupported" && isQuiet(inbound.input)) return { outcome: "ignored", sessionId: null, reason: `a ${inbound.input.what} outside a conversation` };
  return start(channel, inbound, context);
}

/**
 * Agents have the conversation: text, and a tap's title, are posted as the customer's words. What
 * cannot be shown (an image, a voice note…) becomes a note in the room naming it (media type, id
 * or URL, coordinates, contact card), after its caption if any, and the customer is told it could
 * not be read (`settings.unsupportedInputMessage`), except for a reaction.
 */
async function toAgents(channel: Channel, sessionId: string | null, conversationId: string, inbound: ChatInbound, context: DriverContext): Promise<ChatReceived> {
  const { input } = inbound;
  const text = typed(input);
  if (input.kind !== "unsupported" && text === undefined) return { outcome: "ignored", sessionId, reason: "a button with no title while agents have the conversation" };
  if (text !== undefined) await context.rooms?.postCustomerMessage({ conversationId }, text);
  if (input.kind !== "unsupported") return { outcome: "to_agents", sessionId, conversationId };
  await context.rooms?.postCustomerMessage({ conversationId }, unsupportedNote(input), "system");
  if (isQuiet(input)) return { outcome: "to_agents", sessionId, conversationId };
  return { outcome: "to_agents", sessionId, conversationId, notice: await noticeFor(channel, sessionId, context) };
}

/** The unsupported-input text of the flow the session runs (an ended one's too), else of the channel's published flow. */
async function noticeFor(channel: Channel, sessionId: string | null, context: DriverContext): Promise<string> {
  const head = sessionId === null ? undefined : await context.store.sessions.getSessionHead(sessionId);
  const state = head === undefined ? undefined : SessionState.safeParse(head.state);
  if (state?.success === true) return unsupportedInputMessage(await sessionDocument(state.data, context), state.data);
  return unsupportedInputMessage((await context.store.flows.getPublished(channel.flowId))?.document);
}

/**
 * The flow has the conversation:
 * - text → `{type: "text"}`;
 * - a button id → `{type: "button", key, token}` of the CURRENT menu (`resolveMenuChoice`); an id
 *   it cannot map (a stale button of an earlier menu, another device's, a forged one) is taken as
 *   the customer typing the button's title (the menu matches it by label, key or say-word, else
 *   it is invalid); with no title, while the session waits for input, an invalid answer
 *   (`UNKNOWN_BUTTON`): either way the flow answers as for any invalid input and asks again;
 * - something it cannot read (`unsupported`; its caption, if any, is taken as text): the notice,
 *   then the question it waits on again (`currentPrompt`), changing nothing in the session: not a
 *   try, not an answer. A reaction is not answered.
 */
async function toFlow(open: SessionRecord, inbound: ChatInbound, context: DriverContext): Promise<ChatReceived> {
  const { input } = inbound;
  const state = SessionState.safeParse(open.state);
  const dispatched = async (event: EngineEvent): Promise<ChatReceived> => ({ outcome: "dispatched", sessionId: open.id, effects: (await context.runner.dispatch(open.id, event)).effects });
  const text = typed(input);
  if (input.kind === "button") {
    const choice = state.success ? await resolveMenuChoice(state.data, input.id, context) : undefined;
    if (choice !== undefined) return dispatched({ type: "button", key: choice.key, token: choice.token });
    const waiting = state.success && state.data.status === "waiting" ? state.data.waiting : null;
    if (text === undefined && waiting?.kind === "input") return dispatched({ type: "button", key: UNKNOWN_BUTTON, token: waiting.token });
    if (text === undefined) return { outcome: "ignored", sessionId: open.id, reason: `button ${JSON.stringify(input.id.slice(0, 64))} is not an option of the current menu, and the session waits for no input` };
  }
  if (text !== undefined) return dispatched({ type: "text", text: text.slice(0, 4096) });
  if (input.kind !== "unsupported" || isQuiet(input)) return { outcome: "ignored", sessionId: open.id, reason: `a ${input.kind === "unsupported" ? input.what : input.kind}` };
  const current = state.success ? state.data : undefined;
  const document = current === undefined ? undefined : await sessionDocument(current, context);
  const effects = current === undefined || document === undefined ? [] : currentPrompt(current, document);
  return { outcome: "unsupported", sessionId: open.id, notice: unsupportedInputMessage(document, current), effects };
}

async function start(channel: Channel, inbound: ChatInbound, context: DriverContext): Promise<ChatReceived> {
  const { caller, contact, input } = inbound;
  const text = typed(input) ?? "";
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
    const unread = input.kind === "unsupported" && typed(input) === undefined;
    const notice = unread ? unsupportedInputMessage(await sessionDocument(started.state, context), started.state) : undefined;
    return { outcome: "started", sessionId: started.sessionId, effects: started.effects, ...(notice === undefined ? {} : { notice }) };
  } catch (error) {
    if (!(error instanceof FlowNotPublished)) throw error;
    return { outcome: "unpublished", problem: `flow ${channel.flowId} has no published version: customers get an apology` };
  }
}
