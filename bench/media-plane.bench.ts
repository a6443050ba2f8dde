import { cpus, setPriority } from "node:os";
import { fileURLToPath } from "node:url";
import { readMediaConfig } from "../runtime/media/media-config";
import { MediaPlane } from "../runtime/media/media-plane";
import type { MediaEvent, MediaStats } from "../runtime/media/process/media-protocol";
import { type MachineWindow, machineWindow, readMachineCounters } from "./machine-counters";
import { round } from "./measure";
import { MediaPeers } from "./media-peers";
import type { PeerMessage } from "./media-peers-protocol";

/**
 * The media plane under load (issue 13), without a browser: the media process (MediaPlane, as the
 * runtime starts it) answers WebRTC offers from node-datachannel peers living in a process of
 * their own (bench/media-peers.worker.ts), each sending real Opus every 20 ms.
 * 1. Prompt playback: N callers each play audio/hold.ogg looped (frames decoded once, no
 *    per-call encoding): media CPU per playing call with the callers silent, then with their own
 *    audio coming in; the frame clock's lateness; packets per second at each caller.
 * 2. Bridged calls: N callers and N agents bridged in pairs, Opus relayed as it arrives: media
 *    CPU per call, the clock's lateness p50/p99/max and skipped frames, RSS, the share of packets
 *    that reached the other side in each direction, and the delay from a peer's send to its
 *    partner's receipt (both in the peer process, one clock). If N misses the targets the bench
 *    ends calls and measures again at ¾ of that, until they are met (or a quarter of N is
 *    reached), and says what was short: the machine's cores, the peer process, the kernel's UDP.
 * Targets: 100 bridged calls with p99 lateness < 10 ms and no frame later than 40 ms; under 0.5 %
 * of a core per playing call. CPU figures are % of one core (the process's user + system time,
 * every thread, over the window's wall time).
 * Env: BENCH_MEDIA_CALLS (default 100), BENCH_MEDIA_WARMUP_S (default 5), BENCH_MEDIA_WINDOW_S
 * (default 15), BENCH_CPU_PROF_DIR (the media process writes a CPU profile there), BENCH_MEDIA_NICE
 * (the media process's nice value, e.g. -10 to see how much of the lateness is other processes
 * taking the cores; below 0 needs the privilege).
 */

const TARGET_P99_MS = 10;
const TARGET_MAX_MS = 40;
const TARGET_PLAYBACK_CPU_PCT = 0.5;
/** A call is carried when at least this share of its packets arrive, both ways. */
const TARGET_DELIVERED = 0.99;
const HOLD = { ogg: fileURLToPath(new URL("../audio/hold.ogg", import.meta.url)), wav: fileURLToPath(new URL("../audio/hold.wav", import.meta.url)) };
const CONNECT_CONCURRENCY = 8;
/** After a window, packets sent in it still on their way count when they arrive within this (the peers match them for 900 ms). */
const DELIVERY_GRACE_MS = 1000;

function intFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const callerOf = (call: number) => 2 * call;
const agentOf = (call: number) => 2 * call + 1;
const range = (n: number) => Array.from({ length: n }, (_, index) => index);
const legOf = (peer: number) => (peer % 2 === 0 ? `caller-${peer / 2}` : `agent-${(peer - 1) / 2}`);

type Snapshot = Extract<PeerMessage, { type: "snapshot" }>;

/** What happened over one measuring window. */
interface Window {
  wallMs: number;
  /** Media process: % of one core. */
  mediaCpuPct: number;
  clock: MediaStats["clock"];
  rssBytes: number;
  /** Peer process: % of one core, its own send clock, the delay through the media plane. */
  peersCpuPct: number;
  pacing: Snapshot["pacing"];
  delay: Snapshot["delay"];
  /** Per peer: packets sent in the window, how many of them the partner received, packets received in the window (any). */
  peers: { sent: number; delivered: number; received: number }[];
  machine: MachineWindow;
}

