import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { z } from "zod";
import { freeSipPort } from "../runtime/channels/sip-trunk/test-support/sipp";
import { MediaStats } from "../runtime/media/process/media-protocol";
import { type JsonClient, jsonClient } from "./load";
import { type MachineWindow, machineWindow, readMachineCounters } from "./machine-counters";
import { round, summarizeLatencies } from "./measure";
import { freePort, readProcessCpuMs, readProcessMemory, readRunQueueWaitMs, type ServerProcess, spawnServer } from "./server-process";
import { SIP_LINE_FLOW_ID, sipLineFlow } from "./sip-line-flow";
import { type CarrierResult, startCarrier, statNumber, statTimeMs, type SippStatRow } from "./sipp-carrier";
import { readUdpSocketDrops, udpDropsBetween } from "./udp-socket-drops";

/**
 * SIP calls through a trunk, end to end (issue 14): the runtime in its own process
 * (bench/sip-server.ts: runtime/main.ts plus a stats port), a `sip_trunk` channel whose flow greets,
 * asks a menu question, and on the key says goodbye and hangs up (bench/sip-line-flow.ts: three
 * espeak-ng prompts); Debian's sipp as the carrier (bench/sipp-carrier.ts) placing calls at a fixed
 * rate: INVITE (PCMU), ACK, listens BENCH_SIP_HOLD_S, presses 1 (RFC 2833 from Debian's pcap),
 * waits for our BYE. By default sipp echoes every RTP packet it gets (`-rtp_echo`), so each call
 * also carries the caller's 50 packets/s into the media process, as a phone does.
 * Warm-up: 3 calls (the media process starts, the prompts are synthesised once). Then a ramp of
 * steps (BENCH_SIP_STEPS, default 50,100,200 calls at once): sipp offers 1.05 × `target` calls per
 * call length with `-l target`, so concurrency climbs to the target and holds; after one call length a
 * BENCH_SIP_WINDOW_S window measures: calls/s offered and completed (sipp's counters), concurrent
 * calls (our call rows: average in the window, peak over the step), INVITE → 200 OK of the calls
 * answered in the window (sipp's response time, whole ms), CPU of the runtime and its media process
 * (/proc/<pid>/stat, % of one core) per concurrent call, the media frame clock's lateness, the
 * runtime's event-loop lag, RSS, the machine. Failed calls: sipp's (timeouts, unexpected messages…)
 * and, after the step, our call rows that did not end with the flow's hang-up and sessions that did
 * not take option 1. SIP_REQUESTS_PER_MINUTE is 0 (no rate limit): every call comes from 127.0.0.1.
 * Targets: 200 concurrent G.711 calls with prompts, no failed call, p99 INVITE → 200 < 50 ms.
 * Env: BENCH_SIP_STEPS, BENCH_SIP_HOLD_S (5), BENCH_SIP_WINDOW_S (20), BENCH_SIP_CALLER_AUDIO (1;
 * 0: sipp sends only the key), BENCH_CPU_PROF_DIR (the runtime process writes a CPU profile there).
 */

const HOST = "127.0.0.1";
const API_KEY = "sb_bench_key_0123456789abcdef";
const NUMBER = "+15550100200";
const TARGET_P99_MS = 50;
const TARGET_CALLS = 200;
/** The frame clock's targets (as in bench/media-plane.bench.ts). */
const CLOCK_P99_MS = 10;
const CLOCK_MAX_MS = 40;
const WARMUP_CALLS = 3;
/** sipp offers this much more than `target` calls per call length, so that `-l target` holds the plateau at the target. */
const OFFER_MARGIN = 1.05;

function intFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

