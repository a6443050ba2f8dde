import { randomUUID } from "node:crypto";
import { and, asc, eq, gt, isNotNull, isNull, ne, sql } from "drizzle-orm";
import { conversationMessages, conversationParticipants, conversations } from "../../drizzle/schema";
import type { Db, Executor, RepoOptions } from "./database";
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
    return this.db.transaction((tx) => appendMessage(tx, input, this.now()), { behavior: "immediate" });
  }

  /** Messages after `after` (a seq), oldest first, at most `limit`. */
  async list(conversationId: string, options: { after?: number; limit?: number } = {}): Promise<MessageRecord[]> {
    return this.db
      .select()
      .from(conversationMessages)
      .where(and(eq(conversationMessages.conversationId, conversationId), gt(conversationMessages.seq, options.after ?? 0)))
      .orderBy(asc(conversationMessages.seq))
      .limit(options.limit ?? 500)
      .all()
      .map(toMessage);
  }

  async participants(conversationId: string): Promise<ParticipantRecord[]> {
    return this.db
      .select()
      .from(conversationParticipants)
      .where(eq(conversationParticipants.conversationId, conversationId))
      .orderBy(asc(conversationParticipants.joinedAt), asc(conversationParticipants.id))
      .all()
      .map(toParticipant);
  }

  /**
   * Marks a participant as gone (`left_at`) and appends the system message `note`, in one
   * transaction; undefined when they are not in the conversation or had left already.
   */
  async leave(conversationId: string, participantId: string, note: string): Promise<MessageRecord | undefined> {
    const at = this.now();
    return this.db.transaction(
      (tx) => {
        const left = tx
          .update(conversationParticipants)
          .set({ leftAt: at })
          .where(and(eq(conversationParticipants.conversationId, conversationId), eq(conversationParticipants.id, participantId), isNull(conversationParticipants.leftAt)))
          .returning({ id: conversationParticipants.id })
          .all();
        return left.length === 0 ? undefined : appendMessage(tx, { conversationId, participantId: null, kind: "system", body: note }, at);
      },
      { behavior: "immediate" },
    );
  }

  /** Participants on a call (`call_sid` set, not left) in conversations that are not closed: the calls to find again after a restart. */
  async onCalls(): Promise<ParticipantRecord[]> {
    return this.db
      .select()
      .from(conversationParticipants)
      .innerJoin(conversations, eq(conversations.id, conversationParticipants.conversationId))
      .where(and(isNotNull(conversationParticipants.callSid), isNull(conversationParticipants.leftAt), ne(conversations.status, "closed")))
      .orderBy(asc(conversationParticipants.joinedAt), asc(conversationParticipants.id))
      .all()
      .map((row) => toParticipant(row.conversation_participants));
  }

  /**
   * Records the participant's live call (`call_sid`); false when they are not in the conversation
   * or have left. Replaces the call recorded before (a new call for them).
   */
  async setCallSid(conversationId: string, participantId: string, callSid: string): Promise<boolean> {
    const set = this.db
      .update(conversationParticipants)
      .set({ callSid })
      .where(and(eq(conversationParticipants.conversationId, conversationId), eq(conversationParticipants.id, participantId), isNull(conversationParticipants.leftAt)))
      .returning({ id: conversationParticipants.id })
      .all();
    return set.length > 0;
  }

  /**
   * Forgets the participant's call, only when it is still `callSid` (a late report of an older
   * call leaves a newer one alone); false when it was not.
   */
  async clearCallSid(conversationId: string, participantId: string, callSid: string): Promise<boolean> {
    const cleared = this.db
      .update(conversationParticipants)
      .set({ callSid: null })
      .where(and(eq(conversationParticipants.conversationId, conversationId), eq(conversationParticipants.id, participantId), eq(conversationParticipants.callSid, callSid)))
      .returning({ id: conversationParticipants.id })
      .all();
    return cleared.length > 0;
  }

  /** Adds a participant, or brings back the one with the same channel and address. */
  async addParticipant(input: ParticipantInput): Promise<ParticipantRecord> {
    return this.db.transaction((tx) => upsertParticipant(tx, input, this.now()), { behavior: "immediate" });
  }
}

/** Inside a transaction: the next seq from `conversations.message_count`, then the row. */
export function appendMessage(tx: Executor, input: MessageInput, at: number): MessageRecord | undefined {
  const bumped = tx
    .update(conversations)
    .set({ messageCount: sql`${conversations.messageCount} + 1`, updatedAt: at })
    .where(eq(conversations.id, input.conversationId))
    .returning({ seq: conversations.messageCount })
    .get();
  if (bumped === undefined) return undefined;
  const row = { conversationId: input.conversationId, seq: bumped.seq, participantId: input.participantId, kind: input.kind, body: input.body, at };
  tx.insert(conversationMessages).values(row).run();
  return row;
}

/** Inside a transaction: insert the participant, or rejoin the one with the same (channel, address). */
export function upsertParticipant(tx: Executor, input: ParticipantInput, at: number): ParticipantRecord {
  const row = tx
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
    .returning()
    .get();
  if (row === undefined) throw new Error("upserting a participant returned no row");
  return toParticipant(row);
}
