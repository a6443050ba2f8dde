import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import { inboundEvents } from "../../drizzle/schema";
import { bind } from "./bind";
import { orderedId } from "./ordered-id";
import type { Db, RepoOptions } from "./database";
import { WriteBatch } from "./write-batch";

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

export type RecordInboundResult = { inserted: true; id: string } | { inserted: false; existing: InboundSeen };

/**
 * The inbound log: every event is stored with the provider's id BEFORE it is processed, so a
 * retried webhook is recognised (UNIQUE channel_id, provider_event_id) and answered with the
 * response stored the first time instead of being processed twice. Writes go through the group
 * commit (`WriteBatch`): an event is durable before `recordInbound` resolves, and a busy channel
 * shares commits instead of paying one each.
 */
export class InboundRepo {
  private readonly now: () => number;
  private readonly statements: ReturnType<typeof prepareInboundStatements>;
  private readonly writes: WriteBatch;

  constructor(db: Db, options: RepoOptions & { writes?: WriteBatch } = {}) {
    this.now = options.now ?? Date.now;
    this.statements = prepareInboundStatements(db);
    this.writes = options.writes ?? new WriteBatch(db.$client);
  }

  /** INSERT … ON CONFLICT DO NOTHING, then read what was there: works the same on PostgreSQL. */
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
    return this.writes.run((): RecordInboundResult => {
      if (this.statements.insert.get(row) !== undefined) return { inserted: true, id };
      const existing = this.statements.find.get({ channelId: input.channelId, providerEventId: input.providerEventId });
      if (existing === undefined) throw new Error(`inbound event ${input.channelId}/${input.providerEventId} conflicted but cannot be read`);
      return { inserted: false, existing };
    });
  }

  /** The session an event was recorded with (or answered for); undefined when there is no such event or it has none. */
  async sessionOf(channelId: string, providerEventId: string): Promise<string | undefined> {
    return this.statements.find.get({ channelId, providerEventId })?.sessionId ?? undefined;
  }

  /**
   * Deletes events received before `cutoff` (ms), `batch` rows per transaction so writers are not
   * held up; answers how many went. A provider retrying an event older than that is no longer
   * recognised, so the cutoff must lie beyond every provider's retry window.
   */
  async pruneBefore(cutoff: number, batch = 1_000): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.writes.run(() => this.statements.prune.run({ cutoff, batch }).changes);
      total += deleted;
      if (deleted < batch) return total;
    }
  }

  /** Stores the response sent for an event (and the session it went to) and marks it processed. */
  async setResponse(id: string, response: string | null, sessionId?: string | null): Promise<boolean> {
    const at = this.now();
    return this.writes.run(() => {
      const updated = sessionId === undefined ? this.statements.respond.get({ id, response, at }) : this.statements.respondWithSession.get({ id, response, at, sessionId });
      return updated !== undefined;
    });
  }
}

/** The inbound log's queries, prepared once (named parameters). */
function prepareInboundStatements(db: Db) {
  const respond = (withSession: boolean) =>
    db
      .update(inboundEvents)
      .set({ response: bind("response"), processedAt: bind("at"), ...(withSession ? { sessionId: bind("sessionId") } : {}) })
      .where(eq(inboundEvents.id, sql.placeholder("id")))
      .returning({ id: inboundEvents.id })
      .prepare();
  return {
    insert: db
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
      .returning({ id: inboundEvents.id })
      .prepare(),
    find: db
      .select({
        id: inboundEvents.id,
        sessionId: inboundEvents.sessionId,
        response: inboundEvents.response,
        processedAt: inboundEvents.processedAt,
        receivedAt: inboundEvents.receivedAt,
      })
      .from(inboundEvents)
      .where(and(eq(inboundEvents.channelId, sql.placeholder("channelId")), eq(inboundEvents.providerEventId, sql.placeholder("providerEventId"))))
      .prepare(),
    respond: respond(false),
    respondWithSession: respond(true),
    /** The oldest `:batch` events received before `:cutoff` (by the received_at index). */
    prune: db
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
      )
      .prepare(),
  };
}
