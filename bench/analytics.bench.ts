/**
 * The analytics rollups (issue 20; runtime/store/analytics, runtime/analytics) on SQLite:
 *
 * 1. Reads. The rollups of BENCH_ANALYTICS_SESSIONS generated sessions (default 100,000 so `npm run bench` stays minutes; the 1,000,000 with BENCH_ANALYTICS_SESSIONS=1000000; 7 steps
 *    each: 6 edges and an ending, 3 flows, 3 channel types, 2 channels each, a quarter transferred
 *    and answered) spread over 30 days, written through `RollupWrites` from the facts the live
 *    writers make (`rollup-facts.ts`): the queries read only the rollups, so the session rows
 *    themselves are not generated. Then p50/p99 over BENCH_ANALYTICS_REPEATS calls of the
 *    dashboard's summary + timeseries (30 days, per day, America/New_York; target p50 < 300 ms)
 *    and of a flow's paths (30 days, every version; target p50 < 200 ms).
 * 2. Writes. The cost of writing them: sessions run straight into the store (created with 3 steps,
 *    then 2 commits of 2 steps, the last ending it: 7 steps, 3 transactions), 32 in flight, with
 *    the rollups and without (`rollups: false`), in interleaved rounds on fresh files: steps per
 *    second and the cost (target < 10 %). BENCH_ANALYTICS_WRITE_SESSIONS (default 3,000 per round),
 *    BENCH_ANALYTICS_ROUNDS (default 3).
 *
 * `npx tsx bench/analytics.bench.ts` runs it alone.
 */
import { inTransaction, openDb } from "#store-dialect";
import { agents, paths, summary, timeseries } from "../runtime/analytics/analytics-report";
import { resolveQuery } from "../runtime/analytics/analytics-query";
import { RollupWrites } from "../runtime/store/analytics/rollup-writes";
import { answeredFacts, closedFacts, type AgentFact, type RollupFact, startedFacts, stepFacts, transferredFacts } from "../runtime/store/analytics/rollup-facts";
import { portableRepos } from "../runtime/store/portable-repos";
import { sampleFlow } from "../runtime/store/test-support/sample-flow";
import { tempDataDir } from "../runtime/store/test-support/temp-data-dir";
import { round, summarizeLatencies } from "./measure";

const fromEnv = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const DAY = 86_400_000;