async function measure(plane: MediaPlane, peers: MediaPeers, ms: number): Promise<Window> {
  const media0 = await plane.stats({ resetLateness: true });
  const peers0 = await peers.snapshot(true);
  const machine0 = readMachineCounters();
  const started = performance.now();
  await sleep(ms);
  const media1 = await plane.stats();
  const peers1 = await peers.snapshot(true);
  const machine1 = readMachineCounters();
  const wallMs = performance.now() - started;
  await sleep(DELIVERY_GRACE_MS);
  const sent = await peers.epoch(peers0.epoch);
  if (media0 === undefined || media1 === undefined) throw new Error("the media process answered stats without stats");
  const cpuMs = (stats: { userMs: number; systemMs: number }) => stats.userMs + stats.systemMs;
  return {
    wallMs,
    mediaCpuPct: ((cpuMs(media1.cpu) - cpuMs(media0.cpu)) / wallMs) * 100,
    clock: media1.clock,
    rssBytes: media1.rssBytes,
    peersCpuPct: ((cpuMs(peers1.cpu) - cpuMs(peers0.cpu)) / wallMs) * 100,
    pacing: peers1.pacing,
    delay: peers1.delay,
    peers: sent.map((counts, index) => ({ ...counts, received: (peers1.received[index] ?? 0) - (peers0.received[index] ?? 0) })),
    machine: machineWindow(machine0, machine1, cpus().length),
  };
}

