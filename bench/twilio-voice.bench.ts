import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { callParams, newCallSid, TEST_ACCOUNT } from "../runtime/channels/test-support/fake-twilio";
import { twilioPoster, type TwilioPoster } from "./form-client";
import { type JsonClient, jsonClient, runLoad, type Timed } from "./load";
import { round, summarizeLatencies } from "./measure";
import { combineRounds, cpuPerRequest, interleavedRounds, rate, type Side } from "./rounds";
import { benchSupportLine } from "./runtime-load.bench";
import { freePort, type ServerProcess, spawnPair } from "./server-process";

/**
 * A Twilio voice webhook round trip through the runtime, beside the hand-written IVR route a
 * developer would write instead (bench/twilio-ivr-server.ts: the official `twilio` package and one
 * SQLite write per request), in the same run at the same concurrency. One call is three signed
 * webhooks: the incoming call (→ the menu in a <Gather>), the gather callback with a key that is
 * not an option (→ "not an option" and the menu again), and the status callback `completed`.
 * The runtime also stores every webhook in the inbound log, runs the engine and persists every
 * step; the hand-written route writes one row. The sides run in interleaved rounds (runtime,
 * hand-written, BENCH_ROUNDS times). Env: BENCH_TWILIO_CALLS (default 3,000), BENCH_ROUNDS
 * (default 3), BENCH_CONCURRENCY (default 32), BENCH_TIME_CAP_S (default 45), BENCH_CPU_PROF_DIR.
 */

const HOST = "127.0.0.1";
const API_KEY = "sb_bench_key_0123456789abcdef";
const PUBLIC_URL = "https://switchboard.bench.test";
const IVR_PUBLIC_URL = "https://ivr.bench.test";
const WARMUP_CALLS = 200;

function intFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

/** The action URL of the first <Gather> in a TwiML answer. */
function gatherAction(twiml: string): string {
  const action = /<Gather\b[^>]*\baction="([^"]+)"/.exec(twiml)?.[1];
  if (action === undefined) throw new Error(`no <Gather action> in ${twiml.slice(0, 300)}`);
  return action.replaceAll("&amp;", "&");
}

function describe(name: string, side: Side): string {
  const latency = summarizeLatencies(side.load.latencies);
  const seconds = side.load.elapsedMs / 1000;
  const failed = side.load.failedCalls > 0 ? ` (${side.load.failedCalls} failed: ${side.load.firstError ?? "?"})` : "";
  return (
    `${name}: ${side.load.calls} calls (${side.load.requests} webhooks) in ${round(seconds)} s${failed}: ${round(rate(side), 0)} webhooks/s; ` +
    `latency p50 ${round(latency.p50)} ms, p99 ${round(latency.p99)} ms; server CPU ${round(cpuPerRequest(side), 3)} ms/webhook`
  );
}

