import { createSocket, type RemoteInfo, type Socket } from "node:dgram";
import { toneLevel } from "../analysis/goertzel";
import { aLawToPcm, muLawToPcm, pcmToALaw, pcmToMuLaw } from "../codecs/g711";
import { parseRtcp, type RtcpPacket } from "../rtp/rtcp";
import { parseRtp, type RtpPacket, serializeRtp } from "../rtp/rtp-packet";
import { parseSipSdp, type SipAudioSdp } from "../sdp/sip-sdp";
import { sine } from "./sine";

/** An SDP of ours (an answer or offer a test got back), read by the SIP SDP module; throws what it refuses. */
export function sipSdp(text: string): SipAudioSdp {
  const result = parseSipSdp(text);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

export interface ReceivedRtp {
  packet: RtpPacket;
  /** performance.now() at arrival. */
  at: number;
  from: RemoteInfo;
}

export interface PeerOfferOptions {
  /** m-line formats with their rtpmap, in order (default PCMU 0, PCMA 8, telephone-event 101). */
  formats?: { payloadType: number; encoding: string }[];
  direction?: "sendrecv" | "sendonly" | "recvonly" | "inactive";
  /** The address written in c= (default 127.0.0.1); `0.0.0.0` is legacy hold. */
  address?: string;
  /** The port written in the m-line (default this peer's RTP port). */
  port?: number;
  version?: number;
  extra?: string[];
}

const G711_SAMPLES = 160;

/**
 * A SIP-side RTP peer for tests: plain UDP sockets on 127.0.0.1 (RTP and its RTCP port), an SDP
 * offer or answer in sipp's and baresip's shape, and what it receives kept for asserting: RTP
 * packets (with arrival times and sources), RTCP packets, decoded G.711 for tone levels.
 */
export class RtpPeer {
  readonly received: ReceivedRtp[] = [];
  readonly rtcpReceived: RtcpPacket[][] = [];
  private toneTimer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    readonly rtp: Socket,
    readonly rtcp: Socket,
    readonly address: string,
  ) {
    rtp.on("message", (message, from) => {
      const packet = parseRtp(message);
      if (packet !== undefined) this.received.push({ packet: { ...packet, payload: Buffer.from(packet.payload) }, at: performance.now(), from });
    });
    rtcp.on("message", (message) => {
      const packets = parseRtcp(message);
      if (packets !== undefined) this.rtcpReceived.push(packets);
    });
  }

  static async open(address = "127.0.0.1"): Promise<RtpPeer> {
    const bind = () =>
      new Promise<Socket>((resolve, reject) => {
        const socket = createSocket("udp4");
        socket.once("error", reject);
        socket.bind(0, address, () => resolve(socket));
      });
    return new RtpPeer(await bind(), await bind(), address);
  }

  get port(): number {
    return this.rtp.address().port;
  }

  get rtcpPort(): number {
    return this.rtcp.address().port;
  }

  /** An SDP offer (or answer) from this peer, sipp-shaped: `a=rtcp` names its RTCP socket. */
  sdp(options: PeerOfferOptions = {}): string {
    const formats = options.formats ?? [
      { payloadType: 0, encoding: "PCMU/8000" },
      { payloadType: 8, encoding: "PCMA/8000" },
      { payloadType: 101, encoding: "telephone-event/8000" },
    ];
    const address = options.address ?? this.address;
    return [
      "v=0",
      `o=peer 42 ${options.version ?? 1} IN IP4 ${this.address}`,
      "s=-",
      `c=IN IP4 ${address}`,
      "t=0 0",
      `m=audio ${options.port ?? this.port} RTP/AVP ${formats.map((format) => format.payloadType).join(" ")}`,
      ...formats.map((format) => `a=rtpmap:${format.payloadType} ${format.encoding}`),
      `a=rtcp:${this.rtcpPort}`,
      ...(options.extra ?? []),
      `a=${options.direction ?? "sendrecv"}`,
      "",
    ].join("\r\n");
  }

  /** Sends a datagram to the RTP address of an SDP (ours, answering), or to an explicit port. */
  send(datagram: Buffer, to: number | string, via: Socket = this.rtp): void {
    const port = typeof to === "number" ? to : sipSdp(to).port;
    via.send(datagram, port, "127.0.0.1");
  }

  /** Replays datagrams (a sipp pcap) to a port, `spacingMs` apart; resolves when all left. */
  async replay(datagrams: readonly Buffer[], port: number, spacingMs: number): Promise<void> {
    for (const datagram of datagrams) {
      this.send(datagram, port);
      await new Promise((resolve) => setTimeout(resolve, spacingMs));
    }
  }

  /** Sends a G.711 sine every 20 ms (160 samples, seq +1, ts +160) until `stopTone`. */
  playTone(frequency: number, port: number, options: { codec?: "pcmu" | "pcma"; ssrc?: number; amplitude?: number } = {}): void {
    this.stopTone();
    const codec = options.codec ?? "pcmu";
    let seq = 1000;
    let frame = 0;
    const ssrc = options.ssrc ?? 0x5eed0001;
    this.toneTimer = setInterval(() => {
      const pcm = sine(frequency, 8000, G711_SAMPLES, options.amplitude ?? 0.3, frame * G711_SAMPLES);
      const payload = codec === "pcmu" ? pcmToMuLaw(pcm) : pcmToALaw(pcm);
      this.send(serializeRtp({ marker: frame === 0, payloadType: codec === "pcmu" ? 0 : 8, sequenceNumber: seq & 0xffff, timestamp: (frame * G711_SAMPLES) >>> 0, ssrc, csrcs: [], payload }), port);
      seq++;
      frame++;
    }, 20);
  }

  stopTone(): void {
    clearInterval(this.toneTimer);
    this.toneTimer = undefined;
  }

  /** Received audio packets (PT 0 or 8) since `since` (performance.now()). */
  audioSince(since = 0): ReceivedRtp[] {
    return this.received.filter((item) => item.at >= since && (item.packet.payloadType === 0 || item.packet.payloadType === 8));
  }

  /** The tone's amplitude (relative to full scale) over the last `ms` of G.711 received. */
  toneLevel(frequency: number, ms = 400): number {
    const packets = this.audioSince(performance.now() - ms);
    const pcm = packets.map((item) => (item.packet.payloadType === 0 ? muLawToPcm(item.packet.payload) : aLawToPcm(item.packet.payload)));
    const samples = new Int16Array(pcm.reduce((n, part) => n + part.length, 0));
    let at = 0;
    for (const part of pcm) {
      samples.set(part, at);
      at += part.length;
    }
    return toneLevel(samples, 8000, frequency);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopTone();
    await Promise.all([this.rtp, this.rtcp].map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))));
  }
}
