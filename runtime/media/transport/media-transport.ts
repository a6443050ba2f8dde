/**
 * What every audio transport of the media plane implements: a WebRTC peer connection
 * (webrtc-transport.ts) today, plain RTP for the SIP trunk later. A transport moves complete RTP
 * packets; codecs, pacing, SSRC/sequence/timestamp ownership and DTMF live above it (legs, egress).
 */
export type TransportState = "connecting" | "connected" | "failed" | "closed";

export interface NegotiatedAudio {
  codec: "opus" | "pcmu" | "pcma";
  payloadType: number;
  clockRate: number;
  telephoneEvent?: { payloadType: number; clockRate: number };
}

export interface TransportStats {
  packetsSent: number;
  packetsReceived: number;
  bytesSent: number;
  bytesReceived: number;
  /** sendRtp() calls that did not leave: not connected yet, after the end, or refused by the stack. */
  packetsDropped: number;
}

export interface MediaTransport {
  readonly kind: "webrtc" | "rtp";
  readonly audio: NegotiatedAudio;
  /** The SSRC our outgoing RTP must carry (declared in our SDP). */
  readonly localSsrc: number;
  readonly state: TransportState;
  /** Sends one complete RTP packet (header + payload; the transport encrypts/SRTPs as needed). */
  sendRtp(packet: Buffer): void;
  /** Every incoming RTP packet (not RTCP), decrypted. */
  onRtp(listener: (packet: Buffer) => void): void;
  /** State changes; `failed` and `closed` are final and come with a reason. */
  onState(listener: (state: TransportState, reason?: string) => void): void;
  close(reason?: string): void;
  /** Counters for stats and tests. */
  stats(): TransportStats;
}
