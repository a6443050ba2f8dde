import type { EventBus } from "../rooms/event-bus";
import type { RoomEvent } from "../rooms/room-events";
import type { ConversationView, MessageView } from "../rooms/views";
import { KeyedLock } from "../sessions/keyed-lock";
import type { SessionRecord } from "../store/sessions-repo";
import type { Channel } from "./channel-config";
import { queuePositionText } from "./chat/chat-texts";
import { type AnyChannelDriver, type DriverContext, isChannelOf, type RoomDelivery } from "./channel-driver";

/** Conversation statuses in which system messages are for the customer ("Alice joined", "You are on hold…"). */
const WITH_AGENT: readonly string[] = ["active", "on_hold"];

/** An event for the customers of a conversation, before addressing. */
type Outgoing =
  | { kind: "message"; message: Extract<RoomDelivery, { kind: "message" }>["message"] }
  | { kind: "hold"; onHold: boolean; holdAudio: string | null }
  | { kind: "closed"; reason: string };

/** Whether an agent room message goes to the customer: an agent's always, a system one while an agent has the conversation, a customer's never (no echo). */
function forCustomer(conversation: ConversationView, message: MessageView): boolean {
  if (message.author === null) return WITH_AGENT.includes(conversation.status);
  return message.author.role === "agent";
}

/**
 * Sends what happens in agent rooms to customers on their channels: subscribes to the rooms event
 * bus and, for each customer participant (not left) of the conversation, calls the driver's
 * `deliver` for
 *
 * - `conversation.message` written by an agent, or a system message while an agent has the
 *   conversation (active / on hold); never a customer's own message;
 * - `conversation.hold` (hold and resume);
 * - `conversation.queue_position` to chat customers: their place in the queue while they wait;
 * - `conversation.closed`, only when the session is over at that moment (a hand-off ended the
 *   flow, or there is no session): when the flow still waits on the conversation it goes on at
 *   `completed` / `no_answer` and speaks for itself.
 *
 * A participant's channel is the conversation's channel when the types match, else the first
 * enabled channel of the participant's type. Deliveries of one conversation are made in event
 * order; failures are logged. Returns a function that unsubscribes.
 */
export function roomFanout(bus: EventBus<RoomEvent>, drivers: readonly AnyChannelDriver[], context: DriverContext): () => void {
  const order = new KeyedLock();

  const channelFor = async (type: string, conversation: ConversationView): Promise<Channel | undefined> => {
    if (conversation.channelType === type && conversation.channelId !== null) return context.channels.get(conversation.channelId);
    const record = (await context.channels.listRecords()).find((candidate) => candidate.type === type && candidate.enabled);
    return record === undefined ? undefined : context.channels.get(record.id);
  };

  const fanOut = async (conversation: ConversationView, outgoing: Outgoing, only?: "chat"): Promise<void> => {
    const participants = await context.store.rooms.messages.participants(conversation.id);
    for (const participant of participants) {
      if (participant.role !== "customer" || participant.leftAt !== null) continue;
      const driver = drivers.find((candidate) => candidate.type === participant.channel);
      if (driver?.deliver === undefined || (only !== undefined && driver.kind !== only)) continue;
      const delivery: RoomDelivery = { ...outgoing, conversationId: conversation.id, sessionId: conversation.sessionId, address: participant.address };
      try {
        const channel = await channelFor(participant.channel, conversation);
        if (channel === undefined || !isChannelOf(channel, driver.type)) {
          context.log(`room fan-out: no ${participant.channel} channel for conversation ${conversation.id}; ${outgoing.kind} not delivered to ${participant.address}`);
          continue;
        }
        await driver.deliver(delivery, channel, context);
      } catch (error) {
        context.log(`room fan-out: delivering a ${outgoing.kind} of conversation ${conversation.id} to ${participant.channel} ${participant.address} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };

  const queue = (conversation: ConversationView, outgoing: Outgoing, before?: Promise<boolean>, only?: "chat"): void => {
    void order.run(conversation.id, async () => {
      if (before !== undefined && !(await before)) return;
      await fanOut(conversation, outgoing, only);
    });
  };

  return bus.subscribe((event) => {
    switch (event.type) {
      case "conversation.message": {
        const { message } = event;
        if (event.agentsOnly === true || !forCustomer(event.conversation, message)) return;
        queue(event.conversation, { kind: "message", message: { kind: message.kind, body: message.body, authorName: message.author?.displayName ?? null } });
        return;
      }
      case "conversation.hold":
        queue(event.conversation, { kind: "hold", onHold: event.onHold, holdAudio: event.holdAudio });
        return;
      case "conversation.closed": {
        // Read now, synchronously at publish time: rooms answer the flow right after this event.
        const sessionId = event.conversation.sessionId;
        const head: Promise<SessionRecord | undefined> = sessionId === null ? Promise.resolve(undefined) : context.store.sessions.getSessionHead(sessionId);
        const over = head.then((session) => session === undefined || session.status === "ended");
        queue(event.conversation, { kind: "closed", reason: event.reason }, over);
        return;
      }
      case "conversation.queue_position":
        // Chat customers read their place in the queue; callers hear hold music.
        queue(event.conversation, { kind: "message", message: { kind: "system", body: queuePositionText(event.position), authorName: null } }, undefined, "chat");
        return;
      default:
        return;
    }
  });
}
