import { z } from "zod";
import { InsightsView } from "./insights-view";
import { AgentView, ConversationView, MessageView, OfferDetails, ParticipantView } from "./views";

/**
 * Domain events of agent rooms, published on the event bus. The agent socket hub pushes them to
 * the agents concerned; channel drivers act on the ones for customers (`conversation.message`
 * from an agent or the system: send it to the customer's channel; `conversation.hold`: play hold
 * music on voice; `conversation.participant_invited`: message the new participant, or call them when `call` is set;
 * `conversation.closed`: end the chat or the call leg).
 */
export const RoomEvent = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("offer.created"),
    conversation: ConversationView,
    agentIds: z.array(z.string()),
    offeredAt: z.string(),
    expiresAt: z.string().nullable(),
    details: OfferDetails,
  }),
  z.object({
    type: z.literal("offer.withdrawn"),
    conversationId: z.string(),
    agentIds: z.array(z.string()),
    /** taken, declined, expired, no_answer, abandoned, closed, requeued, offline, away, at_capacity, deleted */
    reason: z.string(),
  }),
  z.object({ type: z.literal("conversation.updated"), conversation: ConversationView }),
  z.object({
    type: z.literal("conversation.message"),
    conversation: ConversationView,
    message: MessageView,
    /** A note for the agents only (a WhatsApp call's progress, a permission reply): never sent to the customer's channel. */
    agentsOnly: z.boolean().optional(),
  }),
  z.object({ type: z.literal("conversation.hold"), conversation: ConversationView, onHold: z.boolean(), holdAudio: z.string().nullable() }),
  z.object({
    type: z.literal("conversation.participant_invited"),
    conversation: ConversationView,
    participant: ParticipantView,
    /** Voice: place an outbound call to the participant that joins the room. */
    call: z.boolean(),
  }),
  z.object({ type: z.literal("conversation.closed"), conversation: ConversationView, reason: z.string() }),
  /** A closed conversation's insights changed after the close (the assist provider's summary arrived). */
  z.object({ type: z.literal("conversation.insights"), conversation: ConversationView, insights: InsightsView }),
  /** A waiting conversation's place in its team's queue (1 = next), when it is first queued and each time it moves up. */
  z.object({ type: z.literal("conversation.queue_position"), conversation: ConversationView, position: z.number().int().min(1) }),
  z.object({ type: z.literal("conversation.deleted"), conversationId: z.string(), agentIds: z.array(z.string()) }),
  z.object({ type: z.literal("agent.presence"), agent: AgentView }),
]);
export type RoomEvent = z.infer<typeof RoomEvent>;
export type RoomEventType = RoomEvent["type"];