export async function benchTwilioVoice(): Promise<Record<string, number>> {
  const calls = intFromEnv("BENCH_TWILIO_CALLS", 3_000);
  const concurrency = intFromEnv("BENCH_CONCURRENCY", 32);
  const timeCapMs = intFromEnv("BENCH_TIME_CAP_S", 45) * 1000;
  const rounds = intFromEnv("BENCH_ROUNDS", 3);
  const profileDir = process.env.BENCH_CPU_PROF_DIR?.trim();
  const nodeArgs = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const root = mkdtempSync(join(tmpdir(), "switchboard-twilio-bench-"));
  const servers: ServerProcess[] = [];
  const clients: Array<JsonClient | TwilioPoster> = [];
  try {
    mkdirSync(join(root, "runtime"));
    mkdirSync(join(root, "ivr"));
    const [runtimePort, ivrPort] = [await freePort(HOST), await freePort(HOST)];
    const [runtime, ivr] = await spawnPair(
      {
        name: "runtime",
        script: "runtime/main.ts",
        readyPath: "/ready",
        host: HOST,
        port: runtimePort,
        env: { DATA_DIR: join(root, "runtime", "data"), SWITCHBOARD_API_KEY: API_KEY, SEED_EXAMPLES: "1", PUBLIC_URL, TWILIO_API_BASE_URL: "http://127.0.0.1:9" },
        logFile: join(root, "runtime", "server.log"),
        nodeArgs,
      },
      {
        name: "hand-written",
        script: "bench/twilio-ivr-server.ts",
        host: HOST,
        port: ivrPort,
        env: { IVR_DATA_DIR: join(root, "ivr", "data"), IVR_PUBLIC_URL, IVR_AUTH_TOKEN: TEST_ACCOUNT.authToken },
        logFile: join(root, "ivr", "server.log"),
        nodeArgs,
      },
      servers,
    );

    const api = jsonClient(runtime.url, { headers: { authorization: `Bearer ${API_KEY}` }, maxSockets: 4 });
    clients.push(api);
    const flow = benchSupportLine();
    await api.post("/api/flows", flow, 201);
    await api.post(`/api/flows/${String(flow.id)}/publish`, { note: "bench" }, 201);
    const channel = await api.post("/api/channels", { type: "twilio_voice", name: "Bench line", flowId: flow.id, credentials: TEST_ACCOUNT }, 201);
    const channelId = typeof channel === "object" && channel !== null && "id" in channel ? String(channel.id) : "";
    const voiceUrl = `${PUBLIC_URL}/webhooks/twilio/voice/${channelId}`;

    const ours = twilioPoster({ serverUrl: runtime.url, publicUrl: PUBLIC_URL, authToken: TEST_ACCOUNT.authToken, maxSockets: concurrency });
    const theirs = twilioPoster({ serverUrl: ivr.url, publicUrl: IVR_PUBLIC_URL, authToken: TEST_ACCOUNT.authToken, maxSockets: concurrency });
    clients.push(ours, theirs);

    const runtimeCall = async (_index: number, timed: Timed) => {
      const callSid = newCallSid();
      const menu = await timed(() => ours.post(voiceUrl, callParams(callSid)));
      const again = await timed(() => ours.post(gatherAction(menu), callParams(callSid, { Digits: "9" })));
      if (!again.includes("I didn&apos;t catch that") && !again.includes("I didn't catch that")) throw new Error(`expected the invalid-key prompt, got ${again.slice(0, 300)}`);
      gatherAction(again);
      await timed(() => ours.post(`${voiceUrl}/status`, callParams(callSid, { CallStatus: "completed", CallDuration: "12" })));
    };
    const handWrittenCall = async (_index: number, timed: Timed) => {
      const callSid = newCallSid();
      const menu = await timed(() => theirs.post(`${IVR_PUBLIC_URL}/voice`, callParams(callSid)));
      const again = await timed(() => theirs.post(gatherAction(menu), callParams(callSid, { Digits: "9" })));
      gatherAction(again);
      await timed(() => theirs.post(`${IVR_PUBLIC_URL}/voice/status`, callParams(callSid, { CallStatus: "completed", CallDuration: "12" })));
    };

    for (const [name, call] of [["runtime", runtimeCall], ["hand-written", handWrittenCall]] as const) {
      const warm = await runLoad({ calls: WARMUP_CALLS, concurrency, timeCapMs, call });
      if (warm.failedCalls > 0) throw new Error(`${name} warm-up failed: ${warm.firstError ?? "?"}`);
    }
    const measured = await interleavedRounds(rounds, { server: runtime, calls, call: runtimeCall }, { server: ivr, call: handWrittenCall }, { concurrency, timeCapMs });
    const ourSide = combineRounds("runtime", measured.ours);
    const theirSide = combineRounds("hand-written", measured.theirs);
    const roundRatios = measured.ours.map((ours, index) => rate(ours) / rate(measured.theirs[index] ?? ours));
    console.log(describe("twilio voice, runtime (engine, inbound log, every step persisted)", ourSide));
    console.log(describe("twilio voice, hand-written route (twilio package + one SQLite row)", theirSide));

    const ratio = rate(ourSide) / rate(theirSide);
    // Engine steps per call, from stored sessions of the channel (each ended with its call).
    const listed = z.object({ items: z.array(z.object({ id: z.string(), stepCount: z.number() })) }).parse(await api.get(`/api/sessions?channelId=${channelId}&status=ended&limit=50`));
    const stepsPerCall = listed.items.reduce((total, item) => total + item.stepCount, 0) / Math.max(1, listed.items.length);
    const stepsPerWebhook = stepsPerCall / 3;
    // The target is per step: each webhook of the hand-written route is one IVR step with one row;
    // the runtime's webhooks run 5/3 engine steps each on average (greeting and menu are two), each persisted.
    const stepRatio = (rate(ourSide) * stepsPerWebhook) / rate(theirSide);
    const stepCpuRatio = cpuPerRequest(theirSide) / (cpuPerRequest(ourSide) / stepsPerWebhook);
    console.log(
      `twilio voice runtime/hand-written per step: ${round(stepRatio, 3)} (target >= 1; ${round(rate(ourSide) * stepsPerWebhook, 0)} engine steps/s, each persisted, vs ${round(rate(theirSide), 0)} hand-written answers/s); ` +
        `server CPU per step, hand-written/runtime: ${round(stepCpuRatio, 3)} (${round(cpuPerRequest(ourSide) / stepsPerWebhook, 3)} vs ${round(cpuPerRequest(theirSide), 3)} ms)`,
    );
    console.log(
      `twilio voice runtime/hand-written per webhook: ${round(ratio, 3)} (${rounds} interleaved rounds: ${roundRatios.map((value) => round(value, 3)).join(", ")}); server CPU per webhook, hand-written/runtime: ${round(cpuPerRequest(theirSide) / cpuPerRequest(ourSide), 3)}`,
    );
    const ourLatency = summarizeLatencies(ourSide.load.latencies);
    const theirLatency = summarizeLatencies(theirSide.load.latencies);
    return {
      twilio_calls: ourSide.load.calls,
      twilio_runtime_failed_calls: ourSide.load.failedCalls,
      twilio_runtime_webhooks_per_s: round(rate(ourSide), 1),
      twilio_runtime_p50_ms: round(ourLatency.p50),
      twilio_runtime_p99_ms: round(ourLatency.p99),
      twilio_runtime_cpu_ms_per_webhook: round(cpuPerRequest(ourSide), 3),
      twilio_handwritten_webhooks_per_s: round(rate(theirSide), 1),
      twilio_handwritten_p50_ms: round(theirLatency.p50),
      twilio_handwritten_p99_ms: round(theirLatency.p99),
      twilio_handwritten_cpu_ms_per_webhook: round(cpuPerRequest(theirSide), 3),
      twilio_runtime_handwritten_ratio: round(ratio, 3),
      twilio_runtime_handwritten_ratio_round_min: round(Math.min(...roundRatios), 3),
      twilio_runtime_handwritten_step_ratio: round(stepRatio, 3),
      twilio_handwritten_runtime_step_cpu_ratio: round(stepCpuRatio, 3),
      twilio_runtime_steps_per_call: round(stepsPerCall, 2),
      twilio_runtime_steps_per_s: round(rate(ourSide) * stepsPerWebhook, 1),
      twilio_runtime_cpu_ms_per_step: round(cpuPerRequest(ourSide) / stepsPerWebhook, 3),
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
