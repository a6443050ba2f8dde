import { and, count, eq, inArray, isNotNull, or, type SQL, sql } from "drizzle-orm";
import { CONVERSATION_STATUSES, conversations, sessions, teamMembers } from "../../drizzle/schema";
import { bind } from "./bind";
import { type Db, prepared } from "#store-dialect";

/**
 * Which sessions an agent may read in the call logs: those that reached one of their teams — a
 * conversation of that team names the session — or whose conversation is assigned to them.
 *
 * Listing them takes one of two plans, both on existing indexes:
 * - few: the agent's conversations (`conversations_queue_idx` by status and team, and
 *   `conversations_assignee_idx`) drive primary-key lookups of their sessions, then a sort:
 *   bounded by `FEW_SESSIONS`;
 * - many: the newest sessions are scanned (`sessions_started_idx`) and each is checked with one
 *   probe of `conversations_session_idx`: with that many, a page fills quickly.
 */
export const FEW_SESSIONS = 2000;

/** The conversations that let `userId` see their session: of the agent's teams (all statuses, so the queue index serves it), or assigned to them. */
function conversationsOf(userId: string | SQL): SQL {
  const inTeams = sql`${conversations.teamId} in (select ${teamMembers.teamId} from ${teamMembers} where ${eq(teamMembers.userId, userId)})`;
  const condition = or(and(inArray(conversations.status, CONVERSATION_STATUSES), inTeams), eq(conversations.assigneeId, userId));
  if (condition === undefined) throw new Error("unreachable: or() of two conditions");
  return condition;
}

/** The condition on `sessions` for the scan plan (and a single session): a correlated EXISTS. */
export function sessionReachedBy(userId: string): SQL {
  return sql`exists (select 1 from ${conversations} where ${eq(conversations.sessionId, sessions.id)} and ${conversationsOf(userId)})`;
}

/** The agent's session ids, as a subquery for the few plan (the left side of a CROSS JOIN, which SQLite keeps as the outer loop). */
export function sessionIdsOf(db: Db, userId: string) {
  return db
    .selectDistinct({ sessionId: sql<string>`${conversations.sessionId}`.as("session_id") })
    .from(conversations)
    .where(and(isNotNull(conversations.sessionId), conversationsOf(userId)))
    .as("agent_sessions");
}

/** Whether the agent's sessions are few (at most `FEW_SESSIONS`), counted on the indexes, stopping past the bound; prepared once. */
export function prepareHasFewSessions(db: Db): (userId: string) => Promise<boolean> {
  const capped = db
    .selectDistinct({ sessionId: conversations.sessionId })
    .from(conversations)
    .where(and(isNotNull(conversations.sessionId), conversationsOf(bind("userId"))))
    .limit(FEW_SESSIONS + 1)
    .as("capped");
  const query = prepared("sessions_few_of_agent", db.select({ n: count() }).from(capped));
  return async (userId) => ((await query.get({ userId }))?.n ?? 0) <= FEW_SESSIONS;
}

/** Whether one session is the agent's to read: one probe of `conversations_session_idx`; prepared once. */
export function prepareIsSessionReachedBy(db: Db): (sessionId: string, userId: string) => Promise<boolean> {
  const query = prepared(
    "session_reached_by",
    db
      .select({ one: sql<number>`1` })
      .from(conversations)
      .where(and(eq(conversations.sessionId, bind("sessionId")), conversationsOf(bind("userId"))))
      .limit(1),
  );
  return async (sessionId, userId) => (await query.get({ sessionId, userId })) !== undefined;
}
