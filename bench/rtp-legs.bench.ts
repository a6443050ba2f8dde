import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { readMediaConfig } from "../runtime/media/media-config";
import { MediaPlane } from "../runtime/media/media-plane";
import type { MediaEvent, MediaStats } from "../runtime/media/process/media-protocol";
import { sipSdp } from "../runtime/media/test-support/rtp-peer";
import { type MachineWindow, machineWindow, readMachineCounters } from "./machine-counters";
import { round } from "./measure";
import { MediaPeers } from "./media-peers";
import { RtpPeers } from "./rtp-peers";

/**
 * RTP legs (SIP calls, issue 14) in the media process as the runtime starts it (`MediaPlane`),
 * driven by plain UDP peers in a process of their own (bench/rtp-peers.worker.ts: 160-byte μ-law
 * every 20 ms, like a SIP trunk) and, for the transcoding case, node-datachannel WebRTC peers
 * (bench/media-peers.worker.ts):
 * 1. N legs each playing audio/hold.wav (PCMU frames from the frame cache, no per-call encoding),
 *    callers silent, then callers sending too: media CPU per leg, packets/s at each caller.
 * 2. Bridged RTP↔RTP calls (PCMU both sides: relayed, not transcoded): CPU per call, share of
 *    packets delivered each way.
 * 3. Bridged RTP↔WebRTC calls (PCMU ↔ Opus: decode + encode every 20 ms each way): CPU per call.
 * Each with the frame clock's lateness over the window (`stats` with `resetLateness`). CPU is the
 * media process's user + system time over the window's wall time, in % of one core.
 * Env: BENCH_RTP_LEGS (default 100), BENCH_RTP_CALLS (relayed calls, default 50),
 * BENCH_RTP_WEBRTC_CALLS (default 25), BENCH_RTP_WARMUP_S (3), BENCH_RTP_WINDOW_S (10).
 */

const HOLD = { ogg: fileURLToPath(new URL("../audio/hold.ogg", import.meta.url)), wav: fileURLToPath(new URL("../audio/hold.wav", import.meta.url)) };

function intFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const range = (n: number, from = 0) => Array.from({ length: n }, (_, index) => from + index);

/** A SIP peer's offer: PCMU + telephone-event, as baresip or a trunk sends it. */
const offer = (port: number) => ["v=0", `o=peer ${port} 1 IN IP4 127.0.0.1`, "s=-", "c=IN IP4 127.0.0.1", "t=0 0", `m=audio ${port} RTP/AVP 0 101`, "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000", "a=ptime:20", "a=sendrecv", ""].join("\r\n");

interface Window {
  wallMs: number;
  mediaCpuPct: number;
  clock: MediaStats["clock"];
  rssBytes: number;
  peersCpuPct: number;
  /** Per RTP peer: packets received and sent in the window. */
  received: number[];
  sent: number[];
  machine: MachineWindow;
}

async function measure(plane: MediaPlane, peers: RtpPeers, ms: number): Promise<Window> {
  const media0 = await plane.stats({ resetLateness: true });
  const peers0 = await peers.snapshot();
  const machine0 = readMachineCounters();
  const started = performance.now();
  await sleep(ms);
  const media1 = await plane.stats();
  const peers1 = await peers.snapshot();
  const machine1 = readMachineCounters();
  const wallMs = performance.now() - started;
  if (media0 === undefined || media1 === undefined) throw new Error("the media process answered stats without stats");
  const cpuMs = (stats: { userMs: number; systemMs: number }) => stats.userMs + stats.systemMs;
  return {
    wallMs,
    mediaCpuPct: ((cpuMs(media1.cpu) - cpuMs(media0.cpu)) / wallMs) * 100,
    clock: media1.clock,
    rssBytes: media1.rssBytes,
    peersCpuPct: ((cpuMs(peers1.cpu) - cpuMs(peers0.cpu)) / wallMs) * 100,
    received: peers1.received.map((count, index) => count - (peers0.received[index] ?? 0)),
    sent: peers1.sent.map((count, index) => count - (peers0.sent[index] ?? 0)),
    machine: machineWindow(machine0, machine1, cpus().length),
  };
}

const perSecond = (window: Window, peers: number[]) => peers.map((peer) => ((window.received[peer] ?? 0) * 1000) / window.wallMs);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const clockLine = ({ clock }: Window) => `frame clock p50 ${round(clock.p50Ms)} ms, p99 ${round(clock.p99Ms)} ms, max ${round(clock.maxMs)} ms, ${clock.skippedFrames} frames skipped (${clock.ticks} ticks)`;
const machineLine = ({ machine, mediaCpuPct, peersCpuPct }: Window) =>
  `machine ${round(machine.busyPct, 0)} % busy of ${machine.cores} cores (media ${round(mediaCpuPct, 0)} %, RTP peers ${round(peersCpuPct, 0)} % of a core), load ${round(machine.load1, 1)}, UDP dropped ${machine.udpDropped}`;

