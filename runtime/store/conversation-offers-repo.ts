import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, type SQL } from "drizzle-orm";
import { conversationOffers, conversations } from "../../drizzle/schema";
import { changes, type Db, type Executor, forUpdate, inTransaction, many, one } from "#store-dialect";
import type { RepoOptions } from "./repo-options";
import { type OfferRecord, toConversation, toOffer, withTried } from "./room-records";

export interface CreateOffersInput {
  conversationId: string;
  /** The conversation's round the offers belong to: nothing is offered once the round moved on. */
  round: number;
  userIds: readonly string[];
  /** A single offer (round robin, direct transfer) expires; broadcast offers do not (null). */
  expiresAt: number | null;
}

/** Offers of waiting conversations to agents. */
export class ConversationOffersRepo {
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    options: RepoOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Offers a waiting conversation (still in `round`) to agents who have no open offer for it yet;
   * records them in `agents_tried` and sets the conversation's offer phase (`single` with a
   * deadline, or `broadcast`). Returns the offers made (none when the conversation moved on).
   */
  async create(input: CreateOffersInput): Promise<OfferRecord[]> {
    const at = this.now();
    return inTransaction(this.db, async (tx) => {
      // The conversation's row locked (PostgreSQL): offers made at once for it, and a claim, wait for this one.
      const row = await one(forUpdate(tx.select().from(conversations).where(eq(conversations.id, input.conversationId))));
      if (row === undefined || row.status !== "waiting" || row.round !== input.round) return [];
      const conversation = toConversation(row);
      const already = new Set((await openOn(tx, input.conversationId)).map((offer) => offer.userId));
      const fresh = input.userIds.filter((userId) => !already.has(userId));
      const offers = fresh.map(
        (userId): OfferRecord => ({
          id: randomUUID(),
          conversationId: input.conversationId,
          userId,
          round: input.round,
          status: "open",
          offeredAt: at,
          expiresAt: input.expiresAt,
          closedAt: null,
          closeReason: null,
        }),
      );
      if (offers.length > 0) await changes(tx.insert(conversationOffers).values(offers));
      await changes(
        tx
          .update(conversations)
          .set({
            agentsTried: withTried(conversation.agentsTried, fresh),
            offerPhase: input.expiresAt === null ? "broadcast" : "single",
            offerExpiresAt: input.expiresAt,
            updatedAt: at,
          })
          .where(eq(conversations.id, input.conversationId)),
      );
      return offers;
    });
  }

  /** Declines the agent's open offer; false when there was none. */
  async decline(conversationId: string, userId: string): Promise<boolean> {
    const declined = await changes(
      this.db
        .update(conversationOffers)
        .set({ status: "declined", closedAt: this.now(), closeReason: "declined" })
        .where(and(eq(conversationOffers.conversationId, conversationId), eq(conversationOffers.userId, userId), eq(conversationOffers.status, "open"))),
    );
    return declined > 0;
  }

  /** Withdraws open offers of a conversation (all, or only those of `userIds`); returns them. */
  async withdraw(conversationId: string, reason: string, userIds?: readonly string[]): Promise<OfferRecord[]> {
    return withdrawOffers(this.db, and(eq(conversationOffers.conversationId, conversationId), userIds === undefined ? undefined : inArray(conversationOffers.userId, [...userIds])), reason, this.now());
  }

  /** Withdraws every open offer of an agent (gone offline, away, at capacity); returns them. */
  async withdrawForAgent(userId: string, reason: string): Promise<OfferRecord[]> {
    return withdrawOffers(this.db, eq(conversationOffers.userId, userId), reason, this.now());
  }

  /** The agent's open offers, oldest first. */
  async openForAgent(userId: string): Promise<OfferRecord[]> {
    const rows = await many(
      this.db
        .select()
        .from(conversationOffers)
        .where(and(eq(conversationOffers.userId, userId), eq(conversationOffers.status, "open")))
        .orderBy(asc(conversationOffers.offeredAt), asc(conversationOffers.id)),
    );
    return rows.map(toOffer);
  }

  async openOn(conversationId: string): Promise<OfferRecord[]> {
    return openOn(this.db, conversationId);
  }

  /** Agents who declined the conversation in `round` (not offered again in that round). */
  async declinedIn(conversationId: string, round: number): Promise<string[]> {
    const rows = await many(
      this.db
        .select({ userId: conversationOffers.userId })
        .from(conversationOffers)
        .where(and(eq(conversationOffers.conversationId, conversationId), eq(conversationOffers.round, round), eq(conversationOffers.status, "declined"))),
    );
    return rows.map((row) => row.userId);
  }
}

async function openOn(db: Executor, conversationId: string): Promise<OfferRecord[]> {
  const rows = await many(
    db
      .select()
      .from(conversationOffers)
      .where(and(eq(conversationOffers.conversationId, conversationId), eq(conversationOffers.status, "open")))
      .orderBy(asc(conversationOffers.offeredAt), asc(conversationOffers.id)),
  );
  return rows.map(toOffer);
}

/** Withdraws the open offers matching `where`; returns them, withdrawn. */
export async function withdrawOffers(db: Executor, where: SQL | undefined, reason: string, at: number): Promise<OfferRecord[]> {
  const rows = await many(
    db
      .update(conversationOffers)
      .set({ status: "withdrawn", closedAt: at, closeReason: reason })
      .where(and(eq(conversationOffers.status, "open"), where))
      .returning(),
  );
  return rows.map(toOffer);
}
