import { randomUUID } from "node:crypto";
import { and, eq, type SQL, sql } from "drizzle-orm";
import { conversationOffers, conversationParticipants, conversations } from "../../drizzle/schema";
import type { Executor } from "#store-dialect";
import type { MessageKind, MessageRecord, ParticipantRole } from "./room-records";

/**
 * The statements of a room's writes that several repositories share, built once for both
 * databases: the portable repositories run them with `#store-dialect`'s helpers, `ConversationsRepo`
 * (still SQLite's) synchronously inside its transactions (`conversation-writes-sqlite.ts`).
 */

export interface ParticipantInput {
  conversationId: string;
  role: ParticipantRole;
  channel: string;
  address: string;
  displayName?: string | null;
  userId?: string | null;
}

export interface MessageInput {
  conversationId: string;
  /** Null for system messages. */
  participantId: string | null;
  kind: MessageKind;
  body: string;
}

/** +1 on `conversations.message_count`, answering the new count: the message's seq (no row: the conversation is gone). */
export function bumpMessageCount(tx: Executor, conversationId: string, at: number) {
  return tx
    .update(conversations)
    .set({ messageCount: sql`${conversations.messageCount} + 1`, updatedAt: at })
    .where(eq(conversations.id, conversationId))
    .returning({ seq: conversations.messageCount });
}

/** The message row written with the seq `bumpMessageCount` gave. */
export function messageRow(input: MessageInput, seq: number, at: number): MessageRecord {
  return { conversationId: input.conversationId, seq, participantId: input.participantId, kind: input.kind, body: input.body, at };
}

/** Inserts the participant, or rejoins the one with the same (channel, address); answers the row. */
export function upsertParticipantStatement(tx: Executor, input: ParticipantInput, at: number) {
  return tx
    .insert(conversationParticipants)
    .values({
      id: randomUUID(),
      conversationId: input.conversationId,
      role: input.role,
      channel: input.channel,
      address: input.address,
      displayName: input.displayName ?? null,
      userId: input.userId ?? null,
      joinedAt: at,
    })
    .onConflictDoUpdate({
      target: [conversationParticipants.conversationId, conversationParticipants.channel, conversationParticipants.address],
      set: {
        leftAt: null,
        role: input.role,
        ...(input.displayName == null ? {} : { displayName: input.displayName }),
        // One who had left comes back without a call; one still here keeps theirs.
        callSid: sql`case when ${conversationParticipants.leftAt} is null then ${conversationParticipants.callSid} else null end`,
      },
    })
    .returning();
}

/** Withdraws the open offers matching `where`; answers them, withdrawn. */
export function withdrawOffersStatement(tx: Executor, where: SQL | undefined, reason: string, at: number) {
  return tx
    .update(conversationOffers)
    .set({ status: "withdrawn", closedAt: at, closeReason: reason })
    .where(and(eq(conversationOffers.status, "open"), where))
    .returning();
}
