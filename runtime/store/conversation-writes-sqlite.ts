import type { SQL } from "drizzle-orm";
import { conversationMessages } from "../../drizzle/schema";
import type { Executor } from "./database";
import { type OfferRecord, type MessageRecord, type ParticipantRecord, toOffer, toParticipant } from "./room-records";
import { bumpMessageCount, type MessageInput, messageRow, type ParticipantInput, upsertParticipantStatement, withdrawOffersStatement } from "./room-statements";

/**
 * The shared room writes (`room-statements.ts`) run synchronously, for `ConversationsRepo`'s
 * better-sqlite3 transactions until it is written for both databases; the portable repositories
 * run the same statements asynchronously (`appendMessage`, `upsertParticipant`, `withdrawOffers`).
 */

/** Inside a transaction: the next seq from `conversations.message_count`, then the row. */
export function appendMessageNow(tx: Executor, input: MessageInput, at: number): MessageRecord | undefined {
  const bumped = bumpMessageCount(tx, input.conversationId, at).get();
  if (bumped === undefined) return undefined;
  const row = messageRow(input, bumped.seq, at);
  tx.insert(conversationMessages).values(row).run();
  return row;
}

/** Inside a transaction: insert the participant, or rejoin the one with the same (channel, address). */
export function upsertParticipantNow(tx: Executor, input: ParticipantInput, at: number): ParticipantRecord {
  const row = upsertParticipantStatement(tx, input, at).get();
  if (row === undefined) throw new Error("upserting a participant returned no row");
  return toParticipant(row);
}

/** Withdraws the open offers matching `where`; returns them, withdrawn. */
export function withdrawOffersNow(tx: Executor, where: SQL | undefined, reason: string, at: number): OfferRecord[] {
  return withdrawOffersStatement(tx, where, reason, at).all().map(toOffer);
}
