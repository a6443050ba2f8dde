import { and, asc, gt, inArray, isNotNull } from "drizzle-orm";
import { analyticsJobs, conversations, sessions, sessionSteps } from "../../../drizzle/schema";
import { changes, type Db, type Executor, inTransaction, many } from "#store-dialect";
import { type AgentFact, answeredFacts, closedFacts, type ConversationDims, type SessionDims, startedFacts, stepFacts, transferredFacts } from "./rollup-facts";
import { RollupWrites } from "./rollup-writes";

/** The job's row in `analytics_jobs`. */
export const BACKFILL_JOB = "rollups_backfill_v1";
const PAGE = 500;

/**
 * Fills the rollups from what was stored before they existed (sessions, their steps,
 * conversations), once: in ONE transaction that first records the job in `analytics_jobs` (`ON
 * CONFLICT DO NOTHING`; a second run, or another instance, finds the row and does nothing). Run at
 * start-up before the server takes traffic, so no live write is counted twice. The facts are the
 * live writers' (`rollup-facts.ts`) over the stored rows; a conversation queued several times counts
 * `round` transfers (under its last team) but is answered at most once here, and its time to answer is its total `wait_ms`.
 * Resolves with whether it ran.
 */
export async function backfillAnalytics(db: Db, now: () => number = Date.now): Promise<boolean> {
  const writes = new RollupWrites(db);
  return inTransaction(db, async (tx) => {
    const claimed = await changes(tx.insert(analyticsJobs).values({ name: BACKFILL_JOB, doneAt: now() }).onConflictDoNothing());
    if (claimed === 0) return false;
    await backfillSessions(tx, writes);
    await backfillConversations(tx, writes);
    return true;
  });
}

async function backfillSessions(tx: Executor, writes: RollupWrites): Promise<void> {
  for (let after = ""; ; ) {
    const page = await many(
      tx
        .select({ id: sessions.id, flowId: sessions.flowId, version: sessions.version, channelType: sessions.channelType, channelId: sessions.channelId, startedAt: sessions.startedAt, status: sessions.status, endReason: sessions.endReason })
        .from(sessions)
        .where(gt(sessions.id, after))
        .orderBy(asc(sessions.id))
        .limit(PAGE),
    );
    const last = page.at(-1);
    if (last === undefined) return;
    after = last.id;
    const steps = await many(
      tx
        .select({ sessionId: sessionSteps.sessionId, flowId: sessionSteps.flowId, version: sessionSteps.version, nodeId: sessionSteps.nodeId, outcome: sessionSteps.outcome })
        .from(sessionSteps)
        .where(inArray(sessionSteps.sessionId, page.map((session) => session.id)))
        .orderBy(asc(sessionSteps.sessionId), asc(sessionSteps.seq)),
    );
    const bySession = new Map<string, typeof steps>();
    for (const step of steps) bySession.set(step.sessionId, [...(bySession.get(step.sessionId) ?? []), step]);
    const facts = page.flatMap((session) => [...startedFacts(session), ...stepFacts(session, bySession.get(session.id) ?? [], session.status === "ended" ? session.endReason : undefined)]);
    await writes.add(tx, facts);
  }
}

async function backfillConversations(tx: Executor, writes: RollupWrites): Promise<void> {
  for (let after = ""; ; ) {
    const page = await many(tx.select().from(conversations).where(gt(conversations.id, after)).orderBy(asc(conversations.id)).limit(PAGE));
    const last = page.at(-1);
    if (last === undefined) return;
    after = last.id;
    const sessionIds = page.flatMap((conversation) => (conversation.sessionId === null ? [] : [conversation.sessionId]));
    const found = sessionIds.length === 0 ? [] : await many(tx.select({ id: sessions.id, flowId: sessions.flowId, version: sessions.version, channelType: sessions.channelType, channelId: sessions.channelId, startedAt: sessions.startedAt }).from(sessions).where(and(isNotNull(sessions.id), inArray(sessions.id, sessionIds))));
    const sessionOf = new Map<string, SessionDims>(found.map((session) => [session.id, session]));
    for (const conversation of page) {
      const dims = (at: number): ConversationDims => ({
        session: conversation.sessionId === null ? undefined : sessionOf.get(conversation.sessionId),
        channelType: conversation.channelType,
        channelId: conversation.channelId,
        teamId: conversation.teamId,
        at,
      });
      // Every queueing (the flow's transfers, reopenings, agents' transfers) made a round: as many transfers.
      const facts = conversation.sessionId === null ? [] : transferredFacts(dims(conversation.createdAt)).map((fact) => ({ ...fact, n: conversation.round }));
      const agent: AgentFact[] = [];
      // Answered from the queue: a flow's transfer (an agent's own outbound call starts answered, and is not counted).
      if (conversation.sessionId !== null && conversation.answeredAt !== null && conversation.assigneeId !== null) {
        const answered = answeredFacts(dims(conversation.answeredAt), conversation.waitMs, conversation.assigneeId, conversation.answeredAt);
        facts.push(...answered.facts);
        agent.push(...answered.agent);
      }
      if (conversation.status === "closed" && conversation.answeredAt !== null && conversation.closedAt !== null) {
        const closed = closedFacts(dims(conversation.closedAt), conversation.talkMs, conversation.holdMs, conversation.assigneeId, conversation.closedAt);
        facts.push(...closed.facts);
        agent.push(...closed.agent);
      }
      await writes.add(tx, facts, agent);
    }
  }
}
