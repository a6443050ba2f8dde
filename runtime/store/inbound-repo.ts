import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import { inboundEvents } from "../../drizzle/schema";
import { type Db, type GroupCommit, prepared } from "#store-dialect";
import { bind } from "./bind";
import { orderedId } from "./ordered-id";
import type { RepoOptions } from "./repo-options";

export interface InboundInput {
  channelType: string;
  channelId: string;
  /** The provider's id of the event (Twilio CallSid + sequence, Telegram update_id, WhatsApp message id…). */
  providerEventId: string;
  /** The raw request body. */
  payload: string;
  sessionId?: string | null;
}

export interface InboundSeen {
  id: string;
  sessionId: string | null;
  /** What was answered the first time; null while the first delivery is still being processed (or crashed). */
  response: string | null;
  processedAt: number | null;
  receivedAt: number;
}

/** An event as stored: what `recordInbound` reports for a retry, with the body it was first delivered with. */
export interface StoredInbound extends InboundSeen {
  payload: string;
}

export type RecordInboundResult = { inserted: true; id: string } | { inserted: false; existing: InboundSeen };

/**
 * The inbound log: every event is stored with the provider's id BEFORE it is processed, so a
 * retried webhook is recognised (UNIQUE channel_id, provider_event_id) and answered with the
 * response stored the first time instead of being processed twice. An event is durable before
 * `recordInbound` resolves.
 *
 * Written once for both databases. On SQLite the writes go through the group commit (`writes`,
 * the store's `WriteBatch`), so a busy channel shares commits instead of paying one each: each
 * piece is one statement, which better-sqlite3 runs at once when the batch calls it (a statement
 * that fails rejects its own promise; SQLite undoes that statement only). On PostgreSQL (no
 * `writes`) each is a plain statement: a retry landing on another instance at the same moment
 * waits in its `ON CONFLICT` for the first insert to commit, then reads that row.
 */
export class InboundRepo {
  private readonly now: () => number;
  private readonly statements: ReturnType<typeof prepareInboundStatements>;
  private readonly writes: GroupCommit | undefined;

  constructor(db: Db, options: RepoOptions & { writes?: GroupCommit | undefined } = {}) {
    this.now = options.now ?? Date.now;
    this.statements = prepareInboundStatements(db);
    this.writes = options.writes;
  }

  /** INSERT … ON CONFLICT DO NOTHING; when it conflicted, the row that was there (committed by then). */
  async recordInbound(input: InboundInput): Promise<RecordInboundResult> {
    const id = orderedId();
    const row = {
      id,
      channelType: input.channelType,
      channelId: input.channelId,
      providerEventId: input.providerEventId,
      sessionId: input.sessionId ?? null,
      payload: input.payload,
      receivedAt: this.now(),
    };
    const inserted = await this.write(() => this.statements.insert.all(row));
    if (inserted.length > 0) return { inserted: true, id };
    const existing = await this.statements.find.get({ channelId: input.channelId, providerEventId: input.providerEventId });
    if (existing === undefined) throw new Error(`inbound event ${input.channelId}/${input.providerEventId} conflicted but cannot be read`);
    return { inserted: false, existing };
  }

  /** The session an event was recorded with (or answered for); undefined when there is no such event or it has none. */
  async sessionOf(channelId: string, providerEventId: string): Promise<string | undefined> {
    return (await this.statements.find.get({ channelId, providerEventId }))?.sessionId ?? undefined;
  }

  /** One event as stored (its raw body included); undefined when it is not in the log. */
  async event(channelId: string, providerEventId: string): Promise<StoredInbound | undefined> {
    return this.statements.event.get({ channelId, providerEventId });
  }

  /** How many events the log holds (retention and tests). */
  async count(): Promise<number> {
    return (await this.statements.count.get())?.count ?? 0;
  }

  /** The provider ids of a channel's events, oldest first (tests and support). */
  async providerEventIds(channelId: string): Promise<string[]> {
    return (await this.statements.providerIds.all({ channelId })).map((row) => row.providerEventId);
  }

