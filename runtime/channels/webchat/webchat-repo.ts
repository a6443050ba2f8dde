import { randomUUID } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { type WEBCHAT_SENDERS, webchatMessages, webchatVisitors } from "../../../drizzle/schema";
import { changes, type Db, inTransaction, many, one } from "#store-dialect";
import { secretToken } from "../../store/secret-token";
import { type WebchatMessage, WebchatOption } from "./webchat-frames";

export interface WebchatVisitor {
  id: string;
  channelId: string;
}

/** A line to append (the seq and time are the store's). */
export interface NewWebchatMessage {
  from: (typeof WEBCHAT_SENDERS)[number];
  text: string;
  options?: readonly WebchatOption[];
  author?: string;
  clientId?: string;
  sessionId?: string | null;
}

/** Buttons as stored (JSON text written by `append`). */
const StoredOptions = z.array(WebchatOption);

/** How many lines `welcome` replays. */
export const HISTORY_LIMIT = 200;

/**
 * Web chat visitors and what they saw. The token goes to the browser once; the store keeps its
 * sha256. Messages are numbered per visitor from `webchat_visitors.message_count`, bumped in the
 * same transaction (no AUTOINCREMENT). Written once for both databases (`#store-dialect`): on
 * PostgreSQL the bump's UPDATE locks the visitor's row, so appends to one visitor from two
 * instances number their lines one after the other.
 */
export class WebchatRepo {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new visitor of `channelId`, and the token that finds it again (shown once). */
  async createVisitor(channelId: string): Promise<{ visitor: WebchatVisitor; token: string }> {
    const token = secretToken.create("wc_");
    const id = randomUUID();
    const at = this.now();
    await changes(this.db.insert(webchatVisitors).values({ id, channelId, tokenHash: secretToken.hash(token), createdAt: at, lastSeenAt: at }));
    return { visitor: { id, channelId }, token };
  }

  /** The visitor a token belongs to, on this channel only; marks it seen. */
  async findVisitor(channelId: string, token: string): Promise<WebchatVisitor | undefined> {
    return one(
      this.db
        .update(webchatVisitors)
        .set({ lastSeenAt: this.now() })
        .where(and(eq(webchatVisitors.tokenHash, secretToken.hash(token)), eq(webchatVisitors.channelId, channelId)))
        .returning({ id: webchatVisitors.id, channelId: webchatVisitors.channelId }),
    );
  }

  /** Whether `visitorId` is a visitor of `channelId`. */
  async isVisitor(channelId: string, visitorId: string): Promise<boolean> {
    const row = await one(
      this.db
        .select({ id: webchatVisitors.id })
        .from(webchatVisitors)
        .where(and(eq(webchatVisitors.id, visitorId), eq(webchatVisitors.channelId, channelId))),
    );
    return row !== undefined;
  }

  /** Appends lines in order, in one transaction; returns them as sent to the widget. */
  async append(visitorId: string, messages: readonly NewWebchatMessage[]): Promise<WebchatMessage[]> {
    if (messages.length === 0) return [];
    const at = this.now();
    return inTransaction(this.db, async (tx) => {
      const counted = await one(
        tx
          .update(webchatVisitors)
          .set({ messageCount: sql`${webchatVisitors.messageCount} + ${messages.length}` })
          .where(eq(webchatVisitors.id, visitorId))
          .returning({ count: webchatVisitors.messageCount }),
      );
      if (counted === undefined) throw new Error(`no web chat visitor ${visitorId}`);
      const first = counted.count - messages.length + 1;
      const rows = messages.map((message, index) => ({
        visitorId,
        seq: first + index,
        sender: message.from,
        text: message.text,
        options: message.options === undefined || message.options.length === 0 ? null : JSON.stringify(message.options.map(({ key, label, choice }) => ({ key, label, choice }))),
        author: message.author ?? null,
        clientId: message.clientId ?? null,
        sessionId: message.sessionId ?? null,
        at,
      }));
      await changes(tx.insert(webchatMessages).values(rows));
      return rows.map(toMessage);
    });
  }

  /** The last `limit` lines, oldest first. */
  async history(visitorId: string, limit = HISTORY_LIMIT): Promise<WebchatMessage[]> {
    const rows = await many(this.db.select().from(webchatMessages).where(eq(webchatMessages.visitorId, visitorId)).orderBy(desc(webchatMessages.seq)).limit(limit));
    return rows.reverse().map(toMessage);
  }

  /** How many lines are stored (every visitor's, or one visitor's). */
  async countMessages(visitorId?: string): Promise<number> {
    const row = await one(
      this.db
        .select({ count: sql<number>`cast(count(*) as integer)`.mapWith(Number) })
        .from(webchatMessages)
        .where(visitorId === undefined ? undefined : eq(webchatMessages.visitorId, visitorId)),
    );
    return row?.count ?? 0;
  }
}

function toMessage(row: typeof webchatMessages.$inferSelect): WebchatMessage {
  const message: WebchatMessage = { id: row.seq, from: row.sender, text: row.text, at: new Date(row.at).toISOString() };
  if (row.options !== null) message.options = parseOptions(row.options);
  if (row.author !== null) message.author = row.author;
  if (row.clientId !== null) message.clientId = row.clientId;
  return message;
}

function parseOptions(text: string): WebchatOption[] {
  const parsed = StoredOptions.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : [];
}
