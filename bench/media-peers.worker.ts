/**
 * The remote side of the media-plane bench, in a child process of its own (not the bench's
 * thread, not the media process): node-datachannel peer connections offering WebRTC audio, as
 * callers (peers 2k, a 443 Hz tone) and agents (peers 2k + 1, 997 Hz). Each sends real Opus at
 * 20 ms: one second of its tone encoded once and looped, with its own SSRC, seq +1 and ts +960 a
 * packet, paced by the media plane's own FrameClock and spread over the 20 ms in SLOTS groups (real
 * callers' packets arrive at any phase, not in one burst per tick). Each counts what it receives; a packet
 * carrying the partner's tone is matched to the moment the partner sent it (both live here, so
 * one clock), which gives the delay through the media plane. node-datachannel, not werift: it
 * costs 2.5× less CPU (MEDIA.md 1.1), so the generator leaves the machine to what it measures.
 */
import { Audio, PeerConnection, RtcpReceivingSession, type Track } from "node-datachannel";
import { FrameClock } from "../runtime/media/clock/frame-clock";
import { createOpusEncoder } from "../runtime/media/codecs/opus-codec";
import { sineFrames } from "../runtime/media/test-support/sine";
import { percentile } from "./measure";
import { PeerCommand, type PeerMessage } from "./media-peers-protocol";

const OPUS_PT = 111;
/**
 * One second of tone. A whole number of Hz fits whole periods in it, so the loop is seamless; one
 * prime to 50 (443, 997) starts each 20 ms frame at another phase, so no two packets of the loop
 * are alike and a packet's bytes tell its place in the loop.
 */
const LOOP_FRAMES = 50;
const HEADER = 12;
/** A packet whose partner's copy is older than this is not matched (the loop repeats each second). */
const MAX_DELAY_MS = 900;
const CONNECT_WAIT_MS = 30_000;
/** Peer i sends in slot i mod SLOTS of each 20 ms frame (a 5 ms clock). */
const SLOTS = 4;

interface Tone {
  packets: Buffer[];
  /** Payload bytes (latin1) → position in the loop. */
  positions: Map<string, number>;
}

/** The tone's packets, from an encoder that has already been through one loop (no cold start at the seam). */
function encodeTone(frequency: number): Tone {
  const encoder = createOpusEncoder(48000);
  const frames = sineFrames(frequency, 48000, LOOP_FRAMES * 2, 0.25);
  const packets = frames.map((frame) => encoder.encode(frame)).slice(LOOP_FRAMES);
  const positions = new Map(packets.map((packet, position) => [packet.toString("latin1"), position]));
  if (positions.size !== packets.length) throw new Error(`the ${frequency} Hz tone has packets with the same bytes: the delay could not be matched`);
  return { packets, positions };
}

const TONES = [encodeTone(443), encodeTone(997)] as const;

class Peer {
  packetsReceived = 0;
  /** Packets sent, and of them delivered to the partner, by the epoch they were sent in. */
  readonly sent: number[] = [];
  readonly delivered: number[] = [];
  /** When each position of the loop was last sent (performance.now()), and in which epoch. */
  readonly sentAt = new Float64Array(LOOP_FRAMES);
  readonly sentIn = new Int32Array(LOOP_FRAMES);
  readonly tone: Tone;
  open = false;
  closed = false;
  /** Why the answer did not connect it. */
  failure: string | undefined;
  sending = false;
  private readonly pc: PeerConnection;
  private readonly track: Track;
  private readonly ssrc = (Math.random() * 0xffffffff) >>> 0 || 1;
  private sequence = Math.floor(Math.random() * 0x10000);
  private timestamp = (Math.random() * 0xffffffff) >>> 0;
  private position = 0;
  /** The last frame it sent (frames count 20 ms from the clock's start). */
  private lastFrame: number | undefined;
  private readonly scratch = Buffer.alloc(1500);
  private opened: (() => void) | undefined;

