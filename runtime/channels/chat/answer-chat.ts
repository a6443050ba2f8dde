import type { ChannelOf, ChannelType } from "../channel-config";
import type { ChannelCapabilities, DriverContext } from "../channel-driver";
import type { ChatMessage } from "../chat-message";
import type { ChatInbound } from "./chat-inbound";
import { refusedCredentials, sendChat } from "./chat-sending";
import { CHAT_APOLOGY } from "./chat-texts";
import type { ChatTransport } from "./chat-transport";
import { chatReplies } from "./chat-replies";
import { type ChatReceived, receiveChatMessage } from "./receive-chat-message";

export interface ChatAnswer {
  received: ChatReceived;
  /** The replies for the customer (already sent when `send` was true). */
  replies: ChatMessage[];
  sessionId?: string;
  /** A configuration problem (no published flow, credentials refused): the channel's status message. */
  problem?: string;
}

/**
 * One inbound chat message, start to end: `receiveChatMessage`, then the replies (`repliesFor`). With `send`, they are sent through the transport
 * now, in order, and a sending failure is logged and reported as a problem rather than thrown
 * (the step is committed; the webhook must not be processed again). Without it (Twilio's TwiML
 * answer), the caller sends them.
 */
export async function answerChat<T extends ChannelType>(channel: ChannelOf<T>, inbound: ChatInbound, transport: ChatTransport<T>, context: DriverContext, options: { send: boolean }): Promise<ChatAnswer> {
  const received = await receiveChatMessage(channel, inbound, context);
  const replies = repliesFor(received, transport.capabilities);
  const sessionId = "sessionId" in received && received.sessionId !== null ? received.sessionId : undefined;
  let problem = received.outcome === "unpublished" ? received.problem : undefined;
  if (received.outcome === "unpublished") context.log(`${channel.type} ${channel.id}: ${received.problem} (from ${inbound.contact})`);
  if (received.outcome === "ignored") context.log(`${channel.type} ${channel.id}: ignored a message from ${inbound.contact}: ${received.reason}`);
  if (inbound.input.kind === "unsupported") context.log(`${channel.type} ${channel.id}: ${inbound.input.what} from ${inbound.contact} (${received.outcome}): a chat flow cannot read it`);
  if (options.send && replies.length > 0) {
    try {
      await sendChat(channel, { contact: inbound.contact }, replies, transport, context);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      context.log(`${channel.type} ${channel.id}: sending the replies to ${inbound.contact} failed: ${message}`);
      problem ??= refusedCredentials(error) ?? `sending a reply failed: ${message}`;
    }
  }
  return { received, replies, ...(sessionId === undefined ? {} : { sessionId }), ...(problem === undefined ? {} : { problem }) };
}

/**
 * What the customer is sent for what became of their message: the notice first (something the
 * flow could not read), then the flow's replies (`chatReplies`); an apology when the flow is not
 * published; nothing else.
 */
export function repliesFor(received: ChatReceived, capabilities: ChannelCapabilities): ChatMessage[] {
  switch (received.outcome) {
    case "started":
    case "dispatched":
    case "unsupported": {
      const notice = "notice" in received && received.notice !== undefined ? [{ text: received.notice }] : [];
      return [...notice, ...chatReplies(received.effects, capabilities)];
    }
    case "to_agents":
      return received.notice === undefined ? [] : [{ text: received.notice }];
    case "unpublished":
      return [{ text: CHAT_APOLOGY }];
    case "ignored":
      return [];
  }
}