  /**
   * Deletes events received before `cutoff` (ms), `batch` rows per transaction so writers are not
   * held up; answers how many went. A provider retrying an event older than that is no longer
   * recognised, so the cutoff must lie beyond every provider's retry window.
   */
  async pruneBefore(cutoff: number, batch = 1_000): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.write(() => this.statements.prune.run({ cutoff, batch }));
      total += deleted;
      if (deleted < batch) return total;
    }
  }

  /** Stores the response sent for an event (and the session it went to) and marks it processed. */
  async setResponse(id: string, response: string | null, sessionId?: string | null): Promise<boolean> {
    const at = this.now();
    const updated = await this.write(() =>
      sessionId === undefined ? this.statements.respond.run({ id, response, at }) : this.statements.respondWithSession.run({ id, response, at, sessionId }),
    );
    return updated > 0;
  }

  /**
   * One statement: in the group commit on SQLite, on its own on PostgreSQL. A batch rolled back
   * for another piece's failure runs this piece again and drops its first promise, so that one is
   * marked handled here (its caller awaits the promise of the run that counts).
   */
  private async write<T>(statement: () => Promise<T>): Promise<T> {
    if (this.writes === undefined) return statement();
    return await this.writes.run(() => {
      const running = statement();
      running.catch(() => {});
      return running;
    });
  }
}

/** The inbound log's queries, prepared once (named parameters). */
/** What a stored event says about its processing (a retry reads it to answer as the first delivery did). */
const STORED_COLUMNS = {
  id: inboundEvents.id,
  sessionId: inboundEvents.sessionId,
  response: inboundEvents.response,
  processedAt: inboundEvents.processedAt,
  receivedAt: inboundEvents.receivedAt,
};
const byProviderId = and(eq(inboundEvents.channelId, sql.placeholder("channelId")), eq(inboundEvents.providerEventId, sql.placeholder("providerEventId")));

function prepareInboundStatements(db: Db) {
  const respond = (withSession: boolean) =>
    prepared(
      withSession ? "inbound_respond_session" : "inbound_respond",
      db
        .update(inboundEvents)
        .set({ response: bind("response"), processedAt: bind("at"), ...(withSession ? { sessionId: bind("sessionId") } : {}) })
        .where(eq(inboundEvents.id, sql.placeholder("id"))),
    );
  return {
    insert: prepared(
      "inbound_insert",
      db
        .insert(inboundEvents)
        .values({
          id: bind("id"),
          channelType: bind("channelType"),
          channelId: bind("channelId"),
          providerEventId: bind("providerEventId"),
          sessionId: bind("sessionId"),
          payload: bind("payload"),
          receivedAt: bind("receivedAt"),
        })
        .onConflictDoNothing({ target: [inboundEvents.channelId, inboundEvents.providerEventId] })
        .returning({ id: inboundEvents.id }),
    ),
    find: prepared(
      "inbound_find",
      db
        .select(STORED_COLUMNS)
        .from(inboundEvents)
        .where(byProviderId),
    ),
    event: prepared(
      "inbound_event",
      db
        .select({ ...STORED_COLUMNS, payload: inboundEvents.payload })
        .from(inboundEvents)
        .where(byProviderId),
    ),
    count: prepared("inbound_count", db.select({ count: sql<number>`cast(count(*) as integer)`.mapWith(Number) }).from(inboundEvents)),
    providerIds: prepared(
      "inbound_provider_ids",
      db
        .select({ providerEventId: inboundEvents.providerEventId })
        .from(inboundEvents)
        .where(eq(inboundEvents.channelId, sql.placeholder("channelId")))
        .orderBy(asc(inboundEvents.receivedAt), asc(inboundEvents.id)),
    ),
    respond: respond(false),
    respondWithSession: respond(true),
    /** The oldest `:batch` events received before `:cutoff` (by the received_at index). */
    prune: prepared(
      "inbound_prune",
      db
        .delete(inboundEvents)
        .where(
          inArray(
            inboundEvents.id,
            db
              .select({ id: inboundEvents.id })
              .from(inboundEvents)
              .where(lt(inboundEvents.receivedAt, sql.placeholder("cutoff")))
              .orderBy(asc(inboundEvents.receivedAt))
              .limit(sql.placeholder("batch")),
          ),
        ),
    ),
  };
}
