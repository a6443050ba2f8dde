import { DateTime } from "luxon";
import type { FlowDocument } from "../../flow-schema/document";
import { nodeHandles } from "../../flow-schema/migrate/whatomate/node-handles";
import { answeredCount, answeredWithin, answerQuantile } from "../store/analytics/answer-histogram";
import type { AnalyticsFilter, AnalyticsRepo, PathCount } from "../store/analytics/analytics-repo";
import { OUTCOMES, type Outcome } from "../store/analytics/rollup-facts";

const seconds = (ms: number) => Math.round(ms / 10) / 100;
const mean = (totalMs: number, n: number) => (n === 0 ? null : seconds(totalMs / n));
const round = (value: number | null, digits = 2) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

export interface Summary {
  sessions: { started: number } & Record<Outcome, number>;
  answer: { answered: number; p50Seconds: number | null; p90Seconds: number | null; meanSeconds: number | null; serviceLevel: { seconds: number; share: number | null } };
  handle: { conversations: number; totalSeconds: number; meanSeconds: number | null };
  hold: { totalSeconds: number; meanSeconds: number | null };
}

/** Sessions and their outcomes, time to answer (p50/p90, service level), handle and hold time. */
export async function summary(repo: AnalyticsRepo, filter: AnalyticsFilter, serviceLevelSeconds: number): Promise<Summary> {
  const totals = await repo.totals(filter);
  const find = (metric: string, detail = "") => totals.find((row) => row.metric === metric && row.detail === detail);
  const outcomes = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, find("outcome", outcome)?.n ?? 0])) as Record<Outcome, number>;
  const histogram = new Map(totals.filter((row) => row.metric === "answer").map((row) => [row.detail, row.n]));
  const answerMs = totals.filter((row) => row.metric === "answer").reduce((sum, row) => sum + row.totalMs, 0);
  const answered = answeredCount(histogram);
  const handle = find("handle") ?? { n: 0, totalMs: 0 };
  const hold = find("hold") ?? { n: 0, totalMs: 0 };
  return {
    sessions: { started: find("started")?.n ?? 0, ...outcomes },
    answer: {
      answered,
      p50Seconds: round(answerQuantile(histogram, 0.5)),
      p90Seconds: round(answerQuantile(histogram, 0.9)),
      meanSeconds: mean(answerMs, answered),
      serviceLevel: { seconds: serviceLevelSeconds, share: round(answeredWithin(histogram, serviceLevelSeconds), 4) },
    },
    handle: { conversations: handle.n, totalSeconds: seconds(handle.totalMs), meanSeconds: mean(handle.totalMs, handle.n) },
    hold: { totalSeconds: seconds(hold.totalMs), meanSeconds: mean(hold.totalMs, hold.n) },
  };
}

export type Interval = "hour" | "day";

export interface Timeseries {
  interval: Interval;
  channelTypes: string[];
  /** Every hour or day of the range in `tz`, empty ones included, oldest first. */
  points: Array<{ start: string; sessions: number; byChannelType: Record<string, number> }>;
}

/**
 * The local hour or day (in `zone`) a bucket falls in, as its start in ms. An hour is the bucket
 * minus the local minutes (right in :30/:45 zones, and both 01:00 hours of a DST fall-back stay
 * apart); a day is luxon's local midnight (23- and 25-hour days come out right).
 */
function periodOf(bucketAt: number, zone: string, interval: Interval): number {
  const local = DateTime.fromMillis(bucketAt, { zone });
  return interval === "hour" ? bucketAt - local.minute * 60_000 - local.second * 1000 : local.startOf("day").toMillis();
}

function nextPeriod(start: number, zone: string, interval: Interval): number {
  return interval === "hour" ? start + 3_600_000 : DateTime.fromMillis(start, { zone }).plus({ days: 1 }).startOf("day").toMillis();
}

/** Sessions started per local hour or day, stacked by channel type. */
export async function timeseries(repo: AnalyticsRepo, filter: AnalyticsFilter, zone: string, interval: Interval): Promise<Timeseries> {
  const started = await repo.started(filter);
  const periods = new Map<number, Map<string, number>>();
  for (let start = periodOf(filter.from, zone, interval); start < filter.to; start = nextPeriod(start, zone, interval)) periods.set(start, new Map());
  const cache = new Map<number, number>();
  const channelTypes = new Set<string>();
  for (const point of started) {
    let period = cache.get(point.bucketAt);
    if (period === undefined) {
      period = periodOf(point.bucketAt, zone, interval);
      cache.set(point.bucketAt, period);
    }
    const counts = periods.get(period) ?? new Map<string, number>();
    periods.set(period, counts);
    counts.set(point.channelType, (counts.get(point.channelType) ?? 0) + point.n);
    channelTypes.add(point.channelType);
  }
  const points = [...periods.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, counts]) => ({
      start: DateTime.fromMillis(start, { zone }).toISO() ?? new Date(start).toISOString(),
      sessions: [...counts.values()].reduce((sum, n) => sum + n, 0),
      byChannelType: Object.fromEntries([...counts.entries()].sort(([a], [b]) => a.localeCompare(b))),
    }));
  return { interval, channelTypes: [...channelTypes].sort(), points };
}

