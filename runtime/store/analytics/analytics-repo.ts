import { and, eq, gte, inArray, lt, notInArray, or, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { analyticsAgentRollups, analyticsRollups } from "../../../drizzle/schema";
import { type Db, many } from "#store-dialect";
import { dayCeil, DAY_MS, QUARTER, UTC_DAY } from "./buckets";

/** What every analytics question filters on. `from`/`to` are bucket starts (ms, `to` exclusive). */
export interface AnalyticsFilter {
  from: number;
  to: number;
  flowId?: string | undefined;
  channelType?: string | undefined;
  channelId?: string | undefined;
  /** Applies to the figures of conversations (transferred, answered, answer time, handle, hold, agents); session figures are every team's. */
  teamId?: string | undefined;
}

export interface MetricTotal {
  metric: string;
  detail: string;
  n: number;
  totalMs: number;
}

export interface StartedPoint {
  bucketAt: number;
  channelType: string;
  n: number;
}

export interface PathCount {
  metric: "edge" | "ending";
  nodeId: string;
  detail: string;
  n: number;
}

export interface AgentTotal {
  userId: string;
  metric: string;
  n: number;
  totalMs: number;
}

/** Metrics of the flow, not of a team: a team filter leaves them alone. */
const SESSION_METRICS = ["started", "edge", "ending"];
const TEAM_OUTCOMES = ["transferred", "answered"];

/** Sums Number() since PostgreSQL's sum(bigint) is numeric text. */
const total = (column: SQLWrapper) => sql<string>`coalesce(sum(${column}), 0)`;

/**
 * The questions the analytics API asks, each one GROUP BY over `analytics_rollups` /
 * `analytics_agent_rollups` between two bucket starts: never a scan of sessions or steps.
 */
export class AnalyticsRepo {
  constructor(private readonly db: Db) {}

  /** `[from, to)`: the whole UTC days inside from the day rows, the partial days at either end from the 15-minute rows. `quarters`: 15-minute rows only (to fold into local hours or days). */
  private where(filter: AnalyticsFilter, metrics: readonly string[], quarters = false): SQL | undefined {
    const t = analyticsRollups;
    const quarter = (from: number, to: number) => and(eq(t.grain, QUARTER), gte(t.bucketAt, from), lt(t.bucketAt, to));
    const firstDay = dayCeil(filter.from);
    const lastDay = Math.floor(filter.to / DAY_MS) * DAY_MS;
    const range =
      quarters || firstDay >= lastDay
        ? quarter(filter.from, filter.to)
        : or(and(eq(t.grain, UTC_DAY), gte(t.bucketAt, firstDay), lt(t.bucketAt, lastDay)), quarter(filter.from, firstDay), quarter(lastDay, filter.to));
    return and(
      inArray(t.metric, [...metrics]),
      range,
      filter.flowId === undefined ? undefined : eq(t.flowId, filter.flowId),
      filter.channelType === undefined ? undefined : eq(t.channelType, filter.channelType),
      filter.channelId === undefined ? undefined : eq(t.channelId, filter.channelId),
      filter.teamId === undefined ? undefined : or(eq(t.teamId, filter.teamId), inArray(t.metric, SESSION_METRICS), and(eq(t.metric, "outcome"), notInArray(t.detail, TEAM_OUTCOMES))),
    );
  }

  /** Totals per metric and detail: started, outcome, answer (per bin), handle, hold. */
  async totals(filter: AnalyticsFilter): Promise<MetricTotal[]> {
    const t = analyticsRollups;
    const rows = await many(
      this.db
        .select({ metric: t.metric, detail: t.detail, n: total(t.n), totalMs: total(t.totalMs) })
        .from(t)
        .where(this.where(filter, ["started", "outcome", "answer", "handle", "hold"]))
        .groupBy(t.metric, t.detail),
    );
    return rows.map((row) => ({ metric: row.metric, detail: row.detail, n: Number(row.n), totalMs: Number(row.totalMs) }));
  }

  /** Sessions started per bucket and channel type (the API folds buckets into local hours or days). */
  async started(filter: AnalyticsFilter): Promise<StartedPoint[]> {
    const t = analyticsRollups;
    const rows = await many(
      this.db
        .select({ bucketAt: t.bucketAt, channelType: t.channelType, n: total(t.n) })
        .from(t)
        // The literal (not a parameter) lets SQLite use the partial index `analytics_rollups_series_idx`.
        .where(and(this.where(filter, ["started"], true), sql`${t.metric} = 'started'`))
        .groupBy(t.bucketAt, t.channelType),
    );
    return rows.map((row) => ({ bucketAt: Number(row.bucketAt), channelType: row.channelType, n: Number(row.n) }));
  }

  /** Edge traversals per (node, handle) and endings per (node, reason) of one flow, one version or all (`undefined`). */
  async paths(flowId: string, version: number | undefined, filter: Omit<AnalyticsFilter, "flowId">): Promise<PathCount[]> {
    const t = analyticsRollups;
    const rows = await many(
      this.db
        .select({ metric: t.metric, nodeId: t.nodeId, detail: t.detail, n: total(t.n) })
        .from(t)
        .where(and(this.where({ ...filter, flowId }, ["edge", "ending"]), version === undefined ? undefined : eq(t.version, version)))
        .groupBy(t.metric, t.nodeId, t.detail),
    );
    return rows.map((row) => ({ metric: row.metric === "edge" ? "edge" : "ending", nodeId: row.nodeId, detail: row.detail, n: Number(row.n) }));
  }

  /** Per agent: conversations answered, handle time, time available. Channel type and team filter the conversations, not availability. */
  async agents(filter: AnalyticsFilter): Promise<AgentTotal[]> {
    const t = analyticsAgentRollups;
    const rows = await many(
      this.db
        .select({ userId: t.userId, metric: t.metric, n: total(t.n), totalMs: total(t.totalMs) })
        .from(t)
        .where(
          and(
            gte(t.bucketAt, filter.from),
            lt(t.bucketAt, filter.to),
            filter.channelType === undefined ? undefined : or(eq(t.channelType, filter.channelType), eq(t.metric, "available")),
            filter.teamId === undefined ? undefined : or(eq(t.teamId, filter.teamId), eq(t.metric, "available")),
          ),
        )
        .groupBy(t.userId, t.metric),
    );
    return rows.map((row) => ({ userId: row.userId, metric: row.metric, n: Number(row.n), totalMs: Number(row.totalMs) }));
  }
}
