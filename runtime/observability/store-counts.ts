import { and, count, eq, isNull, lte, sql } from "drizzle-orm";
import { conversationOffers, sessions, timers } from "../../drizzle/schema";
import type { Db } from "../store/database";

/**
 * The counts `/metrics` shows as gauges, read from the database at scrape time (each is one
 * indexed count: `sessions_status_idx`, the partial `timers_due_idx`; offers are few and short-lived).
 * Reading them when asked costs nothing between scrapes, unlike tracking them on every change.
 */
export class StoreCounts {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  async timersDue(): Promise<number> {
    return this.db.select({ n: count() }).from(timers).where(and(isNull(timers.firedAt), lte(timers.dueAt, this.now()))).get()?.n ?? 0;
  }

  async sessionsWaiting(): Promise<number> {
    return this.db.select({ n: count() }).from(sessions).where(eq(sessions.status, "waiting")).get()?.n ?? 0;
  }

  async offersOpen(): Promise<number> {
    return this.db.select({ n: count() }).from(conversationOffers).where(eq(conversationOffers.status, "open")).get()?.n ?? 0;
  }

  /** The cheap query the database probe times. */
  async ping(): Promise<void> {
    this.db.get(sql`select 1`);
  }
}
