import { answerBin } from "./answer-histogram";
import { bucketOf } from "./buckets";

/** One counter to add to `analytics_rollups` (absent dimensions are '', a draft's version 0). */
export interface RollupFact {
  metric: string;
  bucketAt: number;
  flowId: string;
  version: number;
  channelType: string;
  channelId: string;
  teamId: string;
  nodeId: string;
  detail: string;
  n: number;
  totalMs: number;
}

/** One counter to add to `analytics_agent_rollups`. */
export interface AgentFact {
  metric: "conversations" | "handle" | "available";
  bucketAt: number;
  userId: string;
  teamId: string;
  channelType: string;
  n: number;
  totalMs: number;
}

/** The session a fact is about. All its facts go to the bucket it STARTED in (a session spanning midnight counts on its first day). */
export interface SessionDims {
  flowId: string;
  version: number | null;
  channelType: string;
  channelId: string | null;
  startedAt: number;
}

/** A stored step as the rollups read it. */
export interface StepFact {
  flowId?: string | undefined;
  version?: number | null | undefined;
  nodeId: string;
  outcome?: string | null | undefined;
}

export const OUTCOMES = ["completed", "hung_up", "abandoned", "failed", "transferred", "answered"] as const;
export type Outcome = (typeof OUTCOMES)[number];

const COMPLETED = new Set(["hangup_node", "returned", "transfer_handoff"]);
const HUNG_UP = new Set(["caller_hangup", "completed", "busy", "no-answer", "canceled"]);

/** How a session's end counts: completed in the flow, hung up in the flow, abandoned while waiting for an agent, or failed (guards, broken flows, lost calls). */
export function outcomeOf(endReason: string | null): Outcome {
  if (endReason === null) return "failed";
  if (COMPLETED.has(endReason)) return "completed";
  if (HUNG_UP.has(endReason)) return "hung_up";
  if (endReason === "abandoned") return "abandoned";
  return "failed";
}

function fact(session: SessionDims, metric: string, extra: Partial<RollupFact> = {}): RollupFact {
  return {
    metric,
    bucketAt: bucketOf(session.startedAt),
    flowId: session.flowId,
    version: session.version ?? 0,
    channelType: session.channelType,
    channelId: session.channelId ?? "",
    teamId: "",
    nodeId: "",
    detail: "",
    n: 1,
    totalMs: 0,
    ...extra,
  };
}

/** A session was created. */
export function startedFacts(session: SessionDims): RollupFact[] {
  return [fact(session, "started")];
}

/**
 * Steps written: each step that left by a handle is an edge traversal (node, handle) under the
 * flow it ran in (after a goto_flow, the target flow); when the session ended, its outcome (under
 * the session's flow) and where it ended (the step recorded as `ended`, under its flow) with why.
 */
export function stepFacts(session: SessionDims, steps: readonly StepFact[], endReason: string | null | undefined): RollupFact[] {
  const facts: RollupFact[] = [];
  let last: StepFact | undefined;
  for (const step of steps) {
    const at = { flowId: step.flowId ?? session.flowId, version: (step.version === undefined ? session.version : step.version) ?? 0 };
    if (step.outcome === "ended") last = step;
    else if (step.outcome !== null && step.outcome !== undefined) facts.push(fact(session, "edge", { ...at, nodeId: step.nodeId, detail: step.outcome }));
  }
  if (endReason !== undefined) {
    const reason = endReason ?? "";
    facts.push(fact(session, "outcome", { detail: outcomeOf(endReason) }));
    const where = last === undefined ? { flowId: session.flowId, version: session.version ?? 0, nodeId: "" } : { flowId: last.flowId ?? session.flowId, version: (last.version === undefined ? session.version : last.version) ?? 0, nodeId: last.nodeId };
    facts.push(fact(session, "ending", { ...where, detail: reason }));
  }
  return facts;
}

/** A conversation's session, when it has one; else its own channel at `at`. */
export interface ConversationDims {
  session: SessionDims | undefined;
  channelType: string;
  channelId: string | null;
  teamId: string | null;
  at: number;
}

function conversationFact(c: ConversationDims, metric: string, extra: Partial<RollupFact> = {}): RollupFact {
  const session = c.session ?? { flowId: "", version: null, channelType: c.channelType, channelId: c.channelId, startedAt: c.at };
  return fact(session, metric, { teamId: c.teamId ?? "", ...extra });
}

/** A flow transferred its session to a team (a conversation was opened or queued again). */
export function transferredFacts(c: ConversationDims): RollupFact[] {
  return [conversationFact(c, "outcome", { detail: "transferred" })];
}

/** An agent accepted a waiting conversation after `waitedMs` in the queue. */
export function answeredFacts(c: ConversationDims, waitedMs: number, agentId: string, answeredAt: number): { facts: RollupFact[]; agent: AgentFact[] } {
  return {
    facts: [conversationFact(c, "outcome", { detail: "answered" }), conversationFact(c, "answer", { detail: answerBin(waitedMs), totalMs: waitedMs })],
    agent: [{ metric: "conversations", bucketAt: bucketOf(answeredAt), userId: agentId, teamId: c.teamId ?? "", channelType: c.channelType, n: 1, totalMs: 0 }],
  };
}

/** An answered conversation closed: its handle time (talk + hold) and hold time, credited to its last agent. */
export function closedFacts(c: ConversationDims, talkMs: number, holdMs: number, agentId: string | null, closedAt: number): { facts: RollupFact[]; agent: AgentFact[] } {
  const handleMs = talkMs + holdMs;
  return {
    facts: [conversationFact(c, "handle", { totalMs: handleMs }), conversationFact(c, "hold", { totalMs: holdMs })],
    agent: agentId === null ? [] : [{ metric: "handle", bucketAt: bucketOf(closedAt), userId: agentId, teamId: c.teamId ?? "", channelType: c.channelType, n: 1, totalMs: handleMs }],
  };
}

/**
 * An agent's time in the `available` state from `from` to `to`, split at bucket boundaries so
 * occupancy per day is right.
 */
export function availableFacts(userId: string, from: number, to: number): AgentFact[] {
  const facts: AgentFact[] = [];
  for (let start = from; start < to; ) {
    const bucketAt = bucketOf(start);
    const end = Math.min(to, bucketAt + 15 * 60 * 1000);
    facts.push({ metric: "available", bucketAt, userId, teamId: "", channelType: "", n: 0, totalMs: end - start });
    start = end;
  }
  return facts;
}
