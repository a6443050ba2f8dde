import { and, eq, type SQL, sql } from "drizzle-orm";
import { sessions, sessionSteps } from "../../drizzle/schema";
import { bind } from "./bind";
import type { Db } from "./database";

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
function prepareCommit(db: Db, more: { endedAt?: SQL; endReason?: SQL }) {
  return db
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
    .returning({ id: sessions.id, flowId: sessions.flowId, version: sessions.version, rev: sessions.rev, stepCount: sessions.stepCount })
    .prepare();
}

/** The queries a session goes through on every event, prepared once per repository (named parameters). */
export function prepareSessionStatements(db: Db) {
  return {
    /** :id → the session's summary and state text. */
    head: db
      .select({ ...sessionSummaryColumns, state: sessions.state })
      .from(sessions)
      .where(eq(sessions.id, id))
      .prepare(),
    /** :id → the rev (after a guarded update matched nothing). */
    rev: db.select({ rev: sessions.rev }).from(sessions).where(eq(sessions.id, id)).prepare(),
    /** :id → a draft simulation's document text. */
    document: db.select({ document: sessions.document }).from(sessions).where(eq(sessions.id, id)).prepare(),
    insertSession: db
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
      })
      .prepare(),
    insertStep: db
      .insert(sessionSteps)
      .values({
        sessionId: bind("sessionId"),
        seq: bind("seq"),
        flowId: bind("flowId"),
        version: bind("version"),
        nodeId: bind("nodeId"),
        nodeType: bind("nodeType"),
        outcome: bind("outcome"),
        input: bind("input"),
        at: bind("at"),
      })
      .prepare(),
    /** The end reason is left as it is. */
    commit: prepareCommit(db, {}),
    /** Also sets `end_reason` to :endReason. */
    commitWithReason: prepareCommit(db, { endReason: bind("endReason") }),
    /** Ending: also `ended_at = :at` and `end_reason = :endReason`. */
    commitEnded: prepareCommit(db, { endedAt: bind("at"), endReason: bind("endReason") }),
  };
}

export type SessionStatements = ReturnType<typeof prepareSessionStatements>;
