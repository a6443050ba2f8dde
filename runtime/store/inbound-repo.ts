import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { inboundEvents } from "../../drizzle/schema";
import type { Db, RepoOptions } from "./database";

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
 * response stored the first time instead of being processed twice.
 */
export class InboundRepo {
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    options: RepoOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** INSERT … ON CONFLICT DO NOTHING, then read what was there: works the same on PostgreSQL. */
  async recordInbound(input: InboundInput): Promise<RecordInboundResult> {
    const id = randomUUID();
    const inserted = this.db
      .insert(inboundEvents)
      .values({
        id,
        channelType: input.channelType,
        channelId: input.channelId,
        providerEventId: input.providerEventId,
        sessionId: input.sessionId ?? null,
        payload: input.payload,
        receivedAt: this.now(),
      })
      .onConflictDoNothing({ target: [inboundEvents.channelId, inboundEvents.providerEventId] })
      .returning({ id: inboundEvents.id })
      .all();
    if (inserted.length > 0) return { inserted: true, id };
    const existing = this.db
      .select({
        id: inboundEvents.id,
        sessionId: inboundEvents.sessionId,
        response: inboundEvents.response,
        processedAt: inboundEvents.processedAt,
        receivedAt: inboundEvents.receivedAt,
      })
      .from(inboundEvents)
      .where(and(eq(inboundEvents.channelId, input.channelId), eq(inboundEvents.providerEventId, input.providerEventId)))
      .get();
    if (existing === undefined) throw new Error(`inbound event ${input.channelId}/${input.providerEventId} conflicted but cannot be read`);
    return { inserted: false, existing };
  }

  /** Stores the response sent for an event (and the session it went to) and marks it processed. */
  async setResponse(id: string, response: string | null, sessionId?: string | null): Promise<boolean> {
    const updated = this.db
      .update(inboundEvents)
      .set({ response, processedAt: this.now(), ...(sessionId === undefined ? {} : { sessionId }) })
      .where(eq(inboundEvents.id, id))
      .returning({ id: inboundEvents.id })
      .all();
    return updated.length > 0;
  }
}