/** Answers each peer's offer with a media leg (a few at a time), hands the answers back and waits for both sides to connect. */
async function connect(plane: MediaPlane, peers: MediaPeers, offers: { peer: number; sdp: string }[], connected: Set<string>): Promise<void> {
  const answers: { peer: number; sdp: string }[] = [];
  const pending = [...offers];
  await Promise.all(
    range(CONNECT_CONCURRENCY).map(async () => {
      for (let offer = pending.shift(); offer !== undefined; offer = pending.shift()) {
        const reply = await plane.send({ type: "leg.webrtc", legId: legOf(offer.peer), offerSdp: offer.sdp, iceServers: [] });
        answers.push({ peer: offer.peer, sdp: reply.answerSdp ?? "" });
      }
    }),
  );
  const result = await peers.answers(answers);
  if (result.failed > 0) throw new Error(`${result.failed} of ${answers.length} peers did not connect: ${result.failures.join("; ")}`);
  const deadline = performance.now() + 30_000;
  const missing = () => offers.filter((offer) => !connected.has(legOf(offer.peer))).length;
  while (missing() > 0) {
    if (performance.now() > deadline) throw new Error(`${missing()} media legs did not connect`);
    await sleep(50);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Share of the packets sent by `from` peers in the window that their partners received. */
function delivered(window: Window, calls: number, from: (call: number) => number): number {
  let sent = 0;
  let received = 0;
  for (const call of range(calls)) {
    sent += window.peers[from(call)]?.sent ?? 0;
    received += window.peers[from(call)]?.delivered ?? 0;
  }
  return sent === 0 ? 0 : received / sent;
}

/** Where the machine's CPU went over the window and, when the targets were missed, what ran short. */
function limits(window: Window, missed: boolean): string {
  const { machine, pacing } = window;
  const others = Math.max(0, machine.busyPct * machine.cores - window.mediaCpuPct - window.peersCpuPct);
  const facts =
    `machine ${round(machine.busyPct, 0)} % busy of ${machine.cores} cores (media ${round(window.mediaCpuPct, 0)} %, peers ${round(window.peersCpuPct, 0)} %, ` +
    `everything else ${round(others, 0)} % of a core), load ${round(machine.load1, 1)}; peers' own send clock p99 ${round(pacing.p99Ms)} ms, max ${round(pacing.maxMs)} ms, ` +
    `${pacing.skippedFrames} skipped; UDP datagrams the kernel dropped: ${machine.udpDropped}`;
  if (!missed) return facts;
  const causes: string[] = [];
  if (machine.udpDropped > 0) causes.push("the kernel's UDP buffers (datagrams dropped)");
  if (window.mediaCpuPct >= 90) causes.push("the media process's CPU");
  if (machine.busyPct >= 95) causes.push(`the machine's cores (saturated; ${round(others, 0)} % of a core went to other work)`);
  if (pacing.p99Ms >= TARGET_P99_MS || pacing.skippedFrames > 0) causes.push("the peer process fell behind too (the load generator)");
  if (causes.length === 0) causes.push("nothing the window's averages show (a moment of contention, or the media process's own pauses)");
  return `${facts}; short of: ${causes.join(", ")}`;
}

function clockLine(window: Window): string {
  const { clock } = window;
  return `frame clock p50 ${round(clock.p50Ms)} ms, p99 ${round(clock.p99Ms)} ms, max ${round(clock.maxMs)} ms, ${clock.skippedFrames} frames skipped (${clock.ticks} ticks)`;
}

const meetsClockTargets = (window: Window) => window.clock.p99Ms < TARGET_P99_MS && window.clock.maxMs <= TARGET_MAX_MS && window.clock.skippedFrames === 0;

export async function benchMediaPlane(): Promise<Record<string, number>> {
  const calls = intFromEnv("BENCH_MEDIA_CALLS", 100);
  const warmupMs = intFromEnv("BENCH_MEDIA_WARMUP_S", 5) * 1000;
  const windowMs = intFromEnv("BENCH_MEDIA_WINDOW_S", 15) * 1000;
  const profileDir = process.env.BENCH_CPU_PROF_DIR?.trim();
  const logs: string[] = [];
  // Callers sit silent through the first playback window: the no-RTP watchdog must not end them.
  const plane = new MediaPlane({
    log: (line) => logs.push(line),
    config: { ...readMediaConfig({ MEDIA_BIND_ADDRESS: "127.0.0.1" }), noRtpTimeoutMs: 600_000 },
    ...(profileDir ? { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] } : {}),
  });
  const connected = new Set<string>();
  const ended: MediaEvent[] = [];
  plane.onEvent((event) => {
    if (event.type === "leg.connected") connected.add(event.legId);
    if (event.type === "leg.ended") ended.push(event);
  });
  let peers: MediaPeers | undefined;
  const results: Record<string, number> = {};
  try {
    await plane.start();
    const nice = process.env.BENCH_MEDIA_NICE?.trim();
    if (nice) {
      const pid = await plane.pid();
      if (pid !== undefined) setPriority(pid, Number(nice));
      console.log(`media plane: the media process runs at nice ${nice}`);
    }
    peers = await MediaPeers.start();
    const offers = await peers.create(2 * calls);
    const callers = range(calls).map(callerOf);
    const agents = range(calls).map(agentOf);
    const setupStarted = performance.now();
    await connect(plane, peers, offers.filter((offer) => offer.peer % 2 === 0), connected);
    const callerSetupMs = performance.now() - setupStarted;

    // 1. Prompt playback to every caller.
    for (const call of range(calls)) await plane.send({ type: "leg.play", legId: legOf(callerOf(call)), playbackId: `hold-${call}`, clips: [HOLD], loop: true });
    await sleep(warmupMs);
    const silent = await measure(plane, peers, windowMs);
    await peers.send(callers, true);
    await sleep(Math.min(warmupMs, 3000));
    const listening = await measure(plane, peers, windowMs);
    const rates = (window: Window) => callers.map((peer) => ((window.peers[peer]?.received ?? 0) * 1000) / window.wallMs);
    for (const [name, window] of [
      ["callers silent", silent],
      ["callers sending", listening],
    ] as const) {
      console.log(
        `media plane: hold music to ${calls} callers (${name}): media process ${round(window.mediaCpuPct, 1)} % of a core, ${round(window.mediaCpuPct / calls, 3)} % per playing call (target < ${TARGET_PLAYBACK_CPU_PCT} %); ` +
          `${clockLine(window)}; packets/s at each caller: min ${round(Math.min(...rates(window)), 1)}, median ${round(median(rates(window)), 1)}; RSS ${round(window.rssBytes / 2 ** 20, 0)} MB`,
      );
    }
    Object.assign(results, {
      media_playback_calls: calls,
      media_playback_cpu_per_call_pct: round(silent.mediaCpuPct / calls, 3),
      media_playback_with_caller_audio_cpu_per_call_pct: round(listening.mediaCpuPct / calls, 3),
      media_playback_clock_p50_ms: round(silent.clock.p50Ms),
      media_playback_clock_p99_ms: round(silent.clock.p99Ms),
      media_playback_clock_max_ms: round(silent.clock.maxMs),
      media_playback_skipped_frames: silent.clock.skippedFrames,
      media_playback_packets_per_s_min: round(Math.min(...rates(silent)), 1),
      media_playback_packets_per_s_median: round(median(rates(silent)), 1),
    });
    for (const call of range(calls)) await plane.send({ type: "leg.stop", legId: legOf(callerOf(call)) });

    // 2. Bridged calls: the agents connect, each call's two legs join a bridge, everyone talks.
    const agentStarted = performance.now();
    await connect(plane, peers, offers.filter((offer) => offer.peer % 2 === 1), connected);
    const agentSetupMs = performance.now() - agentStarted;
    console.log(`media plane: ${calls} callers connected in ${round(callerSetupMs / 1000, 1)} s, ${calls} agents in ${round(agentSetupMs / 1000, 1)} s`);
    for (const call of range(calls)) {
      await plane.send({ type: "bridge.join", bridgeId: `call-${call}`, legId: legOf(callerOf(call)) });
      await plane.send({ type: "bridge.join", bridgeId: `call-${call}`, legId: legOf(agentOf(call)) });
    }
    await peers.send(agents, true);
    await sleep(warmupMs);
    let active = calls;
    let carried: number | undefined;
    let first: Window | undefined;
    for (;;) {
      const window = await measure(plane, peers, windowMs);
      first ??= window;
      const toAgent = delivered(window, active, callerOf);
      const toCaller = delivered(window, active, agentOf);
      const met = meetsClockTargets(window) && toAgent >= TARGET_DELIVERED && toCaller >= TARGET_DELIVERED;
      console.log(
        `media plane: ${active} bridged calls (${2 * active} legs): media process ${round(window.mediaCpuPct, 1)} % of a core, ${round(window.mediaCpuPct / active, 3)} % per call; ${clockLine(window)} ` +
          `(target p99 < ${TARGET_P99_MS} ms, max ≤ ${TARGET_MAX_MS} ms); RSS ${round(window.rssBytes / 2 ** 20, 0)} MB; delivered caller→agent ${round(toAgent * 100, 2)} %, agent→caller ${round(toCaller * 100, 2)} %; ` +
          `send → partner through the relay p50 ${round(window.delay.p50Ms)} ms, p99 ${round(window.delay.p99Ms)} ms, max ${round(window.delay.maxMs)} ms; ${met ? "targets met" : "targets missed"}`,
      );
      console.log(`media plane: ${active} calls: ${limits(window, !met)}`);
      if (window === first) {
        Object.assign(results, {
          media_bridge_calls: active,
          media_bridge_cpu_per_call_pct: round(window.mediaCpuPct / active, 3),
          media_bridge_media_cpu_pct: round(window.mediaCpuPct, 1),
          media_bridge_peers_cpu_pct: round(window.peersCpuPct, 1),
          media_bridge_machine_busy_pct: round(window.machine.busyPct, 1),
          media_bridge_clock_p50_ms: round(window.clock.p50Ms),
          media_bridge_clock_p99_ms: round(window.clock.p99Ms),
          media_bridge_clock_max_ms: round(window.clock.maxMs),
          media_bridge_skipped_frames: window.clock.skippedFrames,
          media_bridge_rss_mb: round(window.rssBytes / 2 ** 20, 1),
          media_bridge_delivered_to_agent_pct: round(toAgent * 100, 2),
          media_bridge_delivered_to_caller_pct: round(toCaller * 100, 2),
          media_bridge_relay_delay_p50_ms: round(window.delay.p50Ms),
          media_bridge_relay_delay_p99_ms: round(window.delay.p99Ms),
          media_bridge_relay_delay_max_ms: round(window.delay.maxMs),
          media_bridge_udp_dropped: window.machine.udpDropped,
        });
      }
      if (met) {
        carried = active;
        break;
      }
      // Down to a quarter of N: below that, misses say more about the machine than the media plane.
      const next = Math.floor((active * 3) / 4);
      if (next < Math.max(1, Math.ceil(calls / 4)) || next === active) break;
      const gone = range(active).slice(next);
      for (const call of gone) {
        await plane.send({ type: "leg.end", legId: legOf(callerOf(call)) });
        await plane.send({ type: "leg.end", legId: legOf(agentOf(call)) });
      }
      await peers.close(gone.flatMap((call) => [callerOf(call), agentOf(call)]));
      active = next;
      await sleep(Math.min(warmupMs, 3000));
    }
    results.media_bridge_calls_carried = carried ?? 0;
    console.log(`media plane: the most bridged calls carried within the targets: ${carried ?? `none down to ${active}`} (of ${calls} tried)`);
    const unexpected = ended.filter((event) => event.type === "leg.ended" && event.reason !== "hangup");
    if (unexpected.length > 0) console.log(`media plane: ${unexpected.length} legs ended on their own: ${JSON.stringify(unexpected.slice(0, 5))}`);
    results.media_legs_ended_unexpectedly = unexpected.length;
    return results;
  } finally {
    await peers?.stop();
    await plane.stop();
    if (logs.length > 0) console.log(`media plane: the media process said:\n${logs.slice(-20).join("\n")}`);
  }
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ""))) {
  console.log(JSON.stringify(await benchMediaPlane()));
}
