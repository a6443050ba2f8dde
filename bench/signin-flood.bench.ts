import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { z } from "zod";
import { round, summarizeLatencies } from "./measure";
import { freePort, readProcessCpuMs, readProcessMemory, type ServerProcess, spawnServer } from "./server-process";

/**
 * The rest of the API during a flood of wrong sign-ins: the runtime as a child process (examples
 * seeded, one trusted proxy), one client reading GET /api/flows with an API key one request at a
 * time, first alone, then while a worker thread runs BENCH_SIGNIN_ATTACKERS (200) closed loops of
 * wrong passwords from BENCH_SIGNIN_ADDRESSES (10) addresses for BENCH_SIGNIN_SECONDS (5) — half
 * at the admin's account, half at made-up ones — and last while the same loops send malformed
 * sign-ins (400 before any throttle or hash: the floor any flood of requests costs). Reports the
 * reader's p50/p99 in each phase, what the flood was answered (401 checked, 429 throttled, 503
 * busy), and the server's CPU and peak memory. Nothing here is asserted.
 */
const HOST = "127.0.0.1";
const API_KEY = "sb_bench_key_0123456789abcdef";
const ADMIN_EMAIL = "admin@acme.example";

const FloodResult = z.object({ statuses: z.record(z.string(), z.number()), latencies: z.array(z.number()), sent: z.number(), elapsedMs: z.number() });

function intFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text.trim() === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not ${text}`);
  return value;
}

/** GET /api/flows one at a time until `until()` says stop; the latencies (ms). */
async function readFlows(server: ServerProcess, until: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  while (!until()) {
    const started = performance.now();
    const response = await fetch(`${server.url}/api/flows`, { headers: { authorization: `Bearer ${API_KEY}` } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GET /api/flows answered ${response.status}`);
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return latencies;
}

const describe = (latencies: readonly number[]) => {
  const summary = summarizeLatencies(latencies);
  return `p50 ${round(summary.p50)} ms, p99 ${round(summary.p99)} ms, max ${round(summary.max)} ms (${summary.count} requests)`;
};

export async function benchSigninFlood(): Promise<Record<string, number>> {
  const attackers = intFromEnv("BENCH_SIGNIN_ATTACKERS", 200);
  const addresses = intFromEnv("BENCH_SIGNIN_ADDRESSES", 10);
  const durationMs = intFromEnv("BENCH_SIGNIN_SECONDS", 5) * 1000;
  const dataDir = mkdtempSync(join(tmpdir(), "switchboard-bench-signin-"));
  let server: ServerProcess | undefined;
  try {
    server = await spawnServer({
      name: "runtime",
      script: "runtime/main.ts",
        readyPath: "/ready",
      host: HOST,
      port: await freePort(HOST),
      env: { DATA_DIR: dataDir, SWITCHBOARD_API_KEY: API_KEY, ADMIN_EMAIL, ADMIN_PASSWORD: "correct horse battery", SEED_EXAMPLES: "1", TRUST_PROXY: "1" },
      logFile: join(dataDir, "runtime.log"),
    });
    const running = server;
    // Warm up the route, then read it alone.
    const warm = performance.now();
    await readFlows(running, () => performance.now() - warm > 500);
    const aloneStarted = performance.now();
    const alone = await readFlows(running, () => performance.now() - aloneStarted > durationMs);

    /** Reads the flows while a worker floods the sign-in route. */
    const flooded = async (malformed: boolean) => {
      const cpuBefore = readProcessCpuMs(running.pid);
      const worker = new Worker(new URL("./signin-flood.worker.mjs", import.meta.url), { workerData: { url: running.url, adminEmail: ADMIN_EMAIL, attackers, addresses, durationMs, malformed } });
      let flooding = true;
      const finished = once(worker, "message").then(([message]) => {
        flooding = false;
        return FloodResult.parse(message);
      });
      try {
        const latencies = await readFlows(running, () => !flooding);
        const flood = await finished;
        return { latencies, flood, cpuMs: readProcessCpuMs(running.pid) - cpuBefore };
      } finally {
        await worker.terminate();
      }
    };
    const { latencies: during, flood, cpuMs } = await flooded(false);
    const memory = readProcessMemory(running.pid);
    const floor = await flooded(true);

    const count = (status: number) => flood.statuses[String(status)] ?? 0;
    const floodLatency = summarizeLatencies(flood.latencies);
    const [a, d, f] = [summarizeLatencies(alone), summarizeLatencies(during), summarizeLatencies(floor.latencies)];
    console.log(
      `sign-in flood: GET /api/flows alone ${describe(alone)}; during ${attackers} parallel wrong sign-ins from ${addresses} addresses ${describe(during)}; ` +
        `during as many malformed sign-ins (400, ${round(floor.flood.sent / (floor.flood.elapsedMs / 1000), 0)}/s) ${describe(floor.latencies)}. ` +
        `The flood: ${flood.sent} attempts in ${round(flood.elapsedMs / 1000)} s (${round(flood.sent / (flood.elapsedMs / 1000), 0)}/s): ${count(401)} checked (401), ${count(429)} throttled (429), ${count(503)} busy (503)` +
        `${flood.statuses.error === undefined ? "" : `, ${flood.statuses.error} failed`}, answered in p50 ${round(floodLatency.p50)} ms, p99 ${round(floodLatency.p99)} ms; ` +
        `server CPU ${round(cpuMs / flood.elapsedMs, 2)} cores, peak RSS ${round(memory.hwmMb, 0)} MB`,
    );
    return {
      signin_flood_attackers: attackers,
      signin_flows_alone_p50_ms: round(a.p50),
      signin_flows_alone_p99_ms: round(a.p99),
      signin_flows_during_p50_ms: round(d.p50),
      signin_flows_during_p99_ms: round(d.p99),
      signin_flows_during_max_ms: round(d.max),
      signin_flows_during_malformed_p50_ms: round(f.p50),
      signin_flows_during_malformed_p99_ms: round(f.p99),
      signin_flood_attempts: flood.sent,
      signin_flood_checked: count(401),
      signin_flood_throttled: count(429),
      signin_flood_busy: count(503),
      signin_flood_p99_ms: round(floodLatency.p99),
      signin_flood_server_cores: round(cpuMs / flood.elapsedMs, 2),
      signin_flood_peak_rss_mb: round(memory.hwmMb, 0),
    };
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// Alone: `npx tsx bench/signin-flood.bench.ts`.
if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ""))) {
  console.log(JSON.stringify(await benchSigninFlood()));
}
