import type { Channel } from "../channel-config";
import type { DriverContext } from "../channel-driver";

/**
 * Tells an agent room that a message to a customer was not delivered (a provider's delivery
 * report): a system message in the conversation the message came from (`conversationId`), else
 * the customer's open conversation on the channel. Nothing when there is no room or the customer
 * is not in it. Answers the conversation's session, if any.
 */
export async function tellRoomUndelivered(
  context: DriverContext,
  channel: Channel,
  target: { conversationId?: string; contact: string },
  note: string,
): Promise<{ sessionId?: string }> {
  if (context.rooms === undefined) return {};
  const conversation =
    target.conversationId === undefined
      ? await context.store.rooms.conversations.findOpenByContact(channel.type, channel.id, target.contact)
      : await context.store.rooms.conversations.get(target.conversationId);
  if (conversation === undefined) return {};
  const participant = (await context.store.rooms.messages.participants(conversation.id)).find((candidate) => candidate.channel === channel.type && candidate.address === target.contact);
  if (participant !== undefined) await context.rooms.participantNote(conversation.id, participant.id, note);
  return conversation.sessionId === null ? {} : { sessionId: conversation.sessionId };
}
