import { type Effect, SessionState } from "../../engine/index";
import type { ChannelOf, ChannelType } from "../channel-config";
import type { DriverContext, RoomDelivery } from "../channel-driver";
import type { ChatMessage } from "../chat-message";
import { ProviderApiError } from "../provider-api-error";
import { chatContact } from "./chat-contact";
import { sendInOrder } from "./chat-outbox";
import { chatReplies } from "./chat-replies";
import type { ChatAddress, ChatTransport } from "./chat-transport";
import { roomDeliveryText } from "./room-delivery-text";

/**
 * Sends messages to one contact in order (`sendInOrder`). A provider refusing the credentials
 * marks the channel `error` with what to fix; the error is thrown on.
 */
export async function sendChat<T extends ChannelType>(channel: ChannelOf<T>, to: ChatAddress, messages: readonly ChatMessage[], transport: ChatTransport<T>, context: DriverContext): Promise<void> {
  try {
    await sendInOrder(channel.id, to.contact, messages, (message) => transport.send(channel, to, message, context));
  } catch (error) {
    const refused = refusedCredentials(error);
    if (refused !== undefined) await context.channels.setStatus(channel.id, "error", refused);
    throw error;
  }
}

/** The channel's status message when a provider refused its credentials; undefined for other failures. */
export function refusedCredentials(error: unknown): string | undefined {
  if (!(error instanceof ProviderApiError) || !error.unauthorized) return undefined;
  return `${error.provider} refused the channel's credentials (HTTP ${error.status}) when sending a message: check them and save the channel again`;
}

/** `driver.push` of every chat driver: the effects of a timer or system dispatch, rendered and sent to the session's contact. */
export async function pushChat<T extends ChannelType>(state: SessionState, effects: readonly Effect[], channel: ChannelOf<T>, transport: ChatTransport<T>, context: DriverContext): Promise<void> {
  const contact = chatContact(state);
  if (contact === undefined) return;
  await sendChat(channel, { contact, state }, chatReplies(effects, transport.capabilities), transport, context);
}

/** `driver.deliver` of every chat driver: an agent's or system message (or the closing message) as text to the participant's address. */
export async function deliverChat<T extends ChannelType>(delivery: RoomDelivery, channel: ChannelOf<T>, transport: ChatTransport<T>, context: DriverContext): Promise<void> {
  const text = await roomDeliveryText(delivery, context);
  if (text === undefined) return;
  const head = delivery.sessionId === null ? undefined : await context.store.sessions.getSessionHead(delivery.sessionId);
  const state = head === undefined ? undefined : SessionState.safeParse(head.state);
  await sendChat(channel, { contact: delivery.address, conversationId: delivery.conversationId, ...(state?.success === true ? { state: state.data } : {}) }, [{ text }], transport, context);
}
