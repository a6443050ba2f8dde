/**
 * Session steps straight into the store, no HTTP: `commitStep` (one step row, an input timer
 * cancelled and armed, as a menu does) on many sessions at once, through the build's dialect.
 * `npx tsx bench/session-commits.bench.ts` measures SQLite (its group commit, in a temp dir);
 * `npx tsx --conditions=switchboard-postgres bench/session-commits.bench.ts` PostgreSQL (one
 * transaction per step) on a throwaway cluster (fsync off, as the tests start it: commits cost
 * round trips and locks, not disk flushes). Prints steps per second, latency p50/p99 and this
 * process's CPU per step (the PostgreSQL server's is not in it).
 *
 * Env: BENCH_COMMITS (default 20,000), BENCH_CONCURRENCY (steps in flight, default 32),
 * BENCH_SESSIONS (default 2,000), BENCH_POOL (PostgreSQL connections, default 10).
 */
import { DIALECT, openDb } from "#store-dialect";
import type { DatabaseTarget } from "../runtime/store/database-target";
import { portableRepos } from "../runtime/store/portable-repos";
import { startPostgresCluster } from "../runtime/store/test-support/postgres-cluster";
import { sampleFlow } from "../runtime/store/test-support/sample-flow";
import { tempDataDir } from "../runtime/store/test-support/temp-data-dir";
import { round, summarizeLatencies } from "./measure";

const fromEnv = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const COMMITS = fromEnv("BENCH_COMMITS", 20_000);
const CONCURRENCY = fromEnv("BENCH_CONCURRENCY", 32);
const SESSIONS = fromEnv("BENCH_SESSIONS", 2_000);

export async function benchSessionCommits(): Promise<Record<string, number>> {
  const cluster = DIALECT === "postgresql" ? await startPostgresCluster() : undefined;
  const temp = cluster === undefined ? tempDataDir("bench-commits") : undefined;
  const target: DatabaseTarget = cluster !== undefined ? { dialect: "postgresql", url: await cluster.createDatabase("bench") } : { dialect: "sqlite", dataDir: temp?.dir ?? "" };
  const opened = await openDb(target);
  try {
    const store = portableRepos(opened.db);
    await store.flows.createFlow(sampleFlow("support"), "bench");
    await store.flows.publish("support", { author: "bench" });
    const revs = new Map<string, number>();
    for (let i = 0; i < SESSIONS; i++) {
      const session = await store.sessions.createSession({ flowId: "support", version: 1, channelType: "simulator", state: { node: "menu" } });
      revs.set(session.id, session.rev);
    }
    const ids = [...revs.keys()];
    const latencies: number[] = [];
    let next = 0;
    const worker = async () => {
      while (next < COMMITS) {
        const index = next++;
        const sessionId = ids[index % ids.length] ?? "";
        // Two steps in flight on one session would make one stale: each worker owns its sessions' turns.
        const expectedRev = revs.get(sessionId) ?? 1;
        revs.set(sessionId, expectedRev + 1);
        const started = performance.now();
        const result = await store.sessions.commitStep({
          sessionId,
          expectedRev,
          state: { node: "menu", turn: index },
          status: "waiting",
          steps: [{ nodeId: "menu", nodeType: "menu", outcome: "option:1", input: "1" }],
          timers: { cancelKinds: ["input_timeout"], arm: [{ kind: "input_timeout", dueAt: Date.now() + 8000 }] },
        });
        latencies.push(performance.now() - started);
        if (!result.ok) throw new Error(`step ${index}: ${result.error.message}`);
      }
    };
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuUsPerStep = round((cpu.user + cpu.system) / COMMITS);
    const summary = summarizeLatencies(latencies);
    const prefix = `commits_${DIALECT === "postgresql" ? "postgres" : "sqlite"}`;
    console.info(`${DIALECT}: ${COMMITS} steps at ${CONCURRENCY} in flight: ${round(COMMITS / seconds)} steps/s, p50 ${round(summary.p50)} ms, p99 ${round(summary.p99)} ms, this process's CPU ${cpuUsPerStep} µs per step`);
    return { [`${prefix}_steps_per_s`]: round(COMMITS / seconds), [`${prefix}_p50_ms`]: round(summary.p50), [`${prefix}_p99_ms`]: round(summary.p99), [`${prefix}_cpu_us_per_step`]: cpuUsPerStep };
  } finally {
    await opened.close();
    temp?.remove();
    await cluster?.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchSessionCommits()));
