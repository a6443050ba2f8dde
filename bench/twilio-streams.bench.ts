import { cpus } from "node:os";
import { pcmToMuLaw } from "../runtime/media/codecs/g711";
import { readMediaConfig } from "../runtime/media/media-config";
import { MediaPlane } from "../runtime/media/media-plane";
import type { MediaStats } from "../runtime/media/process/media-protocol";
import { type MachineWindow, machineWindow, readMachineCounters } from "./machine-counters";
import { round } from "./measure";
import { MediaPeers } from "./media-peers";

/**
 * Twilio callers bridged to agents (issue 15): N stream legs (`leg.stream`, what a Twilio Media
 * Stream becomes in the media process), each bridged with an agent's WebRTC leg (a
 * node-datachannel peer in bench/media-peers.worker.ts sending Opus every 20 ms). This process
 * plays the runtime: every 20 ms (absolute deadlines) it posts each stream's 160-byte μ-law frame
 * of a 440 Hz tone as base64 (`stream.media`, as the runtime forwards Twilio's frames), and takes
 * the stream legs' `stream.media` events back (what would go to Twilio). So every frame is
 * transcoded both ways: μ-law → PCM → Opus at 8 kHz to the agent, Opus → PCM 8 kHz → μ-law back.
 * Measures over a window: the media process's CPU per bridged stream, its frame clock's lateness,
 * the runtime side's CPU per stream (this process: the IPC both ways, without the WebSocket), the
 * frames each stream got back per second, and the packets each agent received per second.
 * Beside the media plane's own figures (`media-plane.bench.ts`: Opus relayed, 0.48 % per call).
 * Env: BENCH_STREAM_CALLS (default 100), BENCH_STREAM_WARMUP_S (5), BENCH_STREAM_WINDOW_S (15).
 */

function intFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const range = (n: number) => Array.from({ length: n }, (_, index) => index);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const CONNECT_CONCURRENCY = 8;

/** One second of a 440 Hz tone as 50 base64 μ-law frames (looped: 440 Hz fits a whole number of periods in a second). */
function toneFrames(): string[] {
  return range(50).map((frame) => {
    const pcm = new Int16Array(160);
    for (let i = 0; i < 160; i++) pcm[i] = Math.round(0.3 * 32767 * Math.sin((2 * Math.PI * 440 * (frame * 160 + i)) / 8000));
    return pcmToMuLaw(pcm).toString("base64");
  });
}

/** Posts every stream's next frame every 20 ms on absolute deadlines (like Twilio's paced stream); returns how to stop. */
function feed(plane: MediaPlane, legs: readonly string[]): () => void {
  const frames = toneFrames();
  const started = performance.now();
  let n = 0;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    const payload = frames[n % frames.length] ?? "";
    for (const legId of legs) plane.post({ type: "stream.media", legId, payload });
    n += 1;
    timer = setTimeout(tick, Math.max(0, started + n * 20 - performance.now()));
  };
  tick();
  return () => clearTimeout(timer);
}

interface Window {
  wallMs: number;
  mediaCpuPct: number;
  runtimeCpuPct: number;
  peersCpuPct: number;
  clock: MediaStats["clock"];
  rssBytes: number;
  framesBackPerS: number[];
  agentPacketsPerS: number[];
  machine: MachineWindow;
}