function stepsFromEnv(): number[] {
  const text = process.env.BENCH_SIP_STEPS?.trim() || "50,100,200";
  const steps = text.split(",").map((part) => Number(part.trim()));
  if (steps.some((step) => !Number.isInteger(step) || step < 1)) throw new Error("BENCH_SIP_STEPS must be positive integers separated by commas, e.g. 50,100,200");
  return steps;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const ServerStats = z.object({
  media: MediaStats.nullable(),
  mediaPid: z.number().nullable(),
  eventLoop: z.object({ p50Ms: z.number(), p99Ms: z.number(), maxMs: z.number() }),
  /** The media process's answers to `leg.rtp` (part of INVITE → 200). */
  legRtp: z.object({ count: z.number(), p50Ms: z.number(), p99Ms: z.number(), maxMs: z.number() }),
  sip: z.object({
    transport: z.record(z.string(), z.number()).nullable(),
    inbound: z.object({ answered: z.number(), forbidden: z.number(), notFound: z.number(), notAcceptable: z.number(), unavailable: z.number(), cancelled: z.number() }).nullable(),
    dialogs: z.number(),
  }),
});
type ServerStats = z.infer<typeof ServerStats>;

async function serverStats(port: number, reset = false): Promise<ServerStats> {
  const response = await fetch(`http://${HOST}:${port}/stats${reset ? "?reset=1" : ""}`, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`stats: ${response.status} ${await response.text()}`);
  return ServerStats.parse(await response.json());
}

const CallRow = z.object({ created_at: z.number(), answered_at: z.number().nullable(), ended_at: z.number().nullable(), end_reason: z.string().nullable(), hung_up_by: z.string().nullable(), session_id: z.string().nullable() });
type CallRow = z.infer<typeof CallRow>;

/** The runtime's database, read-only from here (WAL: readers do not block its writes). */
class CallRows {
  private readonly db: BetterSqlite3.Database;
  constructor(path: string) {
    this.db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  }
  between(fromMs: number, toMs: number): CallRow[] {
    return z.array(CallRow).parse(this.db.prepare("SELECT created_at, answered_at, ended_at, end_reason, hung_up_by, session_id FROM calls WHERE created_at >= ? AND created_at < ? ORDER BY created_at").all(fromMs, toMs));
  }
  live(): number {
    return z.object({ n: z.number() }).parse(this.db.prepare("SELECT count(*) AS n FROM calls WHERE state <> 'ended'").get()).n;
  }
  /** Sessions of these calls whose menu took key 1 (the flow heard the caller's RFC 2833 digit). */
  tookOption1(fromMs: number, toMs: number): Set<string> {
    const sql = "SELECT DISTINCT s.session_id AS id FROM calls c JOIN session_steps s ON s.session_id = c.session_id WHERE c.created_at >= ? AND c.created_at < ? AND s.node_id = 'main' AND s.outcome = 'option:1'";
    return new Set(z.array(z.object({ id: z.string() })).parse(this.db.prepare(sql).all(fromMs, toMs)).map((row) => row.id));
  }
  close(): void {
    this.db.close();
  }
}

/** Most calls live at once among `rows` (a call lives from its INVITE to its end). */
function peakConcurrent(rows: readonly CallRow[], untilMs: number): number {
  const events: [number, number][] = [];
  for (const row of rows) events.push([row.created_at, 1], [row.ended_at ?? untilMs, -1]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let live = 0;
  let peak = 0;
  for (const [, change] of events) {
    live += change;
    peak = Math.max(peak, live);
  }
  return peak;
}

/** Average calls live over [from, to]: call-milliseconds inside the window ÷ its length. */
function averageConcurrent(rows: readonly CallRow[], fromMs: number, toMs: number): number {
  let callMs = 0;
  for (const row of rows) callMs += Math.max(0, Math.min(row.ended_at ?? toMs, toMs) - Math.max(row.created_at, fromMs));
  return callMs / (toMs - fromMs);
}

/** sipp's `HH:MM:SS:micros` as ms. */
function sippDurationMs(text: string | undefined): number {
  const [h = 0, m = 0, s = 0, micros = 0] = (text ?? "").split(":").map(Number);
  return ((h * 60 + m) * 60 + s) * 1000 + micros / 1000;
}

/** The last statistics row written at or before `atMs`. */
function rowAt(stats: readonly SippStatRow[], atMs: number): SippStatRow | undefined {
  let found: SippStatRow | undefined;
  for (const row of stats) if (statTimeMs(row, "CurrentTime") <= atMs) found = row;
  return found;
}

/** sipp's failure counters that are not zero, e.g. `FailedTimeoutOnRecv 3`. */
function sippFailures(row: SippStatRow | undefined): string[] {
  return Object.keys(row ?? {})
    .filter((name) => name.startsWith("Failed") && name.endsWith("(C)") && name !== "FailedCall(C)" && statNumber(row, name) > 0)
    .map((name) => `${name.replace("(C)", "")} ${statNumber(row, name)}`);
}

/** How many prompt renditions the TTS cache holds and when the newest was written (a render after the warm-up would move it). */
function ttsCache(dataDir: string): { files: number; newestMs: number } {
  const folder = join(dataDir, "tts-cache");
  let files = 0;
  let newestMs = 0;
  try {
    for (const name of readdirSync(folder)) {
      if (!name.endsWith(".wav") && !name.endsWith(".ogg")) continue;
      files += 1;
      newestMs = Math.max(newestMs, statSync(join(folder, name)).mtimeMs);
    }
  } catch {
    // no cache folder yet
  }
  return { files, newestMs };
}

function describeCarrier(result: CarrierResult): string {
  const last = result.stats.at(-1);
  return `sipp exit ${result.code}${result.timedOut ? " (killed at its timeout)" : ""}: ${statNumber(last, "SuccessfulCall(C)")} successful, ${statNumber(last, "FailedCall(C)")} failed ${sippFailures(last).join(", ")}\n${result.command}\n${result.errors}`;
}

interface Step {
  target: number;
  offeredCps: number;
  completedCps: number;
  peak: number;
  sippPeak: number;
  average: number;
  latency: ReturnType<typeof summarizeLatencies>;
  stepLatency: ReturnType<typeof summarizeLatencies>;
  sippFailed: number;
  sippFailures: string[];
  retransmissions: number;
  calls: number;
  unexpectedEnds: Record<string, number>;
  unexpected: number;
  missedKey: number;
  refused: number;
  /** The SIP endpoint's refusal counters over the step (403 forbidden, 404 notFound, 488 notAcceptable, 503 unavailable, CANCEL). */
  refusedBy: string[];
  runtimeCpuPct: number;
  mediaCpuPct: number;
  sippCpuPct: number;
  /** Share of the window each process's main thread spent runnable but waiting for a core (other work had it), %. */
  runtimeWaitPct: number;
  mediaWaitPct: number;
  /** Datagrams the kernel dropped on each process's UDP sockets in the window (full receive buffers). */
  udpDrops: { runtime: number; media: number; sipp: number };
  runtimeCpuMsPerCall: number;
  clock: MediaStats["clock"];
  eventLoop: ServerStats["eventLoop"];
  legRtp: ServerStats["legRtp"];
  runtimeRssMb: number;
  mediaRssMb: number;
  machine: MachineWindow;
  failed: number;
}

const met = (step: Step) =>
  step.failed === 0 && step.latency.p99 < TARGET_P99_MS && step.peak >= step.target * 0.95 && step.clock.p99Ms < CLOCK_P99_MS && step.clock.maxMs <= CLOCK_MAX_MS && step.clock.skippedFrames === 0;

function stepLines(step: Step): string[] {
  const perCall = (step.runtimeCpuPct + step.mediaCpuPct) / Math.max(1, step.average);
  const others = Math.max(0, step.machine.busyPct * step.machine.cores - step.runtimeCpuPct - step.mediaCpuPct - step.sippCpuPct);
  const ends = Object.entries(step.unexpectedEnds).map(([reason, count]) => `${reason} ${count}`);
  return [
    `sip calls: ${step.target} at once: ${step.calls} calls, offered ${round(step.offeredCps, 1)}/s, completed ${round(step.completedCps, 1)}/s in the window; ` +
      `concurrent: ${round(step.average, 1)} on average in the window, peak ${step.peak} (sipp saw ${step.sippPeak}); ` +
      `INVITE → 200 p50 ${round(step.latency.p50)} ms, p99 ${round(step.latency.p99)} ms, max ${round(step.latency.max)} ms (${step.latency.count} calls in the window; whole step p99 ${round(step.stepLatency.p99)} ms, max ${round(step.stepLatency.max)} ms), ` +
      `of which the media process's leg.rtp answer p50 ${round(step.legRtp.p50Ms)} ms, p99 ${round(step.legRtp.p99Ms)} ms, max ${round(step.legRtp.maxMs)} ms; ` +
      `failed ${step.failed} (sipp ${step.sippFailed}${step.sippFailures.length > 0 ? `: ${step.sippFailures.join(", ")}` : ""}; our rows not ended by the flow ${step.unexpected}${ends.length > 0 ? `: ${ends.join(", ")}` : ""}; sessions without key 1 ${step.missedKey}; INVITEs refused ${step.refused}${step.refusedBy.length > 0 ? `: ${step.refusedBy.join(", ")}` : ""}); ` +
      `INVITE/BYE retransmissions ${step.retransmissions}; ${met(step) ? "targets met" : "targets missed"}`,
    `sip calls: ${step.target} at once: CPU runtime ${round(step.runtimeCpuPct, 1)} % of a core (${round(step.runtimeCpuMsPerCall, 2)} ms per call), media ${round(step.mediaCpuPct, 1)} %: ` +
      `${round(perCall, 3)} % of a core per concurrent call (media ${round(step.mediaCpuPct / Math.max(1, step.average), 3)} %); sipp ${round(step.sippCpuPct, 1)} %; ` +
      `frame clock p50 ${round(step.clock.p50Ms)} ms, p99 ${round(step.clock.p99Ms)} ms, max ${round(step.clock.maxMs)} ms, ${step.clock.skippedFrames} skipped; ` +
      `runtime event-loop lag p50 ${round(step.eventLoop.p50Ms)} ms, p99 ${round(step.eventLoop.p99Ms)} ms, max ${round(step.eventLoop.maxMs)} ms; RSS runtime ${round(step.runtimeRssMb, 0)} MB, media ${round(step.mediaRssMb, 0)} MB; ` +
      `machine ${round(step.machine.busyPct, 0)} % busy of ${step.machine.cores} cores (others ${round(others, 0)} % of a core), load ${round(step.machine.load1, 1)}; ` +
      `waiting for a core: runtime ${round(step.runtimeWaitPct, 1)} %, media ${round(step.mediaWaitPct, 1)} % of the window; ` +
      `UDP datagrams dropped on the sockets of the runtime ${step.udpDrops.runtime}, media ${step.udpDrops.media}, sipp ${step.udpDrops.sipp} (machine ${step.machine.udpDropped})`,
    ...(met(step) ? [] : [`sip calls: ${step.target} at once: ${missedBecause(step)}`]),
  ];
}

/** Which targets a step missed and what the window's counters say about why. */
function missedBecause(step: Step): string {
  const missed: string[] = [];
  if (step.failed > 0) missed.push(`${step.failed} failed calls`);
  if (step.latency.p99 >= TARGET_P99_MS) missed.push(`INVITE → 200 p99 ${round(step.latency.p99)} ms`);
  if (step.peak < step.target * 0.95) missed.push(`only ${step.peak} calls at once`);
  if (step.clock.p99Ms >= CLOCK_P99_MS || step.clock.maxMs > CLOCK_MAX_MS || step.clock.skippedFrames > 0) {
    missed.push(`frame clock p99 ${round(step.clock.p99Ms)} ms / max ${round(step.clock.maxMs)} ms / ${step.clock.skippedFrames} skipped`);
  }
  const others = Math.max(0, step.machine.busyPct * step.machine.cores - step.runtimeCpuPct - step.mediaCpuPct - step.sippCpuPct);
  const causes: string[] = [];
  if (step.mediaCpuPct >= 90) causes.push("the media process's CPU (its one JavaScript thread is saturated)");
  if (step.runtimeCpuPct >= 90) causes.push("the runtime's CPU (its one JavaScript thread is saturated)");
  if (step.sippCpuPct >= 90) causes.push("sipp's CPU (the load generator)");
  if (step.udpDrops.media + step.udpDrops.runtime > 0) causes.push("full UDP receive buffers on our sockets");
  if (step.machine.busyPct >= 80 && others > step.runtimeCpuPct + step.mediaCpuPct + step.sippCpuPct) {
    causes.push(`other processes on the machine (${round(others, 0)} % of a core against our ${round(step.runtimeCpuPct + step.mediaCpuPct + step.sippCpuPct, 0)} %; our threads waited for a core ${round(step.runtimeWaitPct, 1)} % / ${round(step.mediaWaitPct, 1)} % of the time)`);
  }
  if (causes.length === 0) causes.push("nothing the window's counters show (a moment of contention, a pause of our own)");
  return `missed: ${missed.join(", ")}; short of: ${causes.join(", ")}`;
}

/**
 * What would run out first, extrapolated linearly from the largest step at the same call length
 * (the runtime's work follows calls per second, the media process's calls at once: with a fixed
 * length both grow with concurrency): each process's CPU (one core each: each is one JavaScript
 * thread), and the machine's cores were our three processes alone on it.
 */
function limitLine(step: Step): string {
  const reach = (pct: number) => (pct > 0 ? Math.floor((step.average * 100) / pct) : Number.POSITIVE_INFINITY);
  const candidates: [string, number][] = [
    ["the media process's CPU (one core)", reach(step.mediaCpuPct)],
    ["the runtime's CPU (one core: SIP, engine steps, SQLite)", reach(step.runtimeCpuPct)],
    [`the machine's ${step.machine.cores} cores (runtime, media process and sipp alone on it)`, reach((step.runtimeCpuPct + step.mediaCpuPct + step.sippCpuPct) / step.machine.cores)],
  ];
  candidates.sort((a, b) => a[1] - b[1]);
  const [first] = candidates;
  return (
    `sip calls: at ${round(step.average, 0)} calls (${round(step.completedCps, 1)} calls/s) each would saturate at about: ${candidates.map(([name, calls]) => `${name} ${calls} calls`).join("; ")}. ` +
    `What sets the limit: ${first?.[0] ?? "?"}`
  );
}

export async function benchSipCalls(): Promise<Record<string, number>> {
  const steps = stepsFromEnv();
  const holdMs = intFromEnv("BENCH_SIP_HOLD_S", 5) * 1000;
  const windowMs = intFromEnv("BENCH_SIP_WINDOW_S", 20) * 1000;
  const echo = (process.env.BENCH_SIP_CALLER_AUDIO ?? "1").trim() !== "0";
  const profileDir = process.env.BENCH_CPU_PROF_DIR?.trim();
  const root = mkdtempSync(join(tmpdir(), "switchboard-sip-bench-"));
  const dataDir = join(root, "data");
  let server: ServerProcess | undefined;
  let api: JsonClient | undefined;
  let rows: CallRows | undefined;
  const results: Record<string, number> = {};
  try {
    const [httpPort, statsPort, sipPort] = [await freePort(HOST), await freePort(HOST), await freeSipPort()];
    server = await spawnServer({
      name: "runtime",
      script: "bench/sip-server.ts",
      readyPath: "/ready",
      host: HOST,
      port: httpPort,
      env: {
        DATA_DIR: dataDir,
        SWITCHBOARD_API_KEY: API_KEY,
        SEED_EXAMPLES: "0",
        SIP_HOST: HOST,
        SIP_PORT: String(sipPort),
        // Every call comes from sipp on 127.0.0.1: the per-address limit (600/min) would answer 503.
        SIP_REQUESTS_PER_MINUTE: "0",
        MEDIA_BIND_ADDRESS: HOST,
        BENCH_STATS_PORT: String(statsPort),
      },
      logFile: join(root, "server.log"),
      ...(profileDir ? { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] } : {}),
    });
    const runtime = server;
    api = jsonClient(runtime.url, { headers: { authorization: `Bearer ${API_KEY}` }, maxSockets: 2 });
    await api.post("/api/flows", sipLineFlow(), 201);
    await api.post(`/api/flows/${SIP_LINE_FLOW_ID}/publish`, { note: "bench" }, 201);
    await api.post(
      "/api/channels",
      {
        type: "sip_trunk",
        name: "Bench carrier",
        flowId: SIP_LINE_FLOW_ID,
        settings: { domain: HOST, inboundAddresses: [HOST], numbers: [NUMBER], transport: "udp", optionsKeepalive: false },
      },
      201,
    );
    const listening = performance.now() + 10_000;
    while ((await serverStats(statsPort)).sip.transport === null) {
      if (performance.now() > listening) throw new Error("the SIP endpoint did not start");
      await sleep(100);
    }
    rows = new CallRows(join(dataDir, "switchboard.db"));
    const callRows = rows;
    const remote = `${HOST}:${sipPort}`;
    const waitForNoLiveCalls = async (ms: number) => {
      const deadline = performance.now() + ms;
      while (callRows.live() > 0 && performance.now() < deadline) await sleep(200);
    };

    // Warm-up: the media process starts with the first call, the prompts are synthesised once.
    const ttsBefore = ttsCache(dataDir);
    const warmStarted = Date.now();
    const warm = await (
      await startCarrier({ remote, service: NUMBER, calls: WARMUP_CALLS, rate: { calls: 1, periodMs: 1000 }, limit: WARMUP_CALLS, holdMs, echo, timeoutMs: holdMs + 60_000 })
    ).result;
    await waitForNoLiveCalls(10_000);
    const warmRows = callRows.between(warmStarted, Date.now());
    if (statNumber(warm.stats.at(-1), "SuccessfulCall(C)") !== WARMUP_CALLS) throw new Error(`the warm-up calls failed: ${describeCarrier(warm)}`);
    const ttsAfterWarmup = ttsCache(dataDir);
    const callLengthMs = Math.ceil(sippDurationMs(warm.stats.at(-1)?.["CallLength(C)"]));
    const [first, ...others] = warm.responseTimes;
    const stats0 = await serverStats(statsPort);
    const mediaPid = stats0.mediaPid;
    if (mediaPid === null) throw new Error("the media process is not running after the warm-up calls");
    console.log(
      `sip calls: warm-up: ${WARMUP_CALLS} calls, each ${round(callLengthMs / 1000, 1)} s long (sipp's INVITE to its last message; ${holdMs / 1000} s listening before the key); ` +
        `INVITE → 200 of the first call ${first?.ms ?? "?"} ms (the media process starts), then ${others.map((time) => time.ms).join(", ")} ms; ` +
        `prompts synthesised: ${(ttsAfterWarmup.files - ttsBefore.files) / 2} (${ttsAfterWarmup.files / 2} in the TTS cache); ended ${warmRows.map((row) => `${row.hung_up_by}/${row.end_reason}`).join(", ")}; ` +
        `caller audio ${echo ? "on (sipp echoes our RTP)" : "off"}; SIP_REQUESTS_PER_MINUTE=0`,
    );
    Object.assign(results, { sip_first_call_invite_200_ms: first?.ms ?? -1, sip_call_length_ms: callLengthMs });

    const done: Step[] = [];
    for (const target of steps) {
      // 1.05 × `target` calls per call length: concurrency climbs to the target within one call length and holds (Little's law); `-l` caps it.
      const perSecond = (target * 1000) / callLengthMs;
      const calls = Math.ceil((perSecond * (callLengthMs + windowMs + 2000)) / 1000);
      const inbound0 = (await serverStats(statsPort)).sip.inbound;
      const stepStarted = Date.now();
      const carrier = await startCarrier({
        remote,
        service: NUMBER,
        calls,
        rate: { calls: Math.round(target * OFFER_MARGIN), periodMs: callLengthMs },
        limit: target,
        holdMs,
        echo,
        timeoutMs: 2 * (callLengthMs + windowMs) + 60_000,
      });
      await sleep(callLengthMs);
      await serverStats(statsPort, true);
      const cpu0 = { runtime: readProcessCpuMs(runtime.pid), media: readProcessCpuMs(mediaPid), sipp: readProcessCpuMs(carrier.pid) };
      const wait0 = { runtime: readRunQueueWaitMs(runtime.pid), media: readRunQueueWaitMs(mediaPid) };
      const drops0 = { runtime: readUdpSocketDrops(runtime.pid), media: readUdpSocketDrops(mediaPid), sipp: readUdpSocketDrops(carrier.pid) };
      const machine0 = readMachineCounters();
      const t0 = Date.now();
      await sleep(windowMs);
      const t1 = Date.now();
      const inside = await serverStats(statsPort);
      const cpu1 = { runtime: readProcessCpuMs(runtime.pid), media: readProcessCpuMs(mediaPid), sipp: readProcessCpuMs(carrier.pid) };
      const wait1 = { runtime: readRunQueueWaitMs(runtime.pid), media: readRunQueueWaitMs(mediaPid) };
      const udpDrops = {
        runtime: udpDropsBetween(drops0.runtime, readUdpSocketDrops(runtime.pid)),
        media: udpDropsBetween(drops0.media, readUdpSocketDrops(mediaPid)),
        sipp: udpDropsBetween(drops0.sipp, readUdpSocketDrops(carrier.pid)),
      };
      const machine = machineWindow(machine0, readMachineCounters(), cpus().length);
      const runtimeMemory = readProcessMemory(runtime.pid);
      const result = await carrier.result;
      await waitForNoLiveCalls(30_000);
      const stepEnded = Date.now();
      const stepRows = callRows.between(stepStarted, stepEnded);
      const inbound1 = (await serverStats(statsPort)).sip.inbound;
      const refusedBy = (["forbidden", "notFound", "notAcceptable", "unavailable", "cancelled"] as const)
        .map((name) => ({ name, count: (inbound1?.[name] ?? 0) - (inbound0?.[name] ?? 0) }))
        .filter(({ count }) => count > 0)
        .map(({ name, count }) => `${name} ${count}`);
      const last = result.stats.at(-1);
      const [from, to] = [rowAt(result.stats, t0), rowAt(result.stats, t1)];
      const spanS = (statTimeMs(to, "CurrentTime") - statTimeMs(from, "CurrentTime")) / 1000;
      // Ours: a call failed when its row did not end with the flow's hang-up, or its session never took key 1.
      const unexpectedEnds: Record<string, number> = {};
      const tookKey = callRows.tookOption1(stepStarted, stepEnded);
      let oursFailed = 0;
      for (const row of stepRows) {
        const endedByFlow = row.end_reason === "hangup_node" && row.hung_up_by === "system";
        if (!endedByFlow) {
          const key = `${row.hung_up_by ?? "?"}/${row.end_reason ?? "not ended"}`;
          unexpectedEnds[key] = (unexpectedEnds[key] ?? 0) + 1;
        }
        if (!endedByFlow || row.session_id === null || !tookKey.has(row.session_id)) oursFailed += 1;
      }
      const unexpected = Object.values(unexpectedEnds).reduce((sum, count) => sum + count, 0);
      const missedKey = stepRows.filter((row) => row.session_id === null || !tookKey.has(row.session_id)).length;
      // INVITEs that left no row: refused (403/404/488/503) or never answered.
      const refused = Math.max(0, statNumber(last, "TotalCallCreated") - stepRows.length);
      // sipp's failed calls, and any still running when it was killed.
      const sippFailed = statNumber(last, "FailedCall(C)") + (result.code === 0 ? 0 : statNumber(last, "TotalCallCreated") - statNumber(last, "SuccessfulCall(C)") - statNumber(last, "FailedCall(C)"));
      const windowCalls = stepRows.filter((row) => row.ended_at !== null && row.ended_at >= t0 && row.ended_at < t1).length;
      const step: Step = {
        target,
        offeredCps: spanS > 0 ? (statNumber(to, "TotalCallCreated") - statNumber(from, "TotalCallCreated")) / spanS : 0,
        completedCps: spanS > 0 ? (statNumber(to, "SuccessfulCall(C)") - statNumber(from, "SuccessfulCall(C)")) / spanS : 0,
        peak: peakConcurrent(stepRows, stepEnded),
        sippPeak: Math.max(0, ...result.stats.map((row) => statNumber(row, "CurrentCall"))),
        average: averageConcurrent(stepRows, t0, t1),
        latency: summarizeLatencies(result.responseTimes.filter((time) => time.atMs >= t0 && time.atMs < t1).map((time) => time.ms)),
        stepLatency: summarizeLatencies(result.responseTimes.map((time) => time.ms)),
        sippFailed,
        sippFailures: sippFailures(last),
        retransmissions: statNumber(last, "Retransmissions(C)"),
        calls: stepRows.length,
        unexpectedEnds,
        unexpected,
        missedKey,
        refused,
        refusedBy,
        runtimeCpuPct: ((cpu1.runtime - cpu0.runtime) / (t1 - t0)) * 100,
        mediaCpuPct: ((cpu1.media - cpu0.media) / (t1 - t0)) * 100,
        sippCpuPct: ((cpu1.sipp - cpu0.sipp) / (t1 - t0)) * 100,
        runtimeWaitPct: ((wait1.runtime - wait0.runtime) / (t1 - t0)) * 100,
        mediaWaitPct: ((wait1.media - wait0.media) / (t1 - t0)) * 100,
        udpDrops,
        runtimeCpuMsPerCall: (cpu1.runtime - cpu0.runtime) / Math.max(1, windowCalls),
        clock: inside.media?.clock ?? { ticks: 0, p50Ms: Number.NaN, p99Ms: Number.NaN, maxMs: Number.NaN, skippedFrames: 0 },
        eventLoop: inside.eventLoop,
        legRtp: inside.legRtp,
        runtimeRssMb: runtimeMemory.rssMb,
        mediaRssMb: (inside.media?.rssBytes ?? 0) / 2 ** 20,
        machine,
        failed: Math.max(sippFailed, oursFailed + refused),
      };
      done.push(step);
      for (const line of stepLines(step)) console.log(line);
      if (step.failed > 0 && result.errors !== "") console.log(`sip calls: ${target} at once: sipp's errors:\n${result.errors.split("\n").slice(0, 12).join("\n")}`);
      const key = `sip_c${target}`;
      Object.assign(results, {
        [`${key}_offered_cps`]: round(step.offeredCps, 2),
        [`${key}_completed_cps`]: round(step.completedCps, 2),
        [`${key}_avg_concurrent`]: round(step.average, 1),
        [`${key}_peak_concurrent`]: step.peak,
        [`${key}_invite_200_p50_ms`]: round(step.latency.p50),
        [`${key}_invite_200_p99_ms`]: round(step.latency.p99),
        [`${key}_invite_200_max_ms`]: round(step.stepLatency.max),
        [`${key}_leg_rtp_p99_ms`]: round(step.legRtp.p99Ms),
        [`${key}_failed_calls`]: step.failed,
        [`${key}_retransmissions`]: step.retransmissions,
        [`${key}_cpu_per_call_pct`]: round((step.runtimeCpuPct + step.mediaCpuPct) / Math.max(1, step.average), 3),
        [`${key}_media_cpu_pct`]: round(step.mediaCpuPct, 1),
        [`${key}_runtime_cpu_pct`]: round(step.runtimeCpuPct, 1),
        [`${key}_runtime_cpu_ms_per_call`]: round(step.runtimeCpuMsPerCall, 2),
        [`${key}_clock_p99_ms`]: round(step.clock.p99Ms),
        [`${key}_clock_max_ms`]: round(step.clock.maxMs),
        [`${key}_skipped_frames`]: step.clock.skippedFrames,
        [`${key}_event_loop_p99_ms`]: round(step.eventLoop.p99Ms),
        [`${key}_runtime_rss_mb`]: round(step.runtimeRssMb, 0),
        [`${key}_media_rss_mb`]: round(step.mediaRssMb, 0),
        [`${key}_machine_busy_pct`]: round(step.machine.busyPct, 0),
        [`${key}_media_wait_pct`]: round(step.mediaWaitPct, 1),
        [`${key}_udp_dropped_ours`]: step.udpDrops.runtime + step.udpDrops.media,
      });
      // A step where most calls failed says all there is: larger ones would only fail more.
      if (step.failed > step.calls / 2) {
        console.log(`sip calls: stopping the ramp at ${target}: ${step.failed} of ${step.calls} calls failed`);
        break;
      }
    }
    const ttsAfter = ttsCache(dataDir);
    const rendered = ttsAfter.files !== ttsAfterWarmup.files || ttsAfter.newestMs !== ttsAfterWarmup.newestMs;
    console.log(`sip calls: prompts after the warm-up came from the TTS cache: ${rendered ? "no, something was synthesised again" : `yes (${ttsAfter.files / 2} prompts, none written again)`}`);
    const carried = done.filter(met).map((step) => step.target);
    const largest = done.at(-1);
    if (largest !== undefined) console.log(limitLine(largest));
    const best = Math.max(0, ...carried);
    console.log(
      `sip calls: the most concurrent calls carried within the targets (no failed call, p99 INVITE → 200 < ${TARGET_P99_MS} ms, frame clock p99 < ${CLOCK_P99_MS} ms): ${best > 0 ? best : "none"} ` +
        `(target ${TARGET_CALLS}; steps ${done.map((step) => `${step.target} ${met(step) ? "met" : "missed"}`).join(", ")})`,
    );
    Object.assign(results, { sip_calls_carried: best, sip_prompts_rendered_after_warmup: rendered ? 1 : 0 });
    return results;
  } catch (error) {
    if (server !== undefined) console.error(`--- last lines of the runtime's log:\n${server.tail(30)}`);
    throw error;
  } finally {
    rows?.close();
    api?.close();
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ""))) {
  console.log(JSON.stringify(await benchSipCalls()));
}
