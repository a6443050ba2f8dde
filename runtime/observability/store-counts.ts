import { and, count, eq, isNull, lte, sql } from "drizzle-orm";
import { type Db, one, rows } from "#store-dialect";
import { conversationOffers, sessions, timers } from "../../drizzle/schema";

/**
 * The counts `/metrics` shows as gauges, read from the database at scrape time (each is one
 * indexed count: `sessions_status_idx`, the partial `timers_due_idx`; offers are few and short-lived).
 * Reading them when asked costs nothing between scrapes, unlike tracking them on every change.
 * Written once for both databases (`#store-dialect`).
 */
export class StoreCounts {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  async timersDue(): Promise<number> {
    return (await one(this.db.select({ n: count() }).from(timers).where(and(isNull(timers.firedAt), lte(timers.dueAt, this.now())))))?.n ?? 0;
  }

  async sessionsWaiting(): Promise<number> {
    return (await one(this.db.select({ n: count() }).from(sessions).where(eq(sessions.status, "waiting"))))?.n ?? 0;
  }

  async offersOpen(): Promise<number> {
    return (await one(this.db.select({ n: count() }).from(conversationOffers).where(eq(conversationOffers.status, "open"))))?.n ?? 0;
  }

  /** The cheap query the database probe times (PostgreSQL: a round trip to the server). */
  async ping(): Promise<void> {
    await rows(this.db, sql`select 1`);
  }
}
