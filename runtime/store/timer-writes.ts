import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { timers } from "../../drizzle/schema";
import type { Executor } from "./database";
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

/**
 * Timer rows written as part of a larger transaction (a session's step, or a lone arm/cancel):
 * what keeps a session's state and its timers from ever disagreeing.
 */
export const timerWrites = {
  /** Inserts timers for a session at `sessionRev`; returns their ids in input order. */
  arm(executor: Executor, sessionId: string, sessionRev: number, inputs: readonly TimerInput[], at: number): string[] {
    if (inputs.length === 0) return [];
    const rows = inputs.map((input) => ({
      id: randomUUID(),
      sessionId,
      sessionRev,
      kind: input.kind,
      dueAt: input.dueAt,
      payload: toJsonText(input.payload ?? null),
      createdAt: at,
    }));
    executor.insert(timers).values(rows).run();
    return rows.map((row) => row.id);
  },

  /** Deletes a session's timers that have not fired (all, or only some kinds); returns how many. */
  cancel(executor: Executor, sessionId: string, kinds?: readonly string[]): number {
    if (kinds !== undefined && kinds.length === 0) return 0;
    const deleted = executor
      .delete(timers)
      .where(and(eq(timers.sessionId, sessionId), isNull(timers.firedAt), kinds === undefined ? undefined : inArray(timers.kind, [...kinds])))
      .returning({ id: timers.id })
      .all();
    return deleted.length;
  },
};
