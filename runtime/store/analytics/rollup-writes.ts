import { sql } from "drizzle-orm";
import { analyticsAgentRollups, analyticsRollups } from "../../../drizzle/schema";
import { type Db, type Executor, preparedIn } from "#store-dialect";
import { bind } from "../bind";
import { dayOf, QUARTER, UTC_DAY } from "./buckets";
import type { AgentFact, RollupFact } from "./rollup-facts";

/** A fact as a row: at one grain. */
type GrainFact = RollupFact & { grain: number };

/** Rows one upsert writes at most; more take several. */
const MAX_ROWS = 16;

const FLOW_KEY = ["metric", "grain", "bucketAt", "flowId", "version", "channelType", "channelId", "teamId", "nodeId", "detail"] as const;
const AGENT_KEY = ["metric", "bucketAt", "userId", "teamId", "channelType"] as const;

/** Facts with the same key summed into one (PostgreSQL refuses an upsert touching one row twice). */
function summed<Fact extends { n: number; totalMs: number }>(facts: readonly Fact[], key: readonly (keyof Fact)[]): Fact[] {
  const byKey = new Map<string, Fact>();
  for (const fact of facts) {
    const id = key.map((column) => String(fact[column])).join("\u0000");
    const seen = byKey.get(id);
    if (seen === undefined) byKey.set(id, { ...fact });
    else {
      seen.n += fact.n;
      seen.totalMs += fact.totalMs;
    }
  }
  return [...byKey.values()];
}

function prepareFlowUpsert(db: Db, rows: number) {
  return preparedIn(db, `analytics_rollups_upsert_${rows}`, (on: Executor) =>
    on
      .insert(analyticsRollups)
      .values(Array.from({ length: rows }, (_, i) => Object.fromEntries([...FLOW_KEY, "n", "totalMs"].map((column) => [column, bind(`${column}${i}`)])) as Record<keyof GrainFact, ReturnType<typeof bind>>))
      .onConflictDoUpdate({
        target: [analyticsRollups.metric, analyticsRollups.grain, analyticsRollups.bucketAt, analyticsRollups.flowId, analyticsRollups.version, analyticsRollups.channelType, analyticsRollups.channelId, analyticsRollups.teamId, analyticsRollups.nodeId, analyticsRollups.detail],
        set: { n: sql`${analyticsRollups.n} + excluded.n`, totalMs: sql`${analyticsRollups.totalMs} + excluded.total_ms` },
      }),
  );
}

function prepareAgentUpsert(db: Db, rows: number) {
  return preparedIn(db, `analytics_agent_rollups_upsert_${rows}`, (on: Executor) =>
    on
      .insert(analyticsAgentRollups)
      .values(Array.from({ length: rows }, (_, i) => Object.fromEntries([...AGENT_KEY, "n", "totalMs"].map((column) => [column, bind(`${column}${i}`)])) as Record<keyof AgentFact, ReturnType<typeof bind>>))
      .onConflictDoUpdate({
        target: [analyticsAgentRollups.metric, analyticsAgentRollups.bucketAt, analyticsAgentRollups.userId, analyticsAgentRollups.teamId, analyticsAgentRollups.channelType],
        set: { n: sql`${analyticsAgentRollups.n} + excluded.n`, totalMs: sql`${analyticsAgentRollups.totalMs} + excluded.total_ms` },
      }),
  );
}

/**
 * Adds facts to the rollups inside the caller's transaction, each at both grains (its 15-minute
 * bucket and its UTC day): `INSERT … ON CONFLICT (key) DO
 * UPDATE SET n = n + excluded.n, total_ms = total_ms + excluded.total_ms`, the same SQL on SQLite
 * and PostgreSQL, prepared once per row count (up to 16 rows a statement).
 */
export class RollupWrites {
  private readonly flow = new Map<number, ReturnType<typeof prepareFlowUpsert>>();
  private readonly agent = new Map<number, ReturnType<typeof prepareAgentUpsert>>();

  constructor(private readonly db: Db) {}

  async add(tx: Executor, facts: readonly RollupFact[], agentFacts: readonly AgentFact[] = []): Promise<void> {
    const rows: GrainFact[] = [];
    for (const fact of facts) rows.push({ ...fact, grain: QUARTER }, { ...fact, grain: UTC_DAY, bucketAt: dayOf(fact.bucketAt) });
    await this.write(tx, summed(rows, FLOW_KEY), FLOW_KEY, (rows) => cached(this.flow, rows, () => prepareFlowUpsert(this.db, rows)));
    await this.write(tx, summed(agentFacts, AGENT_KEY), AGENT_KEY, (rows) => cached(this.agent, rows, () => prepareAgentUpsert(this.db, rows)));
  }

  private async write<Fact extends { n: number; totalMs: number }>(
    tx: Executor,
    facts: readonly Fact[],
    key: readonly (keyof Fact & string)[],
    statement: (rows: number) => (tx: Executor) => { run(params: Record<string, string | number | null>): Promise<number> },
  ): Promise<void> {
    for (let start = 0; start < facts.length; start += MAX_ROWS) {
      const chunk = facts.slice(start, start + MAX_ROWS);
      const params: Record<string, string | number | null> = {};
      chunk.forEach((fact, i) => {
        for (const column of key) {
          const value = fact[column];
          params[`${column}${i}`] = typeof value === "number" || typeof value === "string" ? value : String(value);
        }
        params[`n${i}`] = fact.n;
        params[`totalMs${i}`] = fact.totalMs;
      });
      await statement(chunk.length)(tx).run(params);
    }
  }
}

function cached<Value>(map: Map<number, Value>, rows: number, build: () => Value): Value {
  let value = map.get(rows);
  if (value === undefined) {
    value = build();
    map.set(rows, value);
  }
  return value;
}