export interface Paths {
  flowId: string;
  version: number | "all";
  /** Every handle of the document's nodes and every handle counted, with how many sessions left by it and its share of the node's departures. */
  handles: Array<{ nodeId: string; handle: string; count: number; share: number | null; edgeId: string | null; target: string | null }>;
  /** Where sessions ended and why (hangup_node, caller_hangup, guard_steps…), per node ('' when no node was recorded). */
  endings: Array<{ nodeId: string; total: number; reasons: Record<string, number> }>;
  /** Handles of the document no session took in the range. */
  neverTaken: Array<{ nodeId: string; handle: string }>;
}

/** Edge counts and shares, endings per node with reasons, and handles never taken, for a flow's document. */
export async function paths(repo: AnalyticsRepo, filter: Omit<AnalyticsFilter, "flowId">, flowId: string, version: number | "all", document: FlowDocument): Promise<Paths> {
  const counts = await repo.paths(flowId, version === "all" ? undefined : version, filter);
  const edges = counts.filter((row): row is PathCount & { metric: "edge" } => row.metric === "edge");
  const counted = new Map(edges.map((edge) => [`${edge.nodeId}\u0000${edge.detail}`, edge.n]));
  const endings = new Map<string, { nodeId: string; total: number; reasons: Record<string, number> }>();
  for (const row of counts) {
    if (row.metric !== "ending") continue;
    const node = endings.get(row.nodeId) ?? { nodeId: row.nodeId, total: 0, reasons: {} };
    node.total += row.n;
    node.reasons[row.detail] = (node.reasons[row.detail] ?? 0) + row.n;
    endings.set(row.nodeId, node);
  }
  // A share is of the sessions that left the node by one of its handles or ended there: a step
  // that stayed (a menu asking, retrying) is no departure, so it does not count.
  const handlesOf = new Map(document.nodes.map((node) => [node.id, nodeHandles(node)]));
  const reached = (nodeId: string): number => {
    const own = handlesOf.get(nodeId);
    const left = own === undefined ? edges.filter((edge) => edge.nodeId === nodeId).reduce((sum, edge) => sum + edge.n, 0) : own.reduce((sum, handle) => sum + (counted.get(`${nodeId}\u0000${handle}`) ?? 0), 0);
    return left + (endings.get(nodeId)?.total ?? 0);
  };
  const shareOf = (nodeId: string, count: number) => {
    const total = reached(nodeId);
    return total === 0 ? null : round(count / total, 4);
  };
  const handles: Paths["handles"] = [];
  const neverTaken: Paths["neverTaken"] = [];
  for (const node of document.nodes) {
    for (const handle of handlesOf.get(node.id) ?? []) {
      const count = counted.get(`${node.id}\u0000${handle}`) ?? 0;
      const edge = document.edges.find((candidate) => candidate.source === node.id && candidate.sourceHandle === handle);
      handles.push({ nodeId: node.id, handle, count, share: shareOf(node.id, count), edgeId: edge?.id ?? null, target: edge?.target ?? null });
      if (count === 0) neverTaken.push({ nodeId: node.id, handle });
    }
  }
  // Handles the document no longer has (another version's), on nodes it no longer has.
  for (const edge of edges) {
    if (handlesOf.has(edge.nodeId)) continue;
    handles.push({ nodeId: edge.nodeId, handle: edge.detail, count: edge.n, share: shareOf(edge.nodeId, edge.n), edgeId: null, target: null });
  }
  return { flowId, version, handles, endings: [...endings.values()].sort((a, b) => b.total - a.total || a.nodeId.localeCompare(b.nodeId)), neverTaken };
}

export interface AgentFigures {
  userId: string;
  name: string | null;
  conversations: number;
  handleSeconds: number;
  meanHandleSeconds: number | null;
  availableSeconds: number;
  /** Time on conversations ÷ time available; null when no available time was recorded. */
  occupancy: number | null;
}

/** Per agent: conversations answered, handle time, time available and occupancy. */
export async function agents(repo: AnalyticsRepo, filter: AnalyticsFilter, names: ReadonlyMap<string, string>): Promise<AgentFigures[]> {
  const rows = await repo.agents(filter);
  const byAgent = new Map<string, { conversations: number; handleMs: number; handled: number; availableMs: number }>();
  for (const row of rows) {
    const agent = byAgent.get(row.userId) ?? { conversations: 0, handleMs: 0, handled: 0, availableMs: 0 };
    if (row.metric === "conversations") agent.conversations += row.n;
    if (row.metric === "handle") {
      agent.handleMs += row.totalMs;
      agent.handled += row.n;
    }
    if (row.metric === "available") agent.availableMs += row.totalMs;
    byAgent.set(row.userId, agent);
  }
  return [...byAgent.entries()]
    .map(([userId, agent]) => ({
      userId,
      name: names.get(userId) ?? null,
      conversations: agent.conversations,
      handleSeconds: seconds(agent.handleMs),
      meanHandleSeconds: mean(agent.handleMs, agent.handled),
      availableSeconds: seconds(agent.availableMs),
      occupancy: agent.availableMs === 0 ? null : round(agent.handleMs / agent.availableMs, 4),
    }))
    .sort((a, b) => b.conversations - a.conversations || a.userId.localeCompare(b.userId));
}