  constructor(readonly index: number) {
    this.tone = TONES[index % 2] ?? TONES[0];
    this.pc = new PeerConnection(`bench-peer-${index}`, { iceServers: [], bindAddress: "127.0.0.1" });
    const audio = new Audio("0", "SendRecv");
    audio.addOpusCodec(OPUS_PT, "minptime=10;useinbandfec=1");
    audio.addSSRC(this.ssrc, `peer${index}`, "bench", `audio-${index}`);
    this.track = this.pc.addTrack(audio);
    this.track.setMediaHandler(new RtcpReceivingSession());
    this.track.onOpen(() => {
      this.open = true;
      this.opened?.();
    });
    this.track.onMessage((message) => this.received(message));
  }

  /** Gathers (loopback only) and answers the offer's SDP. */
  offer(): Promise<string> {
    return new Promise((resolve, reject) => {
      const done = () => {
        const sdp = this.pc.localDescription()?.sdp;
        if (sdp === undefined) reject(new Error(`peer ${this.index} made no offer`));
        else resolve(sdp);
      };
      this.pc.onGatheringStateChange((state) => state === "complete" && done());
      this.pc.setLocalDescription();
      if (this.pc.gatheringState() === "complete") done();
    });
  }

  /** Applies the media plane's answer; true once the track is open, false (and why in `failure`) otherwise. */
  answer(sdp: string): Promise<boolean> {
    try {
      this.pc.setRemoteDescription(sdp, "answer");
    } catch (error) {
      this.failure = `peer ${this.index} (${this.pc.state()}, ICE ${this.pc.iceState()}, gathering ${this.pc.gatheringState()}): ${error instanceof Error ? error.message : String(error)}`;
      return Promise.resolve(false);
    }
    if (this.open) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.failure = `peer ${this.index} not connected after ${CONNECT_WAIT_MS} ms (${this.pc.state()}, ICE ${this.pc.iceState()})`;
        resolve(false);
      }, CONNECT_WAIT_MS);
      this.opened = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }

  /** The packet of 20 ms frame `frame`: the next of the loop; frames the clock skipped are skipped here too (timestamp and tone move on). */
  send(frame: number, now: number): void {
    if (!this.sending || !this.open || this.closed) return;
    const skipped = this.lastFrame === undefined ? 0 : Math.max(0, frame - this.lastFrame - 1);
    const first = this.lastFrame === undefined;
    this.lastFrame = frame;
    this.position = (this.position + skipped) % LOOP_FRAMES;
    this.timestamp = (this.timestamp + 960 * skipped) >>> 0;
    const payload = this.tone.packets[this.position];
    if (payload === undefined) return;
    const packet = this.scratch;
    packet[0] = 0x80;
    packet[1] = (first ? 0x80 : 0) | OPUS_PT;
    packet.writeUInt16BE(this.sequence, 2);
    packet.writeUInt32BE(this.timestamp, 4);
    packet.writeUInt32BE(this.ssrc, 8);
    payload.copy(packet, HEADER);
    try {
      if (this.track.sendMessageBinary(packet.subarray(0, HEADER + payload.length))) this.sent[epoch] = (this.sent[epoch] ?? 0) + 1;
    } catch {
      // Not open any more: not counted as sent.
    }
    this.sentAt[this.position] = now;
    this.sentIn[this.position] = epoch;
    this.sequence = (this.sequence + 1) & 0xffff;
    this.timestamp = (this.timestamp + 960) >>> 0;
    this.position = (this.position + 1) % LOOP_FRAMES;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sending = false;
    this.pc.close();
  }

  private received(message: Buffer): void {
    const now = performance.now();
    this.packetsReceived += 1;
    // Our media plane writes plain headers: version 2, no padding, extension or CSRCs.
    if (message.length <= HEADER || message[0] !== 0x80 || ((message[1] ?? 0) & 0x7f) !== OPUS_PT) return;
    const partner = peers[this.index ^ 1];
    if (partner === undefined) return;
    const position = partner.tone.positions.get(message.toString("latin1", HEADER));
    if (position === undefined) return;
    const sentAt = partner.sentAt[position] ?? 0;
    const delay = now - sentAt;
    if (sentAt === 0 || delay < 0 || delay >= MAX_DELAY_MS) return;
    delays.record(delay);
    const sentIn = partner.sentIn[position] ?? 0;
    partner.delivered[sentIn] = (partner.delivered[sentIn] ?? 0) + 1;
  }
}

