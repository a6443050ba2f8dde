import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { readMediaConfig } from "../runtime/media/media-config";
import { MediaPlane } from "../runtime/media/media-plane";
import type { MediaStats } from "../runtime/media/process/media-protocol";
import { type MachineWindow, machineWindow, readMachineCounters } from "./machine-counters";
import { round } from "./measure";
import { MediaPeers } from "./media-peers";

/**
 * WhatsApp calls bridged to agents (issue 15): N WhatsApp callers, each a werift peer shaped like
 * Meta (ICE-lite, actpass, `a=mid:audio`, Opus + telephone-event/8000; bench/meta-peers.worker.ts,
 * a process of its own), answered by the media process (`leg.webrtc`, as `WhatsAppCalls` answers a
 * `connect`: we are the controlling ICE agent and the DTLS client) and bridged with an agent's
 * softphone leg (a node-datachannel peer in bench/media-peers.worker.ts, another process). Both
 * sides send real Opus every 20 ms; the bridge relays it as it arrives, without transcoding. For
 * each N: the media process's CPU per call, its frame clock's lateness p50/p99/max and skipped
 * frames, RSS, and the packets per second at each side. Beside the media plane's own bridged calls
 * (`media-plane.bench.ts`: browser-shaped peers, 0.48 % per call) and Twilio streams (transcoded).
 * Signalling (the webhook, Graph's pre_accept/accept) is not in the window: it happens once a call.
 * Env: BENCH_WHATSAPP_CALLS (comma-separated counts, default 10,50), BENCH_WHATSAPP_WARMUP_S (5),
 * BENCH_WHATSAPP_WINDOW_S (15).
 */

const META_WORKER = fileURLToPath(new URL("./meta-peers.worker.ts", import.meta.url));
const CONNECT_CONCURRENCY = 8;
const ATTEMPTS = 3;

function intFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

