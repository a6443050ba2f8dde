import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { timers } from "../../drizzle/schema";
import { bind } from "./bind";
import { orderedId } from "./ordered-id";
import { type Db, type Executor, preparedIn } from "#store-dialect";
import { toJsonText } from "./json-text";

/** A timer to arm. */
export interface TimerInput {
  /** input_timeout, transfer_timeout, http_timeout… */
  kind: string;
  /** Milliseconds since the Unix epoch. */
  dueAt: number;
  /** Any JSON value, handed back when the timer fires. */
  payload?: unknown;
}

function prepareInsert(db: Db) {
  return preparedIn(db, "timer_insert", (on: Executor) =>
    on.insert(timers).values({
      id: bind("id"),
      sessionId: bind("sessionId"),
      sessionRev: bind("sessionRev"),
      kind: bind("kind"),
      dueAt: bind("dueAt"),
      payload: bind("payload"),
      createdAt: bind("createdAt"),
    }),
  );
}

/** DELETE of a session's unfired timers, of any kind (`kindCount` 0) or of `kindCount` kinds (`k0`, `k1`…). */
function prepareCancel(db: Db, kindCount: number) {
  const kinds = Array.from({ length: kindCount }, (_, index) => sql.placeholder(`k${index}`));
  return preparedIn(db, `timers_cancel_${kindCount}`, (on: Executor) =>
    on
      .delete(timers)
      .where(and(eq(timers.sessionId, sql.placeholder("sessionId")), isNull(timers.firedAt), kindCount === 0 ? undefined : inArray(timers.kind, kinds)))
      .returning({ id: timers.id }),
  );
}

type CancelStatement = ReturnType<typeof prepareCancel>;

/**
 * Timer rows written as part of a larger transaction (a session's step, or a lone arm/cancel):
 * what keeps a session's state and its timers from ever disagreeing. The statements are prepared
 * once per instance (one per number of kinds for a cancel, `preparedIn`) and run on the
 * executor given: the caller's transaction, or the database for a lone write.
 */
export class TimerWrites {
  private readonly insert: ReturnType<typeof prepareInsert>;
  private readonly cancels = new Map<number, CancelStatement>();

  constructor(private readonly db: Db) {
    this.insert = prepareInsert(db);
  }

  /** Inserts timers for a session at `sessionRev`; returns their ids in input order. */
  async arm(tx: Executor, sessionId: string, sessionRev: number, inputs: readonly TimerInput[], at: number): Promise<string[]> {
    const ids: string[] = [];
    for (const input of inputs) {
      const id = orderedId();
      await this.insert(tx).run({ id, sessionId, sessionRev, kind: input.kind, dueAt: input.dueAt, payload: toJsonText(input.payload ?? null), createdAt: at });
      ids.push(id);
    }
    return ids;
  }

  /** Deletes a session's timers that have not fired (all, or only some kinds); returns how many. */
  async cancel(tx: Executor, sessionId: string, kinds?: readonly string[]): Promise<number> {
    if (kinds !== undefined && kinds.length === 0) return 0;
    const values: Record<string, string> = { sessionId };
    kinds?.forEach((kind, index) => {
      values[`k${index}`] = kind;
    });
    return (await this.cancelStatement(kinds?.length ?? 0)(tx).all(values)).length;
  }

  private cancelStatement(kindCount: number): CancelStatement {
    const cached = this.cancels.get(kindCount);
    if (cached !== undefined) return cached;
    const prepared = prepareCancel(this.db, kindCount);
    this.cancels.set(kindCount, prepared);
    return prepared;
  }
}
