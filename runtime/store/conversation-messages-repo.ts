import { randomUUID } from "node:crypto";
import { and, asc, eq, gt, isNotNull, isNull, ne, sql } from "drizzle-orm";
import { conversationMessages, conversationParticipants, conversations } from "../../drizzle/schema";
import { changes, type Db, type Executor, inTransaction, many, one } from "#store-dialect";
import type { RepoOptions } from "./repo-options";
import { type MessageKind, type MessageRecord, type ParticipantRecord, type ParticipantRole, toMessage, toParticipant } from "./room-records";

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

/** Participants and messages of conversations. */
export class ConversationMessagesRepo {
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    options: RepoOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Appends a message (its seq from the conversation's counter); undefined when the conversation is gone. */
  async append(input: MessageInput): Promise<MessageRecord | undefined> {
    return inTransaction(this.db, (tx) => appendMessage(tx, input, this.now()));
  }

  /** Messages after `after` (a seq), oldest first, at most `limit`. */
  async list(conversationId: string, options: { after?: number; limit?: number } = {}): Promise<MessageRecord[]> {
    const rows = await many(
      this.db
        .select()
        .from(conversationMessages)
        .where(and(eq(conversationMessages.conversationId, conversationId), gt(conversationMessages.seq, options.after ?? 0)))
        .orderBy(asc(conversationMessages.seq))
        .limit(options.limit ?? 500),
    );
    return rows.map(toMessage);
  }

  async participants(conversationId: string): Promise<ParticipantRecord[]> {
    const rows = await many(
      this.db
        .select()
        .from(conversationParticipants)
        .where(eq(conversationParticipants.conversationId, conversationId))
        .orderBy(asc(conversationParticipants.joinedAt), asc(conversationParticipants.id)),
    );
    return rows.map(toParticipant);
  }

  /**
   * Marks a participant as gone (`left_at`) and appends the system message `note`, in one
   * transaction; undefined when they are not in the conversation or had left already.
   */
  async leave(conversationId: string, participantId: string, note: string): Promise<MessageRecord | undefined> {
    const at = this.now();
    return inTransaction(this.db, async (tx) => {
      const left = await changes(
        tx
          .update(conversationParticipants)
          .set({ leftAt: at })
          .where(and(eq(conversationParticipants.conversationId, conversationId), eq(conversationParticipants.id, participantId), isNull(conversationParticipants.leftAt))),
      );
      return left === 0 ? undefined : appendMessage(tx, { conversationId, participantId: null, kind: "system", body: note }, at);
    });
  }

  /** Participants on a call (`call_sid` set, not left) in conversations that are not closed: the calls to find again after a restart. */
  async onCalls(): Promise<ParticipantRecord[]> {
    const rows = await many(
      this.db
        .select({ participant: conversationParticipants })
        .from(conversationParticipants)
        .innerJoin(conversations, eq(conversations.id, conversationParticipants.conversationId))
        .where(and(isNotNull(conversationParticipants.callSid), isNull(conversationParticipants.leftAt), ne(conversations.status, "closed")))
        .orderBy(asc(conversationParticipants.joinedAt), asc(conversationParticipants.id)),
    );
    return rows.map((row) => toParticipant(row.participant));
  }

  /**
   * Records the participant's live call (`call_sid`); false when they are not in the conversation
   * or have left. Replaces the call recorded before (a new call for them).
   */
  async setCallSid(conversationId: string, participantId: string, callSid: string): Promise<boolean> {
    const set = await changes(
      this.db
        .update(conversationParticipants)
        .set({ callSid })
        .where(and(eq(conversationParticipants.conversationId, conversationId), eq(conversationParticipants.id, participantId), isNull(conversationParticipants.leftAt))),
    );
    return set > 0;
  }

  /**
   * Forgets the participant's call, only when it is still `callSid` (a late report of an older
   * call leaves a newer one alone); false when it was not.
   */
  async clearCallSid(conversationId: string, participantId: string, callSid: string): Promise<boolean> {
    const cleared = await changes(
      this.db
        .update(conversationParticipants)
        .set({ callSid: null })
        .where(and(eq(conversationParticipants.conversationId, conversationId), eq(conversationParticipants.id, participantId), eq(conversationParticipants.callSid, callSid))),
    );
    return cleared > 0;
  }

  /** Adds a participant, or brings back the one with the same channel and address. */
  async addParticipant(input: ParticipantInput): Promise<ParticipantRecord> {
    return inTransaction(this.db, (tx) => upsertParticipant(tx, input, this.now()));
  }
}

/** Inside a transaction: the next seq from `conversations.message_count`, then the row. */
export async function appendMessage(tx: Executor, input: MessageInput, at: number): Promise<MessageRecord | undefined> {
  const bumped = await one(
    tx
      .update(conversations)
      .set({ messageCount: sql`${conversations.messageCount} + 1`, updatedAt: at })
      .where(eq(conversations.id, input.conversationId))
      .returning({ seq: conversations.messageCount }),
  );
  if (bumped === undefined) return undefined;
  const row = { conversationId: input.conversationId, seq: bumped.seq, participantId: input.participantId, kind: input.kind, body: input.body, at };
  await changes(tx.insert(conversationMessages).values(row));
  return row;
}

/** Inside a transaction: insert the participant, or rejoin the one with the same (channel, address). */
export async function upsertParticipant(tx: Executor, input: ParticipantInput, at: number): Promise<ParticipantRecord> {
  const row = await one(
    tx
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
      .returning(),
  );
  if (row === undefined) throw new Error("upserting a participant returned no row");
  return toParticipant(row);
}
