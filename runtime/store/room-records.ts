import { z } from "zod";
import type {
  AGENT_AVAILABILITIES,
  CONVERSATION_PRIORITIES,
  CONVERSATION_STATUSES,
  conversationMessages,
  conversationOffers,
  conversationParticipants,
  conversations,
  MESSAGE_KINDS,
  OFFER_PHASES,
  OFFER_STATUSES,
  PARTICIPANT_ROLES,
} from "../../drizzle/schema";

export type Availability = (typeof AGENT_AVAILABILITIES)[number];
export type ConversationPriority = (typeof CONVERSATION_PRIORITIES)[number];
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export type OfferStatus = (typeof OFFER_STATUSES)[number];
export type OfferPhase = (typeof OFFER_PHASES)[number];

/** Conversations an agent counts against their capacity. */
export const OPEN_STATUSES: readonly ConversationStatus[] = ["active", "on_hold"];
/** The default number of conversations an agent may have at once. */
export const DEFAULT_CAPACITY = 3;

/**
 * How many conversations an agent may have at once (active or on hold, whatever their team): their
 * own capacity when an admin set one, else the highest `capacity` among their teams that set one,
 * else DEFAULT_CAPACITY. One number per agent, because their load counts every conversation.
 */
export function effectiveCapacity(own: number | null, teamCapacities: readonly (number | null)[]): number {
  if (own !== null) return own;
  const set = teamCapacities.filter((capacity): capacity is number => capacity !== null);
  return set.length === 0 ? DEFAULT_CAPACITY : Math.max(...set);
}

/** A conversation (room) as stored; times in ms since the epoch. */
export interface ConversationRecord {
  id: string;
  sessionId: string | null;
  teamId: string | null;
  channelType: string;
  channelId: string | null;
  contact: string | null;
  subject: string;
  priority: ConversationPriority;
  status: ConversationStatus;
  assigneeId: string | null;
  transferToken: string | null;
  transferNodeId: string | null;
  holdAudio: string | null;
  round: number;
  offerPhase: OfferPhase;
  offerExpiresAt: number | null;
  messageCount: number;
  /** User ids ever offered the conversation, in order. */
  agentsTried: string[];
  waitingSince: number | null;
  answeredAt: number | null;
  talkStartedAt: number | null;
  holdStartedAt: number | null;
  waitMs: number;
  holdMs: number;
  talkMs: number;
  closeReason: string | null;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
}

export interface ParticipantRecord {
  id: string;
  conversationId: string;
  role: ParticipantRole;
  channel: string;
  address: string;
  displayName: string | null;
  userId: string | null;
  joinedAt: number;
  leftAt: number | null;
  /** Their live call in the room (a Twilio Call SID), null when none: see `conversation_participants.call_sid`. */
  callSid: string | null;
}

export interface MessageRecord {
  conversationId: string;
  /** 1..n per conversation: the message's id in the API (`?after=`). */
  seq: number;
  participantId: string | null;
  kind: MessageKind;
  body: string;
  at: number;
}

export interface OfferRecord {
  id: string;
  conversationId: string;
  userId: string;
  round: number;
  status: OfferStatus;
  offeredAt: number;
  expiresAt: number | null;
  closedAt: number | null;
  closeReason: string | null;
}

const StringList = z.array(z.string());

/** A `conversations` row as a record (`agents_tried` parsed). */
export function toConversation(row: typeof conversations.$inferSelect): ConversationRecord {
  const tried = StringList.safeParse(JSON.parse(row.agentsTried));
  return { ...row, agentsTried: tried.success ? tried.data : [] };
}

export const toParticipant = (row: typeof conversationParticipants.$inferSelect): ParticipantRecord => row;
export const toMessage = (row: typeof conversationMessages.$inferSelect): MessageRecord => row;
export const toOffer = (row: typeof conversationOffers.$inferSelect): OfferRecord => row;

/** `agents_tried` with `userIds` appended (each once). */
export function withTried(tried: readonly string[], userIds: readonly string[]): string {
  const all = [...tried];
  for (const id of userIds) if (!all.includes(id)) all.push(id);
  return JSON.stringify(all);
}
