import type { AgentView, ConversationView, MessageView, OfferView, ParticipantView } from "../../../../runtime/rooms/views";

const T0 = Date.parse("2026-11-20T10:00:00.000Z");
/** An ISO time `seconds` after a fixed start. */
export const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();

/** Room shapes for the console's tests, as the server sends them (runtime/rooms/views.ts). */
export function conversation(id: string, patch: Partial<ConversationView> = {}): ConversationView {
  return {
    id,
    sessionId: `session-${id}`,
    teamId: "support",
    channelType: "twilio_voice",
    channelId: "line-1",
    contact: "+15557654321",
    subject: `Call ${id}`,
    priority: "normal",
    status: "waiting",
    assigneeId: null,
    flowWaiting: true,
    holdAudio: null,
    agentsTried: [],
    lastMessageId: 0,
    waitingSince: at(0),
    answeredAt: null,
    closedAt: null,
    closeReason: null,
    waitMs: 0,
    holdMs: 0,
    talkMs: 0,
    createdAt: at(0),
    updatedAt: at(0),
    ...patch,
  };
}

export function agent(id: string, patch: Partial<AgentView> = {}): AgentView {
  return { id, name: `Agent ${id}`, email: `${id}@acme.test`, role: "agent", online: true, availability: "available", capacity: 3, ownCapacity: null, open: 0, teamIds: ["support"], ...patch };
}

export function participant(id: string, patch: Partial<ParticipantView> = {}): ParticipantView {
  return { id, role: "customer", channel: "twilio_voice", address: "+15557654321", displayName: null, userId: null, joinedAt: at(0), leftAt: null, ...patch };
}

export function message(conversationId: string, id: number, body = `message ${id}`, author: ParticipantView | null = participant("p-customer")): MessageView {
  return {
    id,
    conversationId,
    kind: author === null ? "system" : "text",
    body,
    at: at(id),
    author: author === null ? null : { id: author.id, role: author.role, displayName: author.displayName, userId: author.userId, channel: author.channel, address: author.address },
  };
}

export function offer(of: ConversationView): OfferView {
  return {
    conversation: of,
    offeredAt: at(1),
    expiresAt: null,
    details: { caller: { name: null, phone: of.contact, address: of.contact, channel: of.channelType }, path: [], variables: {} },
  };
}