export async function benchTwilioStreams(): Promise<Record<string, number>> {
  const calls = intFromEnv("BENCH_STREAM_CALLS", 100);
  const warmupMs = intFromEnv("BENCH_STREAM_WARMUP_S", 5) * 1000;
  const windowMs = intFromEnv("BENCH_STREAM_WINDOW_S", 15) * 1000;
  const logs: string[] = [];
  const plane = new MediaPlane({ log: (line) => logs.push(line), config: { ...readMediaConfig({ MEDIA_BIND_ADDRESS: "127.0.0.1" }), noRtpTimeoutMs: 600_000 } });
  const connected = new Set<string>();
  const framesBack = new Map<string, number>();
  let endedOnTheirOwn = 0;
  plane.onEvent((event) => {
    if (event.type === "leg.connected") connected.add(event.legId);
    else if (event.type === "stream.media") framesBack.set(event.legId, (framesBack.get(event.legId) ?? 0) + 1);
    else if (event.type === "leg.ended" && event.reason !== "hangup") endedOnTheirOwn += 1;
  });
  let peers: MediaPeers | undefined;
  let stopFeed: (() => void) | undefined;
  try {
    await plane.start();
    peers = await MediaPeers.start();
    const offers = await peers.create(calls);
    const agentLeg = (peer: number) => `agent-${peer}`;
    const streamLeg = (call: number) => `stream-${call}`;
    const answers: { peer: number; sdp: string }[] = [];
    const pending = [...offers];
    await Promise.all(
      range(CONNECT_CONCURRENCY).map(async () => {
        for (let offer = pending.shift(); offer !== undefined; offer = pending.shift()) {
          const reply = await plane.send({ type: "leg.webrtc", legId: agentLeg(offer.peer), offerSdp: offer.sdp, iceServers: [] });
          answers.push({ peer: offer.peer, sdp: reply.answerSdp ?? "" });
        }
      }),
    );
    const result = await peers.answers(answers);
    if (result.failed > 0) throw new Error(`${result.failed} agents did not connect: ${result.failures.join("; ")}`);
    const deadline = performance.now() + 30_000;
    while (range(calls).some((peer) => !connected.has(agentLeg(peer)))) {
      if (performance.now() > deadline) throw new Error("agent legs did not connect");
      await sleep(50);
    }
    for (const call of range(calls)) {
      await plane.send({ type: "leg.stream", legId: streamLeg(call) });
      await plane.send({ type: "bridge.join", bridgeId: `call-${call}`, legId: streamLeg(call) });
      await plane.send({ type: "bridge.join", bridgeId: `call-${call}`, legId: agentLeg(call) });
    }
    stopFeed = feed(plane, range(calls).map(streamLeg));
    await peers.send(range(calls), true);
    await sleep(warmupMs);

    const media0 = await plane.stats({ resetLateness: true });
    const peers0 = await peers.snapshot(true);
    const runtime0 = process.cpuUsage();
    const back0 = new Map(framesBack);
    const machine0 = readMachineCounters();
    const started = performance.now();
    await sleep(windowMs);
    const media1 = await plane.stats();
    const peers1 = await peers.snapshot(true);
    const runtime = process.cpuUsage(runtime0);
    const machine1 = readMachineCounters();
    const wallMs = performance.now() - started;
    if (media0 === undefined || media1 === undefined) throw new Error("the media process answered stats without stats");
    const cpuMs = (stats: { userMs: number; systemMs: number }) => stats.userMs + stats.systemMs;
    const window: Window = {
      wallMs,
      mediaCpuPct: ((cpuMs(media1.cpu) - cpuMs(media0.cpu)) / wallMs) * 100,
      runtimeCpuPct: ((runtime.user + runtime.system) / 1000 / wallMs) * 100,
      peersCpuPct: ((cpuMs(peers1.cpu) - cpuMs(peers0.cpu)) / wallMs) * 100,
      clock: media1.clock,
      rssBytes: media1.rssBytes,
      framesBackPerS: range(calls).map((call) => (((framesBack.get(streamLeg(call)) ?? 0) - (back0.get(streamLeg(call)) ?? 0)) * 1000) / wallMs),
      agentPacketsPerS: range(calls).map((peer) => (((peers1.received[peer] ?? 0) - (peers0.received[peer] ?? 0)) * 1000) / wallMs),
      machine: machineWindow(machine0, machine1, cpus().length),
    };
    const { clock } = window;
    console.log(
      `twilio streams: ${calls} streams bridged to agents (μ-law ↔ Opus at 8 kHz): media process ${round(window.mediaCpuPct, 1)} % of a core, ${round(window.mediaCpuPct / calls, 3)} % per stream; ` +
        `runtime side (IPC both ways, no WebSocket) ${round(window.runtimeCpuPct, 1)} %, ${round(window.runtimeCpuPct / calls, 3)} % per stream; ` +
        `frame clock p50 ${round(clock.p50Ms)} ms, p99 ${round(clock.p99Ms)} ms, max ${round(clock.maxMs)} ms, ${clock.skippedFrames} skipped; ` +
        `frames back per stream per s min ${round(Math.min(...window.framesBackPerS), 1)}, median ${round(median(window.framesBackPerS), 1)}; ` +
        `packets at each agent per s min ${round(Math.min(...window.agentPacketsPerS), 1)}, median ${round(median(window.agentPacketsPerS), 1)}; RSS ${round(window.rssBytes / 2 ** 20, 0)} MB; ` +
        `machine ${round(window.machine.busyPct, 0)} % busy of ${window.machine.cores} cores (peers ${round(window.peersCpuPct, 0)} % of a core), load ${round(window.machine.load1, 1)}`,
    );
    return {
      media_stream_calls: calls,
      media_stream_cpu_per_call_pct: round(window.mediaCpuPct / calls, 3),
      media_stream_runtime_cpu_per_call_pct: round(window.runtimeCpuPct / calls, 3),
      media_stream_clock_p50_ms: round(clock.p50Ms),
      media_stream_clock_p99_ms: round(clock.p99Ms),
      media_stream_clock_max_ms: round(clock.maxMs),
      media_stream_skipped_frames: clock.skippedFrames,
      media_stream_frames_back_per_s_min: round(Math.min(...window.framesBackPerS), 1),
      media_stream_agent_packets_per_s_min: round(Math.min(...window.agentPacketsPerS), 1),
      media_stream_rss_mb: round(window.rssBytes / 2 ** 20, 1),
      media_stream_legs_ended_unexpectedly: endedOnTheirOwn,
    };
  } finally {
    stopFeed?.();
    await peers?.stop();
    await plane.stop();
    if (logs.length > 0) console.log(`twilio streams: the media process said:\n${logs.slice(-20).join("\n")}`);
  }
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ""))) {
  console.log(JSON.stringify(await benchTwilioStreams()));
}
