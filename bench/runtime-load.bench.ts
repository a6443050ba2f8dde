import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type JsonClient, jsonClient, runLoad, type Timed } from "./load";
import { round, summarizeLatencies } from "./measure";
import { combineRounds, interleavedRounds, rate, type Side } from "./rounds";
import { freePort, REPO_ROOT, readProcessCpuMs, readProcessMemory, type ServerProcess, spawnPair } from "./server-process";

/**
 * The runtime under load, over HTTP on loopback: many concurrent simulated calls through the
 * support line, then the same number of requests at the same concurrency against a bare Hono
 * route doing one SQLite insert per request (bench/bare-server.ts), then the server's memory with
 * 10,000 sessions waiting at the menu. Both servers are child processes; their memory and CPU
 * are read from /proc. Targets: runtime/bare requests per second at least 0.5; 10,000 waiting
 * sessions under 300 MB RSS. Nothing here is asserted.
 *
 * Env: BENCH_CALLS (calls per side, default 2,500), BENCH_ROUNDS (interleaved runtime/bare rounds they are split into, default 3), BENCH_CONCURRENCY (virtual callers, default 32),
 * BENCH_WAITING (sessions for the memory figure, default 10,000), BENCH_TIME_CAP_S (per phase, default 45),
 * BENCH_CPU_PROF_DIR (when set, both servers run with --cpu-prof and write their profiles there on exit).
 */

const FLOW_ID = "support-line-bench";
const HOST = "127.0.0.1";
const API_KEY = "sb_bench_key_0123456789abcdef";
const WARMUP_CALLS = 300;
/** Requests in one simulated call: start, digits "2", timeout. */
const REQUESTS_PER_CALL = 3;
const STEP_SAMPLE = 20;

function intFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text.trim() === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not ${text}`);
  return value;
}

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {});

/**
 * The support line, open all day every day with no holidays, so the bench takes the same path
 * whatever the time. The menu waits 60 s (the longest allowed) instead of 8 s, so the sessions
 * of the memory figure are still waiting at the menu, not re-prompted by their timers, while
 * they are counted. Everything else is the example as it is.
 */
export function benchSupportLine(): Json {
  const doc = asObject(JSON.parse(readFileSync(join(REPO_ROOT, "examples/support-line.json"), "utf8")));
  const allDay = [{ start: "00:00", end: "24:00" }];
  const days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
  const nodes = (Array.isArray(doc.nodes) ? doc.nodes : []).map((value) => {
    const node = asObject(value);
    const data = asObject(node.data);
    if (node.type === "timing") return { ...node, data: { ...data, schedule: Object.fromEntries(days.map((day) => [day, allDay])), holidays: [] } };
    if (node.type === "menu") return { ...node, data: { ...data, timeoutSeconds: 60 } };
    return node;
  });
  return { ...doc, id: FLOW_ID, name: "Acme support line (bench: always open)", nodes };
}

function describeSide(side: Side, stepsPerCall?: number): string {
  const { load } = side;
  const seconds = load.elapsedMs / 1000;
  const latency = summarizeLatencies(load.latencies);
  const steps = stepsPerCall === undefined ? "" : `, ${round(load.calls * stepsPerCall)} engine steps`;
  const stepRate = stepsPerCall === undefined ? "" : `, ${round((load.calls * stepsPerCall) / seconds, 0)} steps/s`;
  const failed = load.failedCalls > 0 ? ` (${load.failedCalls} failed: ${load.firstError ?? "?"})` : "";
  const capped = load.capped ? " [stopped by the time cap]" : "";
  return (
    `${side.name}: ${load.calls} calls (${load.requests} requests${steps}) in ${round(seconds)} s${failed}${capped}: ` +
    `${round(load.requests / seconds, 0)} requests/s${stepRate}; latency p50 ${round(latency.p50)} ms, p99 ${round(latency.p99)} ms, max ${round(latency.max)} ms; ` +
    `server CPU ${round(side.cpuMs / Math.max(1, load.requests), 3)} ms/request (${round(side.cpuMs / load.elapsedMs, 2)} cores), load generator ${round(side.clientCpuMs / Math.max(1, load.requests), 3)} ms/request`
  );
}

export async function benchRuntimeLoad(): Promise<Record<string, number>> {
  const calls = intFromEnv("BENCH_CALLS", 2_500);
  const concurrency = intFromEnv("BENCH_CONCURRENCY", 32);
  const waitingTarget = intFromEnv("BENCH_WAITING", 10_000);
  const timeCapMs = intFromEnv("BENCH_TIME_CAP_S", 45) * 1000;
  const rounds = intFromEnv("BENCH_ROUNDS", 3);
  const profileDir = process.env.BENCH_CPU_PROF_DIR?.trim();
  const nodeArgs = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];

  const root = mkdtempSync(join(tmpdir(), "switchboard-bench-"));
  const servers: ServerProcess[] = [];
  const clients: JsonClient[] = [];
  try {
    const [runtimePort, barePort] = [await freePort(HOST), await freePort(HOST)];
    mkdirSync(join(root, "runtime"));
    mkdirSync(join(root, "bare"));
    // Both start at once; whichever started is stopped in `finally`, even when the other failed.
    const [runtime, bare] = await spawnPair(
      {
        name: "runtime",
        script: "runtime/main.ts",
        readyPath: "/ready",
        host: HOST,
        port: runtimePort,
        env: { DATA_DIR: join(root, "runtime", "data"), SWITCHBOARD_API_KEY: API_KEY, SEED_EXAMPLES: "1", PUBLIC_URL: `http://${HOST}:${runtimePort}` },
        logFile: join(root, "runtime", "server.log"),
        nodeArgs,
      },
      {
        name: "bare",
        script: "bench/bare-server.ts",
        host: HOST,
        port: barePort,
        env: { BARE_DATA_DIR: join(root, "bare", "data") },
        logFile: join(root, "bare", "server.log"),
        nodeArgs,
      },
      servers,
    );

    const api = jsonClient(runtime.url, { headers: { authorization: `Bearer ${API_KEY}` }, maxSockets: concurrency });
    const bareApi = jsonClient(bare.url, { maxSockets: concurrency });
    clients.push(api, bareApi);
    await api.post("/api/flows", benchSupportLine(), 201);
    await api.post(`/api/flows/${FLOW_ID}/publish`, { note: "bench" }, 201);
    const atStart = readProcessMemory(runtime.pid);

    // One simulated call: menu, press 2 (support), nobody answers, the call ends.
    const sampled: string[] = [];
    const runtimeCall = async (index: number, timed: Timed) => {
      const started = asObject(
        await timed(() =>
          api.post("/api/simulations", { flowId: FLOW_ID, source: "published", channel: "voice", caller: `+1555${String(index).padStart(7, "0")}` }, 201),
        ),
      );
      const id = String(started.sessionId);
      if (started.status !== "waiting" || started.currentNodeId !== "main_menu") throw new Error(`start: expected to wait at main_menu, got ${started.status} at ${String(started.currentNodeId)}`);
      const chosen = asObject(await timed(() => api.post(`/api/simulations/${id}/events`, { type: "digits", digits: "2" }, 200)));
      if (chosen.waitingFor !== "transfer") throw new Error(`digits: expected to wait for a transfer, got ${String(chosen.waitingFor)} at ${String(chosen.currentNodeId)}`);
      const ended = asObject(await timed(() => api.post(`/api/simulations/${id}/events`, { type: "timeout" }, 200)));
      if (ended.status !== "ended") throw new Error(`timeout: expected the call to end, got ${String(ended.status)} at ${String(ended.currentNodeId)}`);
      if (sampled.length < STEP_SAMPLE) sampled.push(id);
    };
    // The same three requests, shaped alike, against the bare route.
    const bareCall = async (index: number, timed: Timed) => {
      const sessionId = `bare-${index}`;
      await timed(() => bareApi.post("/events", { sessionId, flowId: FLOW_ID, source: "published", channel: "voice", caller: `+1555${String(index).padStart(7, "0")}` }, 201));
      await timed(() => bareApi.post("/events", { sessionId, type: "digits", digits: "2" }, 201));
      await timed(() => bareApi.post("/events", { sessionId, type: "timeout" }, 201));
    };

    // Warm-up, not measured: JIT, SQLite caches, keep-alive connections.
    for (const [name, call] of [["runtime", runtimeCall], ["bare", bareCall]] as const) {
      const warm = await runLoad({ calls: WARMUP_CALLS, concurrency, timeCapMs, call });
      if (warm.failedCalls > 0) throw new Error(`${name} warm-up failed: ${warm.firstError ?? "?"}`);
    }
    sampled.length = 0;

    const { ours: runtimeRounds, theirs: bareRounds } = await interleavedRounds(rounds, { server: runtime, calls, call: runtimeCall }, { server: bare, call: bareCall }, { concurrency, timeCapMs });
    const runtimeSide = combineRounds("runtime", runtimeRounds);
    const bareSide = combineRounds("bare", bareRounds);
    const roundRatios = runtimeRounds.map((ours, index) => rate(ours) / rate(bareRounds[index] ?? ours));

    // Engine steps per call, from the stored sessions of a sample.
    const stepCounts = await Promise.all(
      sampled.map(async (id) => {
        const session = asObject(await api.get(`/api/sessions/${id}`));
        if (session.status !== "ended") throw new Error(`session ${id} should have ended, it is ${String(session.status)}`);
        return Number(session.stepCount);
      }),
    );
    if (stepCounts.length === 0) throw new Error("no runtime call completed");
    const stepsPerCall = stepCounts.reduce((total, count) => total + count, 0) / stepCounts.length;

    console.log(describeSide(runtimeSide, stepsPerCall));
    console.log(describeSide(bareSide));
    const runtimeRps = runtimeSide.load.requests / (runtimeSide.load.elapsedMs / 1000);
    const bareRps = bareSide.load.requests / (bareSide.load.elapsedMs / 1000);
    const ratio = runtimeRps / bareRps;
    const cpuRatio = bareSide.cpuMs / Math.max(1, bareSide.load.requests) / (runtimeSide.cpuMs / Math.max(1, runtimeSide.load.requests));
    console.log(
      `runtime/bare ratio (requests per second, ${concurrency} concurrent callers, ${REQUESTS_PER_CALL} requests per call, ${rounds} interleaved rounds): ${round(ratio, 3)} (target >= 0.5; rounds ${roundRatios.map((value) => round(value, 3)).join(", ")}); ` +
        `server CPU per request, bare/runtime: ${round(cpuRatio, 3)}`,
    );

    // Memory: sessions that start and wait at the menu, counted in the server process.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const before = readProcessMemory(runtime.pid);
    let waiting = 0;
    const waitingLoad = await runLoad({
      calls: waitingTarget,
      concurrency,
      timeCapMs: timeCapMs * 2,
      call: async (index, timed) => {
        const started = asObject(
          await timed(() => api.post("/api/simulations", { flowId: FLOW_ID, source: "published", channel: "voice", caller: `+1666${String(index).padStart(7, "0")}` }, 201)),
        );
        if (started.status !== "waiting" || started.currentNodeId !== "main_menu") throw new Error(`expected to wait at main_menu, got ${String(started.status)} at ${String(started.currentNodeId)}`);
        waiting += 1;
      },
    });
    const justAfter = readProcessMemory(runtime.pid);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = readProcessMemory(runtime.pid);
    const listed = asObject(await api.get(`/api/sessions?flowId=${FLOW_ID}&status=waiting&limit=1`));
    const startLatency = summarizeLatencies(waitingLoad.latencies);
    const startRate = waitingLoad.requests / (waitingLoad.elapsedMs / 1000);
    const perSessionKb = waiting > 0 ? ((after.rssMb - before.rssMb) * 1024) / waiting : Number.NaN;
    if (waitingLoad.failedCalls > 0) console.log(`memory: ${waitingLoad.failedCalls} starts failed: ${waitingLoad.firstError ?? "?"}`);
    console.log(
      `memory: runtime RSS ${round(atStart.rssMb, 1)} MB after start, ${round(before.rssMb, 1)} MB after the load, ${round(after.rssMb, 1)} MB with ${waiting} sessions waiting at the menu ` +
        `(${round(justAfter.rssMb, 1)} MB right after the last start; peak VmHWM ${round(after.hwmMb, 1)} MB; ${round(perSessionKb, 2)} KB/session, within GC noise when small) (target < 300 MB)` +
        `${Array.isArray(listed.items) && listed.items.length === 0 ? " — but the sessions API lists none waiting" : ""}`,
    );
    console.log(`memory: ${waiting} starts in ${round(waitingLoad.elapsedMs / 1000)} s: ${round(startRate, 0)} starts/s, p50 ${round(startLatency.p50)} ms, p99 ${round(startLatency.p99)} ms`);

    const runtimeLatency = summarizeLatencies(runtimeSide.load.latencies);
    const bareLatency = summarizeLatencies(bareSide.load.latencies);
    return {
      load_concurrency: concurrency,
      load_calls: runtimeSide.load.calls,
      load_requests: runtimeSide.load.requests,
      runtime_failed_calls: runtimeSide.load.failedCalls,
      runtime_steps_per_call: round(stepsPerCall, 2),
      runtime_rps: round(runtimeRps, 1),
      runtime_steps_per_s: round((runtimeSide.load.calls * stepsPerCall) / (runtimeSide.load.elapsedMs / 1000), 1),
      runtime_p50_ms: round(runtimeLatency.p50),
      runtime_p99_ms: round(runtimeLatency.p99),
      runtime_cpu_ms_per_request: round(runtimeSide.cpuMs / Math.max(1, runtimeSide.load.requests), 3),
      bare_rps: round(bareRps, 1),
      bare_p50_ms: round(bareLatency.p50),
      bare_p99_ms: round(bareLatency.p99),
      bare_cpu_ms_per_request: round(bareSide.cpuMs / Math.max(1, bareSide.load.requests), 3),
      runtime_bare_ratio: round(ratio, 3),
      runtime_bare_ratio_round_min: round(Math.min(...roundRatios), 3),
      runtime_bare_ratio_round_max: round(Math.max(...roundRatios), 3),
      /** Server CPU per request, bare ÷ runtime: less sensitive than requests/s to whatever else the machine runs. */
      runtime_bare_cpu_ratio: round(cpuRatio, 3),
      waiting_sessions: waiting,
      waiting_starts_per_s: round(startRate, 1),
      rss_mb_at_start: round(atStart.rssMb, 1),
      rss_mb_before_waiting: round(before.rssMb, 1),
      rss_mb_10k_waiting: round(after.rssMb, 1),
      rss_hwm_mb: round(after.hwmMb, 1),
      rss_kb_per_waiting_session: round(perSessionKb, 2),
    };
  } catch (error) {
    for (const server of servers) console.error(`--- last lines of the ${server.name} server log:\n${server.tail()}`);
    throw error;
  } finally {
    for (const client of clients) client.close();
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(root, { recursive: true, force: true });
  }
}
