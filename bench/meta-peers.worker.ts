/**
 * WhatsApp's side of the WhatsApp calls bench (bench/whatsapp-calls.bench.ts), in a child process
 * of its own: werift peers shaped like Meta's media servers (MEDIA.md 5.5: ICE-lite, `a=setup:actpass`,
 * `a=mid:audio`, Opus 111 + telephone-event 126/8000), so the media plane is the controlling ICE
 * agent and the DTLS client as with real WhatsApp calls. werift, not node-datachannel: libjuice
 * cannot be an ICE-lite offerer. Each peer sends real Opus every 20 ms (one second of a 523 Hz tone
 * encoded once and looped, werift's one SSRC, seq +1, ts +960), paced by the media plane's own
 * FrameClock and spread over the 20 ms in SLOTS groups, and counts the RTP it receives. Speaks the
 * protocol of bench/media-peers-protocol.ts (the delay and delivery counters stay empty: the
 * partners live in another process).
 */
import { MediaStreamTrack, RTCPeerConnection, type RTCRtpTransceiver, RTCRtpCodecParameters, RtpHeader, RtpPacket } from "werift";
import { FrameClock } from "../runtime/media/clock/frame-clock";
import { createOpusEncoder } from "../runtime/media/codecs/opus-codec";
import { sineFrames } from "../runtime/media/test-support/sine";
import { renameMid } from "../runtime/media/test-support/werift-peer";
import { PeerCommand, type PeerMessage } from "./media-peers-protocol";

const OPUS_PT = 111;
const TELEPHONE_EVENT_PT = 126;
const LOOP_FRAMES = 50;
const CONNECT_WAIT_MS = 30_000;
const SLOTS = 4;

/** One second of the tone, from an encoder that has been through one loop already. */
const TONE = (() => {
  const encoder = createOpusEncoder(48000);
  return sineFrames(523, 48000, LOOP_FRAMES * 2, 0.25)
    .map((frame) => encoder.encode(frame))
    .slice(LOOP_FRAMES);
})();

class MetaPeer {
  packetsReceived = 0;
  readonly sent: number[] = [];
  sending = false;
  closed = false;
  failure: string | undefined;
  private sequence = Math.floor(Math.random() * 0x10000);
  private timestamp = (Math.random() * 0xffffffff) >>> 0;
  private position = 0;
  private lastFrame: number | undefined;

  private constructor(
    readonly index: number,
    private readonly pc: RTCPeerConnection,
    private readonly transceiver: RTCRtpTransceiver,
    readonly offerSdp: string,
    private readonly mid: string,
  ) {
    transceiver.onTrack.subscribe((track) => track.onReceiveRtp.subscribe(() => (this.packetsReceived += 1)));
  }