/** Every delay of one window (100 calls make about 150 000 in 15 s), for exact percentiles however long the tail. */
class Delays {
  private values = new Float64Array(1 << 18);
  private count = 0;

  record(ms: number): void {
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count] = ms;
    this.count += 1;
  }

  summary(): { count: number; p50Ms: number; p99Ms: number; maxMs: number } {
    const sorted = this.values.slice(0, this.count).sort();
    if (sorted.length === 0) return { count: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 };
    return { count: sorted.length, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), maxMs: sorted[sorted.length - 1] ?? 0 };
  }
}

const peers: Peer[] = [];
let delays = new Delays();
/** Windows of the bench: a snapshot with `reset` starts the next. */
let epoch = 0;
const clock = new FrameClock({ periodMs: 20 / SLOTS, maxCatchUp: 2 * SLOTS });
clock.subscribe((tick) => {
  const now = performance.now();
  const frame = Math.floor(tick.frame / SLOTS);
  for (let index = tick.frame % SLOTS; index < peers.length; index += SLOTS) peers[index]?.send(frame, now);
});

function reply(message: PeerMessage): void {
  process.send?.(message);
}

async function handle(command: PeerCommand): Promise<PeerMessage> {
  switch (command.type) {
    case "create": {
      const created = Array.from({ length: command.count }, () => {
        const peer = new Peer(peers.length);
        peers.push(peer);
        return peer;
      });
      const offers = await Promise.all(created.map(async (peer) => ({ peer: peer.index, sdp: await peer.offer() })));
      return { type: "offers", offers };
    }
    case "answers": {
      const results = await Promise.all(command.answers.map(({ peer, sdp }) => peers[peer]?.answer(sdp) ?? Promise.resolve(false)));
      const connected = results.filter(Boolean).length;
      const failures = command.answers.flatMap(({ peer }) => peers[peer]?.failure ?? []);
      return { type: "connected", connected, failed: results.length - connected, failures: failures.slice(0, 5) };
    }
    case "send":
      for (const index of command.peers) {
        const peer = peers[index];
        if (peer !== undefined) peer.sending = command.on;
      }
      return { type: "done" };
    case "close":
      for (const index of command.peers) peers[index]?.close();
      return { type: "done" };
    case "snapshot": {
      const cpu = process.cpuUsage();
      const snapshot: PeerMessage = {
        type: "snapshot",
        cpu: { userMs: cpu.user / 1000, systemMs: cpu.system / 1000 },
        epoch: command.reset ? epoch + 1 : epoch,
        received: peers.map((peer) => peer.packetsReceived),
        delay: delays.summary(),
        pacing: clock.lateness.summary(),
      };
      if (command.reset) {
        delays = new Delays();
        clock.lateness.reset();
        epoch += 1;
      }
      return snapshot;
    }
    case "epoch":
      return { type: "epoch", peers: peers.map((peer) => ({ sent: peer.sent[command.epoch] ?? 0, delivered: peer.delivered[command.epoch] ?? 0 })) };
    case "stop":
      shutdown();
      return { type: "done" };
  }
}

function shutdown(): never {
  for (const peer of peers) peer.close();
  process.exit(0);
}

process.on("message", (message: unknown) => {
  const parsed = PeerCommand.safeParse(message);
  if (!parsed.success) {
    reply({ type: "error", message: parsed.error.message });
    return;
  }
  handle(parsed.data).then(reply, (error: unknown) => reply({ type: "error", message: error instanceof Error ? error.message : String(error) }));
});
process.on("disconnect", shutdown);
reply({ type: "ready" });
