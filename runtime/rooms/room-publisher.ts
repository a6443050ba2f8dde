import type { Store } from "../store/open-store";
import type { ConversationRecord, MessageRecord, OfferRecord } from "../store/room-records";
import type { EventBus } from "./event-bus";
import type { PresenceTracker } from "./presence";
import type { RoomEvent } from "./room-events";
import { agentView, conversationView, messageView, type OfferDetails } from "./views";

/** Turns records into views and publishes the domain events. */
export class RoomPublisher {
  constructor(
    private readonly store: Store,
    private readonly bus: EventBus<RoomEvent>,
    private readonly presence: PresenceTracker,
  ) {}

  updated(conversation: ConversationRecord): void {
    this.bus.publish({ type: "conversation.updated", conversation: conversationView(conversation) });
  }

  async message(conversation: ConversationRecord, message: MessageRecord | undefined, options: { agentsOnly?: boolean } = {}): Promise<void> {
    if (message === undefined) return;
    const participants = await this.store.rooms.messages.participants(conversation.id);
    this.bus.publish({ type: "conversation.message", conversation: conversationView(conversation), message: messageView(message, participants), ...(options.agentsOnly === true ? { agentsOnly: true } : {}) });
  }

  /** Groups withdrawn offers by conversation: one event each. */
  withdrawn(offers: readonly OfferRecord[], reason: string): void {
    const byConversation = new Map<string, string[]>();
    for (const offer of offers) byConversation.set(offer.conversationId, [...(byConversation.get(offer.conversationId) ?? []), offer.userId]);
    for (const [conversationId, agentIds] of byConversation) this.bus.publish({ type: "offer.withdrawn", conversationId, agentIds, reason });
  }

  offered(conversation: ConversationRecord, offers: readonly OfferRecord[], details: OfferDetails): void {
    const first = offers[0];
    if (first === undefined) return;
    this.bus.publish({
      type: "offer.created",
      conversation: conversationView(conversation),
      agentIds: offers.map((offer) => offer.userId),
      offeredAt: new Date(first.offeredAt).toISOString(),
      expiresAt: first.expiresAt === null ? null : new Date(first.expiresAt).toISOString(),
      details,
    });
  }

  async presenceOf(userId: string): Promise<void> {
    const agent = await this.store.rooms.agents.getAgent(userId);
    if (agent !== undefined) this.bus.publish({ type: "agent.presence", agent: agentView(agent, this.presence.isOnline(userId)) });
  }

  publish(event: RoomEvent): void {
    this.bus.publish(event);
  }
}
