import { MediaStreamTrack, RTCPeerConnection, type RTCRtpTransceiver, RTCRtpCodecParameters, RtcpRrPacket, RtpHeader, RtpPacket } from "werift";
import { buildRtcpBye } from "../rtp/rtcp";
import { ReceivedAudio } from "./received-audio";
import { RtpAudioSender } from "./rtp-audio-sender";
import { parseTelephoneEvent, type TelephoneEvent } from "../dtmf/telephone-event";

export const OPUS_PT = 111;
export const TELEPHONE_EVENT_PT = 126;

export interface WeriftPeerOptions {
  /**
   * `browser` (default): ICE-full and controlling, mid "0", like Chromium's offer.
   * `meta`: WhatsApp's side, ICE-lite (controlled), `a=mid:audio` (MEDIA.md 5.5).
   */
  shape?: "browser" | "meta";
  /** Loopback only (MEDIA.md 1.3; default true): candidates and pairs on 127.0.0.1. */
  loopback?: boolean;
}

export interface ReceivedEvent extends TelephoneEvent {
  payloadType: number;
  timestamp: number;
  sequenceNumber: number;
  marker: boolean;
}

/**
 * A werift peer playing the remote side of a WebRTC audio leg in tests: it makes the offer
 * (Opus 111 + telephone-event 126/8000), applies our answer, sends a tone, silence or RFC 4733
 * digits, and decodes what it receives so a test can ask what it heard.
 */
export class WeriftPeer {
  readonly heard = new ReceivedAudio();
  readonly receivedEvents: ReceivedEvent[] = [];
  packetsReceived = 0;
  private vanished = false;
  private sender: RtpAudioSender | undefined;

