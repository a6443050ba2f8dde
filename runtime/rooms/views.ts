import { z } from "zod";
import type { AgentRecord } from "../store/agent-states-repo";
import type { ConversationRecord, MessageRecord, OfferRecord, ParticipantRecord } from "../store/room-records";

/**
 * What agents and integrators see of rooms: one zod schema per shape, used by the REST API, the
 * agent socket's frames and the domain events. Times are ISO 8601 (UTC), durations milliseconds.
 */

const Iso = z.string().describe("ISO 8601, UTC");
const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

export const Priority = z.enum(["low", "normal", "high", "urgent"]);
export const ConversationStatus = z.enum(["waiting", "active", "on_hold", "closed"]);
export const ParticipantRole = z.enum(["customer", "agent", "observer"]);
export const MessageKind = z.enum(["text", "speech_transcript", "system"]);
export const Availability = z.enum(["available", "away"]);

export const ConversationView = z
  .object({
    id: z.string(),
    sessionId: z.string().nullable(),
    teamId: z.string().nullable(),
    channelType: z.string(),
    channelId: z.string().nullable(),
    contact: z.string().nullable(),
    subject: z.string(),
    priority: Priority,
    status: ConversationStatus,
    assigneeId: z.string().nullable(),
    /** The flow still waits for this conversation (it continues at `completed` when it is closed). */
    flowWaiting: z.boolean(),
    holdAudio: z.string().nullable(),
    agentsTried: z.array(z.string()).describe("User ids offered the conversation, in order"),
    lastMessageId: z.number().int().describe("The id of the latest message (0: none): fetch newer ones with ?after="),
    waitingSince: Iso.nullable(),
    answeredAt: Iso.nullable(),
    closedAt: Iso.nullable(),
    closeReason: z.string().nullable(),
    waitMs: z.number().int().describe("Time spent waiting in the queue"),
    holdMs: z.number().int().describe("Time on hold by an agent"),
    talkMs: z.number().int().describe("Time with an agent, not on hold"),
    createdAt: Iso,
    updatedAt: Iso,
  })
  .meta({ id: "Conversation" });
export type ConversationView = z.infer<typeof ConversationView>;

export function conversationView(record: ConversationRecord): ConversationView {
  return {
    id: record.id,
    sessionId: record.sessionId,
    teamId: record.teamId,
    channelType: record.channelType,
    channelId: record.channelId,
    contact: record.contact,
    subject: record.subject,
    priority: record.priority,
    status: record.status,
    assigneeId: record.assigneeId,
    flowWaiting: record.transferToken !== null,
    holdAudio: record.holdAudio,
    agentsTried: record.agentsTried,
    lastMessageId: record.messageCount,
    waitingSince: isoOrNull(record.waitingSince),
    answeredAt: isoOrNull(record.answeredAt),
    closedAt: isoOrNull(record.closedAt),
    closeReason: record.closeReason,
    waitMs: record.waitMs,
    holdMs: record.holdMs,
    talkMs: record.talkMs,
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
  };
}

export const ParticipantView = z
  .object({
    id: z.string(),
    role: ParticipantRole,
    channel: z.string().describe("A channel type, or `console` for agents"),
    address: z.string(),
    displayName: z.string().nullable(),
    userId: z.string().nullable(),
    joinedAt: Iso,
    leftAt: Iso.nullable(),
  })
  .meta({ id: "Participant" });
export type ParticipantView = z.infer<typeof ParticipantView>;

export function participantView(record: ParticipantRecord): ParticipantView {
  const { id, role, channel, address, displayName, userId } = record;
  return { id, role, channel, address, displayName, userId, joinedAt: iso(record.joinedAt), leftAt: isoOrNull(record.leftAt) };
}

export const MessageView = z
  .object({
    id: z.number().int().describe("1..n within the conversation"),
    conversationId: z.string(),
    kind: MessageKind,
    body: z.string(),
    at: Iso,
    author: ParticipantView.pick({ id: true, role: true, displayName: true, userId: true, channel: true, address: true }).nullable().describe("Null for system messages"),
  })
  .meta({ id: "ConversationMessage" });
export type MessageView = z.infer<typeof MessageView>;

export function messageView(record: MessageRecord, participants: readonly ParticipantRecord[]): MessageView {
  const author = participants.find((participant) => participant.id === record.participantId);
  return {
    id: record.seq,
    conversationId: record.conversationId,
    kind: record.kind,
    body: record.body,
    at: iso(record.at),
    author:
      author === undefined
        ? null
        : { id: author.id, role: author.role, displayName: author.displayName, userId: author.userId, channel: author.channel, address: author.address },
  };
}

export const OfferDetails = z
  .object({
    caller: z.object({ name: z.string().nullable(), phone: z.string().nullable(), address: z.string().nullable(), channel: z.string() }),
    path: z
      .array(z.object({ nodeId: z.string(), nodeType: z.string(), outcome: z.string().nullable(), input: z.string().nullable(), at: Iso }))
      .describe("The flow path taken (the latest 100 steps)"),
    variables: z.record(z.string(), z.json()).describe("The variables the flow gathered"),
  })
  .meta({ id: "OfferDetails" });
export type OfferDetails = z.infer<typeof OfferDetails>;

export const OfferView = z
  .object({
    conversation: ConversationView,
    offeredAt: Iso,
    expiresAt: Iso.nullable().describe("Round robin and direct offers expire; broadcast offers do not"),
    details: OfferDetails,
  })
  .meta({ id: "Offer" });
export type OfferView = z.infer<typeof OfferView>;

export function offerView(offer: OfferRecord, conversation: ConversationRecord, details: OfferDetails): OfferView {
  return { conversation: conversationView(conversation), offeredAt: iso(offer.offeredAt), expiresAt: isoOrNull(offer.expiresAt), details };
}

export const AgentView = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: z.enum(["admin", "agent"]),
    online: z.boolean().describe("A socket of the agent is open and heartbeating"),
    availability: Availability.describe("What the agent chose; only available agents are offered conversations"),
    capacity: z.number().int().describe("Conversations (active or on hold) the agent may have at once: ownCapacity, else the highest capacity among their teams, else 3"),
    ownCapacity: z.number().int().nullable().describe("The capacity an admin set for this agent; null: from their teams"),
    open: z.number().int().describe("Conversations the agent has now"),
    teamIds: z.array(z.string()),
  })
  .meta({ id: "Agent" });
export type AgentView = z.infer<typeof AgentView>;

export function agentView(record: AgentRecord, online: boolean): AgentView {
  return {
    id: record.userId,
    name: record.name,
    email: record.email,
    role: record.role,
    online,
    availability: record.availability,
    capacity: record.capacity,
    ownCapacity: record.ownCapacity,
    open: record.open,
    teamIds: record.teamIds,
  };
}
