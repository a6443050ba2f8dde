import { and, asc, eq, inArray, isNull, lte, min, or } from "drizzle-orm";
import { timers } from "../../drizzle/schema";
import type { Db, RepoOptions } from "./database";
import { fromJsonText, type JsonValue } from "./json-text";
import { type TimerInput, timerWrites } from "./timer-writes";

export interface ArmTimerInput extends TimerInput {
  sessionId: string;
  /** The session's rev the timer belongs to: firing it is stale once the session moved past it. */
  sessionRev: number;
}

export interface PendingTimer {
  id: string;
  sessionId: string;
  sessionRev: number;
  kind: string;
  dueAt: number;
  payload: JsonValue;
  claimedBy: string | null;
  claimedUntil: number | null;
}

export interface ClaimedTimer extends PendingTimer {
  claimedBy: string;
  claimedUntil: number;
}

export interface ClaimOptions {
  /** Who claims: a stable id per runtime process (hostname + pid + random, for instance). */
  workerId: string;
  /** How long the claim holds. A worker that has not fired the timer by then is presumed dead. */
  leaseMs: number;
  /** At most this many timers (default 100). */
  limit?: number;
  /** Default: the repository's clock. */
  now?: number;
}

const pendingColumns = {
  id: timers.id,
  sessionId: timers.sessionId,
  sessionRev: timers.sessionRev,
  kind: timers.kind,
  dueAt: timers.dueAt,
  payload: timers.payload,
  claimedBy: timers.claimedBy,
  claimedUntil: timers.claimedUntil,
};

/**
 * Durable timers. Firing is claim → process → markFired:
 *
 * - `claimDueTimers` atomically leases due timers that are unclaimed or whose lease has expired,
 *   so a timer claimed by a worker that crashed is claimed again once its lease runs out.
 * - The worker checks `sessionRev` against the session (a moved-on session makes the timer stale),
 *   feeds the timeout event to the engine and commits the step (which usually cancels the timer
 *   in the same transaction), then calls `markFired` for a timer that is still there.
 *
 * The claim is one statement: UPDATE … WHERE id IN (SELECT … due and unleased … ORDER BY due_at
 * LIMIT n) AND (still due and unleased) RETURNING …. SQLite runs it under its single writer lock;
 * on PostgreSQL the same statement gets `FOR UPDATE SKIP LOCKED` on the inner SELECT (drizzle:
 * `.for("update", { skipLocked: true })`), so concurrent workers take disjoint timers without
 * waiting, and the repeated condition in the outer WHERE keeps it correct under READ COMMITTED.
 */
export class TimersRepo {
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    options: RepoOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Arms one timer outside a step (inside a step, use `commitStep`'s `timers.arm`). */
  async armTimer(input: ArmTimerInput): Promise<string> {
    const [id] = timerWrites.arm(this.db, input.sessionId, input.sessionRev, [input], this.now());
    if (id === undefined) throw new Error("arming a timer returned no id");
    return id;
  }

  /** Cancels a session's pending timers, all or of one kind; returns how many. */
  async cancelTimers(sessionId: string, kind?: string): Promise<number> {
    return timerWrites.cancel(this.db, sessionId, kind === undefined ? undefined : [kind]);
  }

  /** A session's timers that have not fired, soonest first. */
  async listPending(sessionId: string): Promise<PendingTimer[]> {
    return this.db
      .select(pendingColumns)
      .from(timers)
      .where(and(eq(timers.sessionId, sessionId), isNull(timers.firedAt)))
      .orderBy(asc(timers.dueAt), asc(timers.id))
      .all()
      .map(withPayload);
  }

  /** Leases up to `limit` due timers to `workerId`, soonest first. */
  async claimDueTimers(options: ClaimOptions): Promise<ClaimedTimer[]> {
    const now = options.now ?? this.now();
    const claimedUntil = now + options.leaseMs;
    const claimable = and(isNull(timers.firedAt), lte(timers.dueAt, now), or(isNull(timers.claimedUntil), lte(timers.claimedUntil, now)));
    const candidates = this.db
      .select({ id: timers.id })
      .from(timers)
      .where(claimable)
      .orderBy(asc(timers.dueAt), asc(timers.id))
      .limit(options.limit ?? 100);
    const claimed = this.db
      .update(timers)
      .set({ claimedBy: options.workerId, claimedUntil })
      .where(and(inArray(timers.id, candidates), claimable))
      .returning(pendingColumns)
      .all();
    return claimed
      .map((row) => ({ ...withPayload(row), claimedBy: options.workerId, claimedUntil }))
      .sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Records that a claimed timer fired. False when it is gone (cancelled by the step) or no longer this worker's. */
  async markFired(id: string, workerId: string): Promise<boolean> {
    const fired = this.db
      .update(timers)
      .set({ firedAt: this.now() })
      .where(and(eq(timers.id, id), eq(timers.claimedBy, workerId), isNull(timers.firedAt)))
      .returning({ id: timers.id })
      .all();
    return fired.length > 0;
  }

  /** When the soonest pending timer is due (ms), to sleep until then; undefined when none is pending. */
  async nextDueAt(): Promise<number | undefined> {
    const row = this.db
      .select({ dueAt: min(timers.dueAt) })
      .from(timers)
      .where(isNull(timers.firedAt))
      .get();
    return row?.dueAt ?? undefined;
  }
}

function withPayload<T extends { payload: string }>(row: T): Omit<T, "payload"> & { payload: JsonValue } {
  return { ...row, payload: fromJsonText(row.payload) };
}