function countsFromEnv(): number[] {
  const text = process.env.BENCH_WHATSAPP_CALLS ?? "10,50";
  const counts = text.split(",").map((part) => Number(part.trim()));
  if (counts.length === 0 || counts.some((count) => !Number.isInteger(count) || count < 1)) throw new Error("BENCH_WHATSAPP_CALLS must be positive integers separated by commas");
  return counts;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const range = (n: number) => Array.from({ length: n }, (_, index) => index);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const metaLeg = (call: number) => `whatsapp-${call}`;
const agentLeg = (call: number) => `agent-${call}`;

interface Window {
  wallMs: number;
  mediaCpuPct: number;
  metaCpuPct: number;
  agentsCpuPct: number;
  clock: MediaStats["clock"];
  rssBytes: number;
  /** RTP packets per second at each WhatsApp peer (the agent's audio, relayed) and at each agent (the caller's). */
  atMetaPerS: number[];
  atAgentPerS: number[];
  machine: MachineWindow;
}

/** Answers every offer of `calls` new peers of `peers` with a WebRTC leg named by `legOf` (a few at a time) and waits until both sides are connected. */
async function connect(plane: MediaPlane, peers: MediaPeers, calls: number, legOf: (call: number) => string, connected: Set<string>): Promise<void> {
  const offers = await peers.create(calls);
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
  if (result.failed > 0) throw new PeersNotConnected(`${result.failed} of ${calls} peers did not connect: ${result.failures.join("; ")}`);
  const deadline = performance.now() + 30_000;
  while (range(calls).some((call) => !connected.has(legOf(call)))) {
    if (performance.now() > deadline) throw new PeersNotConnected("media legs did not connect");
    await sleep(50);
  }
}

/**
 * A load generator's peer that did not connect. Seen now and then on the shared machine with the
 * node-datachannel agents (bench/media-peers.worker.ts, also in twilio-streams.bench.ts): one or
 * two of the first peers are already closed when the answer comes ("Got a remote candidate without
 * ICE transport"). Reproduced by holding the answers back after the media plane's legs exist: with
 * 3 s, the first peer was closed in 2 runs of 2, with 8 s four of six; with none, none. The full
 * cause is not found (the offerer's libdatachannel, while our legs already check). The run is
 * started again (at most twice) and says so.
 */
class PeersNotConnected extends Error {}

async function measure(calls: number, warmupMs: number, windowMs: number): Promise<Record<string, number>> {
  const logs: string[] = [];
  const plane = new MediaPlane({ log: (line) => logs.push(line), config: { ...readMediaConfig({ MEDIA_BIND_ADDRESS: "127.0.0.1" }), noRtpTimeoutMs: 600_000 } });
  const connected = new Set<string>();
  let endedOnTheirOwn = 0;
  plane.onEvent((event) => {
    if (event.type === "leg.connected") connected.add(event.legId);
    else if (event.type === "leg.ended" && event.reason !== "hangup") endedOnTheirOwn += 1;
  });
  let meta: MediaPeers | undefined;
  let agents: MediaPeers | undefined;
  try {
    await plane.start();
    // The agents' softphones first (they are connected before calls come), then the WhatsApp callers.
    agents = await MediaPeers.start();
    await connect(plane, agents, calls, agentLeg, connected);
    meta = await MediaPeers.start(META_WORKER);
    await connect(plane, meta, calls, metaLeg, connected);
    for (const call of range(calls)) {
      await plane.send({ type: "bridge.join", bridgeId: `call-${call}`, legId: metaLeg(call) });
      await plane.send({ type: "bridge.join", bridgeId: `call-${call}`, legId: agentLeg(call) });
    }
    await meta.send(range(calls), true);
    await agents.send(range(calls), true);
    await sleep(warmupMs);

    const media0 = await plane.stats({ resetLateness: true });
    const meta0 = await meta.snapshot(true);
    const agents0 = await agents.snapshot(true);
    const machine0 = readMachineCounters();
    const started = performance.now();
    await sleep(windowMs);
    const media1 = await plane.stats();
    const meta1 = await meta.snapshot(true);
    const agents1 = await agents.snapshot(true);
    const machine1 = readMachineCounters();
    const wallMs = performance.now() - started;
    if (media0 === undefined || media1 === undefined) throw new Error("the media process answered stats without stats");
    const cpuMs = (stats: { userMs: number; systemMs: number }) => stats.userMs + stats.systemMs;
    const perS = (before: number[], after: number[]) => range(calls).map((call) => (((after[call] ?? 0) - (before[call] ?? 0)) * 1000) / wallMs);
    const window: Window = {
      wallMs,
      mediaCpuPct: ((cpuMs(media1.cpu) - cpuMs(media0.cpu)) / wallMs) * 100,
      metaCpuPct: ((cpuMs(meta1.cpu) - cpuMs(meta0.cpu)) / wallMs) * 100,
      agentsCpuPct: ((cpuMs(agents1.cpu) - cpuMs(agents0.cpu)) / wallMs) * 100,
      clock: media1.clock,
      rssBytes: media1.rssBytes,
      atMetaPerS: perS(meta0.received, meta1.received),
      atAgentPerS: perS(agents0.received, agents1.received),
      machine: machineWindow(machine0, machine1, cpus().length),
    };
    const { clock } = window;
    console.log(
      `whatsapp calls: ${calls} WhatsApp callers (werift as Meta) bridged to agents (Opus relayed): media process ${round(window.mediaCpuPct, 1)} % of a core, ${round(window.mediaCpuPct / calls, 3)} % per call; ` +
        `frame clock p50 ${round(clock.p50Ms)} ms, p99 ${round(clock.p99Ms)} ms, max ${round(clock.maxMs)} ms, ${clock.skippedFrames} skipped; ` +
        `packets per s at each WhatsApp peer min ${round(Math.min(...window.atMetaPerS), 1)}, median ${round(median(window.atMetaPerS), 1)}; ` +
        `at each agent min ${round(Math.min(...window.atAgentPerS), 1)}, median ${round(median(window.atAgentPerS), 1)}; RSS ${round(window.rssBytes / 2 ** 20, 0)} MB; ` +
        `machine ${round(window.machine.busyPct, 0)} % busy of ${window.machine.cores} cores (Meta's peers ${round(window.metaCpuPct, 0)} %, agents' ${round(window.agentsCpuPct, 0)} % of a core), load ${round(window.machine.load1, 1)}`,
    );
    const key = (name: string) => `media_whatsapp_${calls}_${name}`;
    return {
      [key("cpu_per_call_pct")]: round(window.mediaCpuPct / calls, 3),
      [key("clock_p50_ms")]: round(clock.p50Ms),
      [key("clock_p99_ms")]: round(clock.p99Ms),
      [key("clock_max_ms")]: round(clock.maxMs),
      [key("skipped_frames")]: clock.skippedFrames,
      [key("packets_at_whatsapp_per_s_min")]: round(Math.min(...window.atMetaPerS), 1),
      [key("packets_at_agent_per_s_min")]: round(Math.min(...window.atAgentPerS), 1),
      [key("rss_mb")]: round(window.rssBytes / 2 ** 20, 1),
      [key("legs_ended_unexpectedly")]: endedOnTheirOwn,
    };
  } finally {
    await meta?.stop();
    await agents?.stop();
    await plane.stop();
    if (logs.length > 0) console.log(`whatsapp calls: the media process said:\n${logs.slice(-20).join("\n")}`);
  }
}

export async function benchWhatsAppCalls(): Promise<Record<string, number>> {
  const warmupMs = intFromEnv("BENCH_WHATSAPP_WARMUP_S", 5) * 1000;
  const windowMs = intFromEnv("BENCH_WHATSAPP_WINDOW_S", 15) * 1000;
  const results: Record<string, number> = {};
  for (const calls of countsFromEnv()) {
    for (let attempt = 1; ; attempt++) {
      try {
        Object.assign(results, await measure(calls, warmupMs, windowMs));
        break;
      } catch (error) {
        if (!(error instanceof PeersNotConnected) || attempt === ATTEMPTS) throw error;
        console.log(`whatsapp calls: ${calls} calls, attempt ${attempt}: ${error.message}; starting again`);
      }
    }
  }
  return results;
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ""))) {
  console.log(JSON.stringify(await benchWhatsAppCalls()));
}