  static async create(index: number): Promise<MetaPeer> {
    const pc = new RTCPeerConnection({
      codecs: {
        audio: [
          new RTCRtpCodecParameters({ mimeType: "audio/opus", clockRate: 48000, channels: 2, payloadType: OPUS_PT, parameters: "minptime=10;useinbandfec=1" }),
          new RTCRtpCodecParameters({ mimeType: "audio/telephone-event", clockRate: 8000, payloadType: TELEPHONE_EVENT_PT }),
        ],
      },
      iceLite: true,
      iceUseIpv6: false,
      iceAdditionalHostAddresses: ["127.0.0.1"],
      iceInterfaceAddresses: { udp4: "127.0.0.1" },
      iceFilterCandidatePair: (pair) => pair.remoteCandidate.host.startsWith("127."),
    });
    const transceiver = pc.addTransceiver(new MediaStreamTrack({ kind: "audio" }), { direction: "sendrecv" });
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === "complete") resolve();
      else pc.iceGatheringStateChange.subscribe((state) => state === "complete" && resolve());
    });
    const sdp = pc.localDescription?.sdp;
    if (sdp === undefined) throw new Error(`Meta peer ${index} made no offer`);
    const mid = transceiver.mid ?? "0";
    return new MetaPeer(index, pc, transceiver, renameMid(sdp, mid, "audio"), mid);
  }

  /** Applies the media plane's answer (its `a=mid:audio` back to werift's own mid); true once connected. */
  async answer(sdp: string): Promise<boolean> {
    try {
      await this.pc.setRemoteDescription({ type: "answer", sdp: renameMid(sdp, "audio", this.mid) });
    } catch (error) {
      this.failure = `Meta peer ${this.index}: ${error instanceof Error ? error.message : String(error)}`;
      return false;
    }
    if (this.pc.connectionState === "connected") return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.failure = `Meta peer ${this.index} not connected after ${CONNECT_WAIT_MS} ms (${this.pc.connectionState})`;
        resolve(false);
      }, CONNECT_WAIT_MS);
      this.pc.connectionStateChange.subscribe((state) => {
        if (state !== "connected") return;
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  send(frame: number): void {
    if (!this.sending || this.closed || this.pc.connectionState !== "connected") return;
    const skipped = this.lastFrame === undefined ? 0 : Math.max(0, frame - this.lastFrame - 1);
    const first = this.lastFrame === undefined;
    this.lastFrame = frame;
    this.position = (this.position + skipped) % LOOP_FRAMES;
    this.timestamp = (this.timestamp + 960 * skipped) >>> 0;
    const payload = TONE[this.position];
    if (payload === undefined) return;
    const sender = this.transceiver.sender;
    const header = new RtpHeader({ payloadType: OPUS_PT, sequenceNumber: this.sequence, timestamp: this.timestamp, ssrc: sender.ssrc, marker: first });
    sender.sendRtp(new RtpPacket(header, payload)).catch(() => undefined);
    this.sent[epoch] = (this.sent[epoch] ?? 0) + 1;
    this.sequence = (this.sequence + 1) & 0xffff;
    this.timestamp = (this.timestamp + 960) >>> 0;
    this.position = (this.position + 1) % LOOP_FRAMES;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.sending = false;
    await this.pc.close().catch(() => undefined);
  }
}

const peers: MetaPeer[] = [];
let epoch = 0;
const clock = new FrameClock({ periodMs: 20 / SLOTS, maxCatchUp: 2 * SLOTS });
clock.subscribe((tick) => {
  const frame = Math.floor(tick.frame / SLOTS);
  for (let index = tick.frame % SLOTS; index < peers.length; index += SLOTS) peers[index]?.send(frame);
});

async function handle(command: PeerCommand): Promise<PeerMessage> {
  switch (command.type) {
    case "create": {
      const created = await Promise.all(Array.from({ length: command.count }, (_, k) => MetaPeer.create(peers.length + k)));
      peers.push(...created);
      return { type: "offers", offers: created.map((peer) => ({ peer: peer.index, sdp: peer.offerSdp })) };
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
      await Promise.all(command.peers.map((index) => peers[index]?.close()));
      return { type: "done" };
    case "snapshot": {
      const cpu = process.cpuUsage();
      const snapshot: PeerMessage = {
        type: "snapshot",
        cpu: { userMs: cpu.user / 1000, systemMs: cpu.system / 1000 },
        epoch: command.reset ? epoch + 1 : epoch,
        received: peers.map((peer) => peer.packetsReceived),
        delay: { count: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 },
        pacing: clock.lateness.summary(),
      };
      if (command.reset) {
        clock.lateness.reset();
        epoch += 1;
      }
      return snapshot;
    }
    case "epoch":
      return { type: "epoch", peers: peers.map((peer) => ({ sent: peer.sent[command.epoch] ?? 0, delivered: 0 })) };
    case "stop":
      await shutdown();
      return { type: "done" };
  }
}

async function shutdown(): Promise<never> {
  await Promise.all(peers.map((peer) => peer.close()));
  process.exit(0);
}

process.on("message", (message: unknown) => {
  const parsed = PeerCommand.safeParse(message);
  if (!parsed.success) {
    process.send?.({ type: "error", message: parsed.error.message } satisfies PeerMessage);
    return;
  }
  handle(parsed.data).then(
    (answer) => process.send?.(answer),
    (error: unknown) => process.send?.({ type: "error", message: error instanceof Error ? error.message : String(error) } satisfies PeerMessage),
  );
});
process.on("disconnect", () => void shutdown());
process.send?.({ type: "ready" } satisfies PeerMessage);