  private constructor(
    private readonly pc: RTCPeerConnection,
    private readonly transceiver: RTCRtpTransceiver,
    readonly offerSdp: string,
    private readonly midAlias: string | undefined,
    listen = true,
  ) {
    if (!listen) return;
    transceiver.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((rtp) => this.received(rtp));
    });
  }

  /** A peer with its offer made and every candidate gathered (no trickle). */
  static async offer(options: WeriftPeerOptions = {}): Promise<WeriftPeer> {
    const shape = options.shape ?? "browser";
    const holder: { peer?: WeriftPeer } = {};
    const pc = peerConnection(shape, options.loopback ?? true, () => holder.peer?.vanished ?? false);
    const transceiver = pc.addTransceiver(new MediaStreamTrack({ kind: "audio" }), { direction: "sendrecv" });
    await pc.setLocalDescription(await pc.createOffer());
    const sdp = await gathered(pc);
    const mid = transceiver.mid ?? "0";
    const midAlias = shape === "meta" ? "audio" : undefined;
    // A browser-shaped peer offers to be the DTLS client (a=setup:active): werift starts its DTLS
    // server late, so our first ClientHello is lost and OpenSSL's retransmit (1 s, then doubling)
    // made connects slow and, on a busy machine, flaky. Meta's shape keeps actpass (we are active).
    const offered = shape === "browser" ? sdp.replace(/a=setup:actpass/g, "a=setup:active") : renameMid(sdp, mid, "audio");
    holder.peer = new WeriftPeer(pc, transceiver, offered, midAlias ? mid : undefined);
    return holder.peer;
  }

  /**
   * A peer answering our offer (a business-initiated WhatsApp call: Meta's side, ICE-lite,
   * `a=setup:active` to our actpass as in Meta's sample answer), every candidate gathered.
   * `answerSdp` is what it answered.
   */
  static async answer(offerSdp: string, options: WeriftPeerOptions = {}): Promise<WeriftPeer & { answerSdp: string }> {
    const holder: { peer?: WeriftPeer } = {};
    const pc = peerConnection(options.shape ?? "meta", options.loopback ?? true, () => holder.peer?.vanished ?? false);
    // The offer's track arrives while it is applied: listen before.
    pc.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((rtp) => holder.peer?.received(rtp));
    });
    await pc.setRemoteDescription({ type: "offer", sdp: offerSdp });
    const transceiver = pc.getTransceivers()[0];
    if (transceiver === undefined) throw new Error("werift found no audio in the offer");
    transceiver.setDirection("sendrecv");
    await pc.setLocalDescription(await pc.createAnswer());
    const answerSdp = await gathered(pc);
    const peer = new WeriftPeer(pc, transceiver, offerSdp, undefined, false);
    holder.peer = peer;
    return Object.assign(peer, { answerSdp });
  }

  /** Applies the answer (our transport's). */
  async applyAnswer(answerSdp: string): Promise<void> {
    const sdp = this.midAlias !== undefined ? renameMid(answerSdp, "audio", this.midAlias) : answerSdp;
    await this.pc.setRemoteDescription({ type: "answer", sdp });
  }

  get connectionState(): string {
    return this.pc.connectionState;
  }

  async waitForConnected(timeoutMs = 10_000): Promise<void> {
    if (this.pc.connectionState === "connected") return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`werift peer not connected after ${timeoutMs} ms (${this.pc.connectionState})`)), timeoutMs);
      this.pc.connectionStateChange.subscribe((state) => {
        if (state !== "connected") return;
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Sends a continuous sine of `frequency` Hz (undefined: encoded silence). */
  play(frequency: number | undefined, amplitude = 0.25): void {
    this.audioSender().play(frequency, amplitude);
  }

  /** Sends RFC 4733 digits on PT 126 between audio frames; resolves after the last. */
  /** Sends recorded audio (48 kHz mono PCM, e.g. espeak-ng speech) at the real pace; resolves when its last frame left (performance.now()). */
  say(samples48k: Int16Array): Promise<number> {
    return this.audioSender().playPcm(samples48k);
  }

  sendDigits(digits: string, timing?: { toneMs?: number; gapMs?: number }): Promise<void> {
    return this.audioSender().sendDigits(digits, timing);
  }

  get packetsSent(): number {
    return this.sender?.packetsSent ?? 0;
  }

  /** Amplitude of `frequency` in what arrived over the last `ms`. */
  toneLevel(frequency: number, ms = 400): number {
    return this.heard.toneLevel(frequency, ms);
  }

  /** RMS of what arrived over the last `ms`. */
  receivedEnergy(ms = 400): number {
    return this.heard.energy(ms);
  }

  /** Sends an RTCP BYE for its stream (a compound RR + SDES + BYE over SRTCP), as a peer leaving a session does; media goes on unless stopped. */
  async sendRtcpBye(): Promise<void> {
    const sender = this.transceiver.sender;
    await sender.dtlsTransport.sendRtcp([new RawRtcp(buildRtcpBye(sender.ssrc, "werift"))]);
  }

  /** The peer disappears without a word: no more media, no answers to ICE consent checks, no DTLS close. */
  vanish(): void {
    this.vanished = true;
    this.sender?.stop();
  }

  async close(): Promise<void> {
    this.sender?.stop();
    await this.pc.close();
  }

  private audioSender(): RtpAudioSender {
    if (this.sender) return this.sender;
    const sender = this.transceiver.sender;
    this.sender = new RtpAudioSender({
      ssrc: sender.ssrc,
      payloadType: OPUS_PT,
      telephoneEvent: { payloadType: TELEPHONE_EVENT_PT, clockRate: 8000 },
      send: (packet) => {
        if (this.vanished) return;
        const rtp = RtpPacket.deSerialize(packet);
        // werift's sendRtp() rewrites the payload type to Opus (MEDIA.md gotcha 3): events go below it.
        const sent = rtp.header.payloadType === OPUS_PT ? sender.sendRtp(rtp) : sender.dtlsTransport.sendRtp(rtp.payload, new RtpHeader({ ...rtp.header }));
        sent.catch(() => undefined);
      },
    });
    return this.sender;
  }

  private received(rtp: RtpPacket): void {
    this.packetsReceived++;
    const { payloadType, timestamp, sequenceNumber, marker } = rtp.header;
    if (payloadType === OPUS_PT) this.heard.pushOpus(rtp.payload);
    else if (payloadType === TELEPHONE_EVENT_PT) {
      const event = parseTelephoneEvent(rtp.payload);
      if (event) this.receivedEvents.push({ ...event, payloadType, timestamp, sequenceNumber, marker });
    }
  }
}

/** RTCP bytes built elsewhere (`rtp/rtcp.ts`), sent through werift's SRTCP, which only asks a packet to serialize itself. */
class RawRtcp extends RtcpRrPacket {
  constructor(private readonly bytes: Buffer) {
    super();
  }

  override serialize(): Buffer<ArrayBuffer> {
    return Buffer.from(this.bytes);
  }
}

/** Renames an SDP's mid (a=mid and the BUNDLE group), so the offer looks like Meta's `a=mid:audio`. */
export function renameMid(sdp: string, from: string, to: string): string {
  return sdp
    .split("\r\n")
    .map((line) => {
      if (line === `a=mid:${from}`) return `a=mid:${to}`;
      if (line.startsWith("a=group:BUNDLE ")) return `a=group:BUNDLE ${line.slice("a=group:BUNDLE ".length).split(" ").map((mid) => (mid === from ? to : mid)).join(" ")}`;
      return line;
    })
    .join("\r\n");
}

/** werift's peer connection for either shape: Opus 111 and telephone-event 126/8000 only, loopback candidates in tests. */
function peerConnection(shape: "browser" | "meta", loopback: boolean, vanished: () => boolean): RTCPeerConnection {
  return new RTCPeerConnection({
    codecs: {
      audio: [
        new RTCRtpCodecParameters({ mimeType: "audio/opus", clockRate: 48000, channels: 2, payloadType: OPUS_PT, parameters: "minptime=10;useinbandfec=1" }),
        // werift drops RTP whose payload type is not listed (MEDIA.md 1.2, gotcha 2).
        new RTCRtpCodecParameters({ mimeType: "audio/telephone-event", clockRate: 8000, payloadType: TELEPHONE_EVENT_PT }),
      ],
    },
    iceLite: shape === "meta",
    iceUseIpv6: false,
    ...(loopback
      ? {
          iceAdditionalHostAddresses: ["127.0.0.1"],
          iceInterfaceAddresses: { udp4: "127.0.0.1" },
          iceFilterCandidatePair: (pair) => pair.remoteCandidate.host.startsWith("127."),
        }
      : {}),
    // A vanished peer stops answering connectivity and consent checks.
    iceFilterStunResponse: () => !vanished(),
  });
}

/** The local description once every candidate is gathered. */
async function gathered(pc: RTCPeerConnection): Promise<string> {
  await new Promise<void>((resolve) => {
    if (pc.iceGatheringState === "complete") resolve();
    else pc.iceGatheringStateChange.subscribe((state) => state === "complete" && resolve());
  });
  const sdp = pc.localDescription?.sdp;
  if (!sdp) throw new Error("werift made no description");
  return sdp;
}
