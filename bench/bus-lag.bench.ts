import type { Bus } from "../runtime/bus/bus";
import { PostgresBus } from "../runtime/bus/postgres-bus";
import { RedisBus } from "../runtime/bus/redis-bus";
import { redisTestsEnabled, startRedisServer } from "../runtime/bus/test-support/redis-server";
import { postgresTestsEnabled, startPostgresCluster } from "../runtime/store/test-support/postgres-cluster";
import { round, summarizeLatencies } from "./measure";

const PACED = 2000;
const BURST = 5000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One engine: `health()` round trips, paced publish → other instance's delivery, and a burst's rate. */
async function measure(engine: "postgres" | "redis", a: Bus, b: Bus): Promise<Record<string, number>> {
  const probes: number[] = [];
  for (let i = 0; i < 100; i++) {
    const started = performance.now();
    if (!(await a.health()).reachable) throw new Error(`${engine} bus unreachable during the bench`);
    probes.push(performance.now() - started);
  }
  const sentAt = new Float64Array(PACED);
  const lags: number[] = [];
  let pacedDone = () => {};
  const paced = new Promise<void>((resolve) => (pacedDone = resolve));
  await b.subscribe("rooms", (delivery) => {
    lags.push(performance.now() - (sentAt[Number(delivery.message.i)] ?? 0));
    if (lags.length === PACED) pacedDone();
  });
  // About 500 messages a second: ten every 20 ms, each the size of a real notice.
  for (let i = 0; i < PACED; i++) {
    sentAt[i] = performance.now();
    void a.publish("rooms", { kind: "conversation.updated", conversationId: "0193d0a4-8a55-7d0b-9c1e-3f6b3f0c2a11", i });
    if (i % 10 === 9) await sleep(20);
  }
  await paced;
  let received = 0;
  let burstDone = () => {};
  const burst = new Promise<void>((resolve) => (burstDone = resolve));
  await b.subscribe("offers", () => {
    if (++received === BURST) burstDone();
  });
  const burstStarted = performance.now();
  await Promise.all(Array.from({ length: BURST }, (_, i) => a.publish("offers", { kind: "offer.created", conversationId: "0193d0a4-8a55-7d0b-9c1e-3f6b3f0c2a11", i })));
  await burst;
  const burstS = (performance.now() - burstStarted) / 1000;
  const probe = summarizeLatencies(probes);
  const lag = summarizeLatencies(lags);
  console.log(
    `bus ${engine}: health() p50 ${round(probe.p50)} ms p99 ${round(probe.p99)} ms; publish → other instance p50 ${round(lag.p50)} ms p99 ${round(lag.p99)} ms max ${round(lag.max)} ms (${PACED} paced); ${BURST} at once in ${round(burstS, 3)} s (${Math.round(BURST / burstS)}/s)`,
  );
  return {
    [`bus_${engine}_health_p50_ms`]: round(probe.p50),
    [`bus_${engine}_health_p99_ms`]: round(probe.p99),
    [`bus_${engine}_lag_p50_ms`]: round(lag.p50),
    [`bus_${engine}_lag_p99_ms`]: round(lag.p99),
    [`bus_${engine}_burst_per_s`]: Math.round(BURST / burstS),
  };
}

/**
 * The bus between instances (runtime/bus) on each engine found here: two bus instances in this
 * process on a throwaway PostgreSQL cluster and redis-server. Skipped per engine, loudly, where its
 * binaries are missing.
 */
export async function benchBusLag(): Promise<Record<string, number>> {
  const results: Record<string, number> = {};
  if (postgresTestsEnabled()) {
    const cluster = await startPostgresCluster();
    const opened: Bus[] = [];
    try {
      opened.push(await PostgresBus.open({ url: cluster.url, instanceId: "bench-a" }), await PostgresBus.open({ url: cluster.url, instanceId: "bench-b" }));
      const [a, b] = opened;
      if (a !== undefined && b !== undefined) Object.assign(results, await measure("postgres", a, b));
    } finally {
      await Promise.all(opened.map((bus) => bus.close()));
      await cluster.stop();
    }
  }
  if (redisTestsEnabled()) {
    const redis = await startRedisServer();
    const opened: Bus[] = [];
    try {
      opened.push(await RedisBus.open({ url: redis.url, instanceId: "bench-a" }), await RedisBus.open({ url: redis.url, instanceId: "bench-b" }));
      const [a, b] = opened;
      if (a !== undefined && b !== undefined) Object.assign(results, await measure("redis", a, b));
    } finally {
      await Promise.all(opened.map((bus) => bus.close()));
      await redis.stop();
    }
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchBusLag()));
