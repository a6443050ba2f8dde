import { and, asc, eq, inArray, isNull, lte, min, or, sql } from "drizzle-orm";
import { timers } from "../../drizzle/schema";
import { bind } from "./bind";
import { type Db, prepared, skipLocked } from "#store-dialect";
import { fromJsonText, type JsonValue } from "./json-text";
import type { RepoOptions } from "./repo-options";
import { type TimerInput, TimerWrites } from "./timer-writes";

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
 * The claim is one statement: WITH candidates AS (SELECT … due and unleased … ORDER BY due_at
 * LIMIT n) UPDATE … WHERE id IN candidates AND (still due and unleased) RETURNING …. SQLite runs
 * it under its single writer lock; on PostgreSQL the candidates are read `FOR UPDATE SKIP LOCKED`
 * (`skipLocked` of `#store-dialect`), so concurrent workers take disjoint timers without waiting,
 * and the repeated condition in the outer WHERE keeps it correct under READ COMMITTED.
 */
export class TimersRepo {
  private readonly now: () => number;
  private readonly writes: TimerWrites;
  private readonly statements: ReturnType<typeof prepareTimerStatements>;

  constructor(
    private readonly db: Db,
    options: RepoOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.writes = new TimerWrites(db);
    this.statements = prepareTimerStatements(db);
  }

  /** Arms one timer outside a step (inside a step, use `commitStep`'s `timers.arm`). */
  async armTimer(input: ArmTimerInput): Promise<string> {
    const [id] = await this.writes.arm(this.db, input.sessionId, input.sessionRev, [input], this.now());
    if (id === undefined) throw new Error("arming a timer returned no id");
    return id;
  }

  /** Cancels a session's pending timers, all or of one kind; returns how many. */
  async cancelTimers(sessionId: string, kind?: string): Promise<number> {
    return this.writes.cancel(this.db, sessionId, kind === undefined ? undefined : [kind]);
  }

  /** A session's timers that have not fired, soonest first. */
  async listPending(sessionId: string): Promise<PendingTimer[]> {
    return (await this.statements.pending.all({ sessionId })).map(withPayload);
  }

  /** Leases up to `limit` due timers to `workerId`, soonest first. */
  async claimDueTimers(options: ClaimOptions): Promise<ClaimedTimer[]> {
    const now = options.now ?? this.now();
    const claimedUntil = now + options.leaseMs;
    const claimed = await this.statements.claim.all({ now, limit: options.limit ?? 100, workerId: options.workerId, claimedUntil });
    return claimed
      .map((row) => ({ ...withPayload(row), claimedBy: options.workerId, claimedUntil }))
      .sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Records that a claimed timer fired. False when it is gone (cancelled by the step) or no longer this worker's. */
  async markFired(id: string, workerId: string): Promise<boolean> {
    const fired = await this.statements.markFired.all({ id, workerId, at: this.now() });
    return fired.length > 0;
  }

  /** When the soonest pending timer is due (ms), to sleep until then; undefined when none is pending. */
  async nextDueAt(): Promise<number | undefined> {
    const row = await this.statements.nextDue.get();
    return row?.dueAt ?? undefined;
  }
}

/** The timer queries, prepared once per repository (named parameters). */
function prepareTimerStatements(db: Db) {
  const now = sql.placeholder("now");
  const claimable = and(isNull(timers.firedAt), lte(timers.dueAt, now), or(isNull(timers.claimedUntil), lte(timers.claimedUntil, now)));
  // A CTE, not a plain `IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)`: PostgreSQL may plan that as
  // a nested loop rescanning the subquery for every row, and each rescan skips the rows this very
  // UPDATE has just changed and locks the next ones, so it claimed every due timer past the limit.
  // A CTE is computed once (a locking one is never inlined).
  const candidates = db.$with("claim_candidates").as(
    skipLocked(
      db
        .select({ id: timers.id })
        .from(timers)
        .where(claimable)
        .orderBy(asc(timers.dueAt), asc(timers.id))
        .limit(sql.placeholder("limit")),
    ),
  );
  return {
    pending: prepared(
      "timers_pending",
      db
        .select(pendingColumns)
        .from(timers)
        .where(and(eq(timers.sessionId, sql.placeholder("sessionId")), isNull(timers.firedAt)))
        .orderBy(asc(timers.dueAt), asc(timers.id)),
    ),
    claim: prepared(
      "timers_claim",
      db
        .with(candidates)
        .update(timers)
        .set({ claimedBy: bind("workerId"), claimedUntil: bind("claimedUntil") })
        .where(and(inArray(timers.id, db.select({ id: candidates.id }).from(candidates)), claimable))
        .returning(pendingColumns),
    ),
    markFired: prepared(
      "timer_fired",
      db
        .update(timers)
        .set({ firedAt: bind("at") })
        .where(and(eq(timers.id, sql.placeholder("id")), eq(timers.claimedBy, sql.placeholder("workerId")), isNull(timers.firedAt)))
        .returning({ id: timers.id }),
    ),
    nextDue: prepared("timers_next_due", db.select({ dueAt: min(timers.dueAt) }).from(timers).where(isNull(timers.firedAt))),
  };
}

function withPayload<T extends { payload: string }>(row: T): Omit<T, "payload"> & { payload: JsonValue } {
  return { ...row, payload: fromJsonText(row.payload) };
}