/** A deterministic generator, so runs compare. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const HANDLES = ["next", "option:1", "option:2", "option:3", "timeout", "no_input"];
const REASONS = ["hangup_node", "hangup_node", "caller_hangup", "abandoned", "guard_steps"];
const CHANNELS = ["twilio_voice", "web_chat", "whatsapp"];

async function fillRollups(sessions: number, end: number): Promise<{ dir: { dir: string; remove(): void }; writeMs: number; rows: number }> {
  const dir = tempDataDir("bench-analytics");
  const opened = await openDb({ dialect: "sqlite", dataDir: dir.dir });
  const next = random(20);
  const flow = new Map<string, RollupFact>();
  const agent = new Map<string, AgentFact>();
  const add = (facts: readonly RollupFact[], agentFacts: readonly AgentFact[] = []) => {
    for (const fact of facts) {
      const key = `${fact.metric}|${fact.bucketAt}|${fact.flowId}|${fact.version}|${fact.channelType}|${fact.channelId}|${fact.teamId}|${fact.nodeId}|${fact.detail}`;
      const seen = flow.get(key);
      if (seen === undefined) flow.set(key, { ...fact });
      else {
        seen.n += fact.n;
        seen.totalMs += fact.totalMs;
      }
    }
    for (const fact of agentFacts) {
      const key = `${fact.metric}|${fact.bucketAt}|${fact.userId}|${fact.teamId}|${fact.channelType}`;
      const seen = agent.get(key);
      if (seen === undefined) agent.set(key, { ...fact });
      else {
        seen.n += fact.n;
        seen.totalMs += fact.totalMs;
      }
    }
  };
  for (let i = 0; i < sessions; i++) {
    const channel = Math.floor(next() * CHANNELS.length);
    const session = { flowId: `flow-${Math.floor(next() * 3)}`, version: 1 + Math.floor(next() * 2), channelType: CHANNELS[channel] ?? "twilio_voice", channelId: `ch-${channel}-${Math.floor(next() * 2)}`, startedAt: end - Math.floor(next() * 30 * DAY) };
    const steps = Array.from({ length: 6 }, (_, s) => ({ nodeId: `node-${s}`, outcome: HANDLES[Math.floor(next() * HANDLES.length)] ?? "next" }));
    steps.push({ nodeId: `node-${Math.floor(next() * 7)}`, outcome: "ended" });
    add([...startedFacts(session), ...stepFacts(session, steps, REASONS[Math.floor(next() * REASONS.length)] ?? "hangup_node")]);
    if (next() < 0.25) {
      const dims = { session, channelType: session.channelType, channelId: session.channelId, teamId: `team-${Math.floor(next() * 3)}`, at: session.startedAt };
      const answered = answeredFacts(dims, Math.floor(next() * 120_000), `agent-${Math.floor(next() * 50)}`, session.startedAt + 60_000);
      const closed = closedFacts(dims, Math.floor(next() * 600_000), Math.floor(next() * 60_000), `agent-${Math.floor(next() * 50)}`, session.startedAt + 600_000);
      add([...transferredFacts(dims), ...answered.facts, ...closed.facts], [...answered.agent, ...closed.agent]);
    }
  }
  const writes = new RollupWrites(opened.db);
  const started = performance.now();
  const rows = [...flow.values()];
  const agentRows = [...agent.values()];
  for (let start = 0; start < rows.length; start += 20_000) {
    await inTransaction(opened.db, (tx) => writes.add(tx, rows.slice(start, start + 20_000)));
    // The server checkpoints on a timer (wal-checkpoints.ts); this loop never yields to it, and the WAL would grow to gigabytes.
    opened.db.$client.pragma("wal_checkpoint(TRUNCATE)");
  }
  await inTransaction(opened.db, (tx) => writes.add(tx, [], agentRows));
  const writeMs = performance.now() - started;
  opened.db.$client.exec("ANALYZE");
  await opened.close();
  return { dir, writeMs, rows: rows.length + agentRows.length };
}

async function timeQueries(dataDir: string, end: number, repeats: number) {
  const opened = await openDb({ dialect: "sqlite", dataDir });
  const store = portableRepos(opened.db);
  const zone = "America/New_York";
  const { DateTime } = await import("luxon");
  const to = DateTime.fromMillis(end, { zone }).startOf("day").plus({ days: 1 });
  const query = resolveQuery({ from: to.minus({ days: 30 }).toISODate() ?? "", to: to.toISODate() ?? "", tz: zone, serviceLevelSeconds: 20 });
  const dashboard: number[] = [];
  const overlay: number[] = [];
  const people: number[] = [];
  let check = { started: 0, points: 0, handles: 0 };
  for (let i = 0; i < repeats; i++) {
    let started = performance.now();
    const figures = await summary(store.analytics, query.filter, query.serviceLevelSeconds);
    const series = await timeseries(store.analytics, query.filter, zone, "day");
    dashboard.push(performance.now() - started);
    started = performance.now();
    const { flowId: _all, ...filter } = query.filter;
    const counted = await paths(store.analytics, filter, "flow-1", "all", sampleFlow("flow-1"));
    overlay.push(performance.now() - started);
    started = performance.now();
    await agents(store.analytics, query.filter, new Map());
    people.push(performance.now() - started);
    check = { started: figures.sessions.started, points: series.points.length, handles: counted.handles.length };
  }
  await opened.close();
  return { dashboard: summarizeLatencies(dashboard), overlay: summarizeLatencies(overlay), agents: summarizeLatencies(people), check };
}

/** Sessions of 7 steps in 3 transactions, `concurrency` at once, on a fresh file: steps per second. */
async function writeRound(sessions: number, concurrency: number, rollups: boolean): Promise<number> {
  const dir = tempDataDir("bench-analytics-writes");
  const opened = await openDb({ dialect: "sqlite", dataDir: dir.dir });
  try {
    const store = portableRepos(opened.db, { rollups, writes: opened.writes });
    await store.flows.createFlow(sampleFlow("support"), "bench");
    await store.flows.publish("support", { author: "bench" });
    const step = (nodeId: string, outcome: string) => ({ nodeId, nodeType: "menu", outcome });
    let next = 0;
    const started = performance.now();
    const run = async () => {
      while (next < sessions) {
        next += 1;
        const session = await store.sessions.createSession({ flowId: "support", version: 1, channelType: "twilio_voice", channelId: "ch-1", state: {}, steps: [step("welcome", "next"), step("hours", "open"), step("menu", "option:1")] });
        const a = await store.sessions.commitStep({ sessionId: session.id, expectedRev: 1, state: {}, status: "waiting", steps: [step("billing", "next"), step("queue", "timeout")] });
        if (!a.ok) throw new Error(a.error.message);
        const b = await store.sessions.commitStep({ sessionId: session.id, expectedRev: 2, state: {}, status: "ended", endReason: "hangup_node", steps: [step("sorry", "next"), step("bye", "ended")] });
        if (!b.ok) throw new Error(b.error.message);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, run));
    return (sessions * 7) / ((performance.now() - started) / 1000);
  } finally {
    await opened.close();
    dir.remove();
  }
}