/** Share of the packets `from` peers sent in the window that their partners received (each partner receives only from its call). */
function delivered(window: Window, pairs: [number, number][]): number {
  let sent = 0;
  let received = 0;
  for (const [from, to] of pairs) {
    sent += window.sent[from] ?? 0;
    received += window.received[to] ?? 0;
  }
  return sent === 0 ? 0 : Math.min(1, received / sent);
}

export async function benchRtpLegs(): Promise<Record<string, number>> {
  const legs = intFromEnv("BENCH_RTP_LEGS", 100);
  const calls = Math.min(intFromEnv("BENCH_RTP_CALLS", 50), Math.floor(legs / 2));
  const webCalls = Math.min(intFromEnv("BENCH_RTP_WEBRTC_CALLS", 25), legs);
  const warmupMs = intFromEnv("BENCH_RTP_WARMUP_S", 3) * 1000;
  const windowMs = intFromEnv("BENCH_RTP_WINDOW_S", 10) * 1000;
  const logs: string[] = [];
  const plane = new MediaPlane({ log: (line) => logs.push(line), config: { ...readMediaConfig({ MEDIA_BIND_ADDRESS: "127.0.0.1" }), noRtpTimeoutMs: 600_000 } });
  const ended: MediaEvent[] = [];
  plane.onEvent((event) => {
    if (event.type === "leg.ended" && event.reason !== "hangup") ended.push(event);
  });
  let peers: RtpPeers | undefined;
  let webPeers: MediaPeers | undefined;
  const results: Record<string, number> = {};
  const answerPeers = async (peerIndexes: number[], ports: number[], legOf: (peer: number) => string) => {
    const targets: { peer: number; port: number }[] = [];
    for (const peer of peerIndexes) {
      const reply = await plane.send({ type: "leg.rtp", legId: legOf(peer), codecs: ["PCMU", "PCMA"], remoteSdp: offer(ports[peer] ?? 0) });
      targets.push({ peer, port: sipSdp(reply.localSdp ?? "").port });
    }
    await peers?.targets(targets);
  };
  const endLegs = async (ids: string[]) => {
    for (const legId of ids) await plane.send({ type: "leg.end", legId });
  };
  try {
    await plane.start();
    peers = await RtpPeers.start();
    const ports = await peers.create(legs);
    const all = range(legs);

    // 1. A prompt to every leg.
    await answerPeers(all, ports, (peer) => `prompt-${peer}`);
    for (const peer of all) await plane.send({ type: "leg.play", legId: `prompt-${peer}`, playbackId: `hold-${peer}`, clips: [HOLD], loop: true });
    await sleep(warmupMs);
    const silent = await measure(plane, peers, windowMs);
    await peers.send(all, true);
    await sleep(warmupMs);
    const talking = await measure(plane, peers, windowMs);
    await peers.send(all, false);
    for (const [name, window] of [
      ["callers silent", silent],
      ["callers sending", talking],
    ] as const) {
      const rates = perSecond(window, all);
      console.log(
        `rtp legs: hold music to ${legs} RTP legs (${name}): media process ${round(window.mediaCpuPct, 1)} % of a core, ${round(window.mediaCpuPct / legs, 3)} % per leg; ${clockLine(window)}; ` +
          `packets/s at each caller: min ${round(Math.min(...rates), 1)}, median ${round(median(rates), 1)}; RSS ${round(window.rssBytes / 2 ** 20, 0)} MB; ${machineLine(window)}`,
      );
    }
    Object.assign(results, {
      rtp_prompt_legs: legs,
      rtp_prompt_cpu_per_leg_pct: round(silent.mediaCpuPct / legs, 3),
      rtp_prompt_with_caller_audio_cpu_per_leg_pct: round(talking.mediaCpuPct / legs, 3),
      rtp_prompt_clock_p50_ms: round(silent.clock.p50Ms),
      rtp_prompt_clock_p99_ms: round(silent.clock.p99Ms),
      rtp_prompt_clock_max_ms: round(silent.clock.maxMs),
      rtp_prompt_skipped_frames: silent.clock.skippedFrames,
      rtp_prompt_packets_per_s_min: round(Math.min(...perSecond(silent, all)), 1),
    });
    await endLegs(all.map((peer) => `prompt-${peer}`));

    // 2. Bridged RTP↔RTP calls, relayed (PCMU both sides).
    const pairs: [number, number][] = range(calls).map((call) => [2 * call, 2 * call + 1]);
    const relayPeers = pairs.flat();
    await answerPeers(relayPeers, ports, (peer) => `relay-${peer}`);
    for (const [a, b] of pairs) {
      await plane.send({ type: "bridge.join", bridgeId: `relay-${a}`, legId: `relay-${a}` });
      await plane.send({ type: "bridge.join", bridgeId: `relay-${a}`, legId: `relay-${b}` });
    }
    await peers.send(relayPeers, true);
    await sleep(warmupMs);
    const relay = await measure(plane, peers, windowMs);
    await peers.send(relayPeers, false);
    const relayDelivered = Math.min(delivered(relay, pairs), delivered(relay, pairs.map(([a, b]) => [b, a])));
    console.log(
      `rtp legs: ${calls} bridged RTP↔RTP calls (relayed): media process ${round(relay.mediaCpuPct, 1)} % of a core, ${round(relay.mediaCpuPct / calls, 3)} % per call; ${clockLine(relay)}; ` +
        `delivered ${round(relayDelivered * 100, 2)} % (the worse direction); RSS ${round(relay.rssBytes / 2 ** 20, 0)} MB; ${machineLine(relay)}`,
    );
    Object.assign(results, {
      rtp_relay_calls: calls,
      rtp_relay_cpu_per_call_pct: round(relay.mediaCpuPct / calls, 3),
      rtp_relay_clock_p99_ms: round(relay.clock.p99Ms),
      rtp_relay_clock_max_ms: round(relay.clock.maxMs),
      rtp_relay_skipped_frames: relay.clock.skippedFrames,
      rtp_relay_delivered_pct: round(relayDelivered * 100, 2),
    });
    await endLegs(relayPeers.map((peer) => `relay-${peer}`));

    // 3. RTP↔WebRTC calls: PCMU ↔ Opus transcoded both ways.
    webPeers = await MediaPeers.start();
    const offers = await webPeers.create(webCalls);
    const sipSide = range(webCalls);
    await answerPeers(sipSide, ports, (peer) => `sip-${peer}`);
    const connected = new Set<string>();
    const unsubscribe = plane.onEvent((event) => {
      if (event.type === "leg.connected") connected.add(event.legId);
    });
    const answers: { peer: number; sdp: string }[] = [];
    for (const { peer, sdp } of offers) answers.push({ peer, sdp: (await plane.send({ type: "leg.webrtc", legId: `web-${peer}`, offerSdp: sdp, iceServers: [] })).answerSdp ?? "" });
    const result = await webPeers.answers(answers);
    if (result.failed > 0) throw new Error(`${result.failed} WebRTC peers did not connect: ${result.failures.join("; ")}`);
    const deadline = performance.now() + 30_000;
    while (offers.some(({ peer }) => !connected.has(`web-${peer}`))) {
      if (performance.now() > deadline) throw new Error("WebRTC legs did not connect");
      await sleep(50);
    }
    unsubscribe();
    for (const peer of sipSide) {
      await plane.send({ type: "bridge.join", bridgeId: `mixed-${peer}`, legId: `sip-${peer}` });
      await plane.send({ type: "bridge.join", bridgeId: `mixed-${peer}`, legId: `web-${peer}` });
    }
    await peers.send(sipSide, true);
    await webPeers.send(offers.map(({ peer }) => peer), true);
    await sleep(warmupMs);
    const web0 = await webPeers.snapshot(true);
    const transcoding = await measure(plane, peers, windowMs);
    const web1 = await webPeers.snapshot(true);
    const toSip = perSecond(transcoding, sipSide);
    const toWeb = offers.map(({ peer }) => (((web1.received[peer] ?? 0) - (web0.received[peer] ?? 0)) * 1000) / transcoding.wallMs);
    console.log(
      `rtp legs: ${webCalls} bridged RTP↔WebRTC calls (PCMU ↔ Opus): media process ${round(transcoding.mediaCpuPct, 1)} % of a core, ${round(transcoding.mediaCpuPct / webCalls, 3)} % per call; ${clockLine(transcoding)}; ` +
        `packets/s at the SIP side median ${round(median(toSip), 1)} (min ${round(Math.min(...toSip), 1)}), at the WebRTC side median ${round(median(toWeb), 1)} (min ${round(Math.min(...toWeb), 1)}); ${machineLine(transcoding)}`,
    );
    Object.assign(results, {
      rtp_webrtc_calls: webCalls,
      rtp_webrtc_cpu_per_call_pct: round(transcoding.mediaCpuPct / webCalls, 3),
      rtp_webrtc_clock_p99_ms: round(transcoding.clock.p99Ms),
      rtp_webrtc_clock_max_ms: round(transcoding.clock.maxMs),
      rtp_webrtc_skipped_frames: transcoding.clock.skippedFrames,
      rtp_webrtc_packets_per_s_min: round(Math.min(...toSip, ...toWeb), 1),
    });
    results.rtp_legs_ended_unexpectedly = ended.length;
    if (ended.length > 0) console.log(`rtp legs: ${ended.length} legs ended on their own: ${JSON.stringify(ended.slice(0, 5))}`);
    return results;
  } finally {
    await webPeers?.stop();
    await peers?.stop();
    await plane.stop();
    if (logs.length > 0) console.log(`rtp legs: the media process said:\n${logs.slice(-20).join("\n")}`);
  }
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ""))) {
  console.log(JSON.stringify(await benchRtpLegs()));
}
