import { and, eq, type SQL, sql } from "drizzle-orm";
import { sessions, sessionSteps } from "../../drizzle/schema";
import { bind } from "./bind";
import { type Db, type Executor, prepared, preparedIn } from "#store-dialect";

export const sessionSummaryColumns = {
  id: sessions.id,
  flowId: sessions.flowId,
  version: sessions.version,
  source: sessions.source,
  channelType: sessions.channelType,
  channelId: sessions.channelId,
  contact: sessions.contact,
  status: sessions.status,
  rev: sessions.rev,
  stepCount: sessions.stepCount,
  endReason: sessions.endReason,
  startedAt: sessions.startedAt,
  updatedAt: sessions.updatedAt,
  endedAt: sessions.endedAt,
};

const id = sql.placeholder("id");

/**
 * `UPDATE sessions SET state, status, rev = rev + 1, step_count = step_count + :added, updated_at
 * [, more] WHERE id = :id AND rev = :expectedRev RETURNING …`: the guarded write of `commitStep`.
 */
function prepareCommit(db: Db, name: string, more: { endedAt?: SQL; endReason?: SQL }) {
  return preparedIn(db, name, (on: Executor) =>
    on
      .update(sessions)
      .set({
        state: bind("state"),
        status: bind("status"),
        rev: sql`${sessions.rev} + 1`,
        stepCount: sql`${sessions.stepCount} + ${sql.placeholder("added")}`,
        updatedAt: bind("at"),
        ...more,
      })
      .where(and(eq(sessions.id, id), eq(sessions.rev, sql.placeholder("expectedRev"))))
      .returning({ id: sessions.id, flowId: sessions.flowId, version: sessions.version, rev: sessions.rev, stepCount: sessions.stepCount, channelType: sessions.channelType, channelId: sessions.channelId, startedAt: sessions.startedAt }),
  );
}

/** Rows one step INSERT writes at most; a longer run of steps takes several. */
export const MAX_STEP_ROWS = 8;

/** Multi-row step INSERTs, prepared once per row count on first use (a step usually writes 1–5 rows). */
function stepInserts(db: Db) {
  const prepared = new Map<number, ReturnType<typeof prepareStepInsert>>();
  return (rows: number) => {
    let statement = prepared.get(rows);
    if (statement === undefined) {
      statement = prepareStepInsert(db, rows);
      prepared.set(rows, statement);
    }
    return statement;
  };
}

function prepareStepInsert(db: Db, rows: number) {
  return preparedIn(db, `session_steps_insert_${rows}`, (on: Executor) => on.insert(sessionSteps).values(stepRows(rows)));
}

/** The values of `rows` step rows, as placeholders `sessionId0`, `seq0`…. */
function stepRows(rows: number) {
  const values = Array.from({ length: rows }, (_, index) => ({
    sessionId: bind(`sessionId${index}`),
    seq: bind(`seq${index}`),
    flowId: bind(`flowId${index}`),
    version: bind(`version${index}`),
    nodeId: bind(`nodeId${index}`),
    nodeType: bind(`nodeType${index}`),
    outcome: bind(`outcome${index}`),
    input: bind(`input${index}`),
    at: bind(`at${index}`),
  }));
  return values;
}

/**
 * The queries a session goes through on every event, prepared once per repository (named
 * parameters). The writes and the rev read run inside `commitStep`'s transaction: each is a
 * function of the transaction (`preparedIn`).
 */
export function prepareSessionStatements(db: Db) {
  return {
    /** :id → the session's summary and state text. */
    head: prepared(
      "session_head",
      db
        .select({ ...sessionSummaryColumns, state: sessions.state })
        .from(sessions)
        .where(eq(sessions.id, id)),
    ),
    /** :id → the rev (after a guarded update matched nothing). */
    rev: preparedIn(db, "session_rev", (on: Executor) => on.select({ rev: sessions.rev }).from(sessions).where(eq(sessions.id, id))),
    /** :id → a draft simulation's document text. */
    document: prepared("session_document", db.select({ document: sessions.document }).from(sessions).where(eq(sessions.id, id))),
    insertSession: preparedIn(db, "session_insert", (on: Executor) =>
      on
        .insert(sessions)
        .values({
          id: bind("id"),
          flowId: bind("flowId"),
          version: bind("version"),
          source: bind("source"),
          channelType: bind("channelType"),
          channelId: bind("channelId"),
          contact: bind("contact"),
          status: bind("status"),
          rev: bind("rev"),
          stepCount: bind("stepCount"),
          endReason: bind("endReason"),
          startedAt: bind("startedAt"),
          updatedAt: bind("updatedAt"),
          endedAt: bind("endedAt"),
          state: bind("state"),
          document: bind("document"),
        }),
    ),
    /** `insertSteps(n)`: one INSERT of n step rows, parameters `sessionId0…`, `seq0…` per row. */
    insertSteps: stepInserts(db),
    /** The end reason is left as it is. */
    commit: prepareCommit(db, "session_commit", {}),
    /** Also sets `end_reason` to :endReason. */
    commitWithReason: prepareCommit(db, "session_commit_reason", { endReason: bind("endReason") }),
    /** Ending: also `ended_at = :at` and `end_reason = :endReason`. */
    commitEnded: prepareCommit(db, "session_commit_ended", { endedAt: bind("at"), endReason: bind("endReason") }),
  };
}

export type SessionStatements = ReturnType<typeof prepareSessionStatements>;