export async function benchAnalytics(): Promise<Record<string, number>> {
  const sessions = fromEnv("BENCH_ANALYTICS_SESSIONS", 100_000);
  const repeats = fromEnv("BENCH_ANALYTICS_REPEATS", 20);
  const writeSessions = fromEnv("BENCH_ANALYTICS_WRITE_SESSIONS", 3_000);
  const rounds = fromEnv("BENCH_ANALYTICS_ROUNDS", 3);
  const end = Date.UTC(2026, 11, 7, 12);

  const filled = await fillRollups(sessions, end);
  if (process.env.BENCH_ANALYTICS_KEEP === "1") console.log(`kept ${filled.dir.dir}`);
  const reads = await timeQueries(filled.dir.dir, end, repeats);
  if (process.env.BENCH_ANALYTICS_KEEP !== "1") filled.dir.remove();
  console.log(
    `analytics: ${sessions} sessions → ${filled.rows} rollup rows (written in ${round(filled.writeMs / 1000, 1)} s); ` +
      `summary + timeseries (30 days) p50 ${round(reads.dashboard.p50)} ms, p99 ${round(reads.dashboard.p99)} ms (target p50 < 300); ` +
      `paths p50 ${round(reads.overlay.p50)} ms, p99 ${round(reads.overlay.p99)} ms (target p50 < 200); agents p50 ${round(reads.agents.p50)} ms ` +
      `[check: ${reads.check.started} sessions in the 30 days, ${reads.check.points} days, ${reads.check.handles} handles]`,
  );

  const withRollups: number[] = [];
  const without: number[] = [];
  for (let r = 0; r < rounds; r++) {
    without.push(await writeRound(writeSessions, 32, false));
    withRollups.push(await writeRound(writeSessions, 32, true));
  }
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const on = sum(withRollups) / rounds;
  const off = sum(without) / rounds;
  const cost = 1 - on / off;
  console.log(
    `analytics writes: ${writeSessions} sessions × 7 steps per round, ${rounds} interleaved rounds: without rollups ${round(off, 0)} steps/s [${without.map((v) => round(v, 0)).join(", ")}], ` +
      `with ${round(on, 0)} steps/s [${withRollups.map((v) => round(v, 0)).join(", ")}]: cost ${round(cost * 100, 1)} % (target < 10 %)`,
  );
  return {
    analytics_sessions: sessions,
    analytics_rollup_rows: filled.rows,
    analytics_dashboard_p50_ms: round(reads.dashboard.p50),
    analytics_paths_p50_ms: round(reads.overlay.p50),
    analytics_agents_p50_ms: round(reads.agents.p50),
    analytics_steps_per_s_without: round(off, 0),
    analytics_steps_per_s_with: round(on, 0),
    analytics_write_cost_pct: round(cost * 100, 1),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchAnalytics()));
