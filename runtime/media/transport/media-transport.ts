/**
 * What every audio transport of the media plane implements: a WebRTC peer connection
 * (webrtc-transport.ts) and plain RTP / SDES-SRTP for SIP calls (rtp-transport.ts). A transport moves complete RTP
 * packets (a Twilio Media Stream, stream-transport.ts, turns its JSON frames into them); codecs, pacing, SSRC/sequence/timestamp ownership and DTMF live above it (legs, egress).
 */
export type TransportState = "connecting" | "connected" | "failed" | "closed";

export interface NegotiatedAudio {
  codec: "opus" | "pcmu" | "pcma";
  payloadType: number;
  clockRate: number;
  telephoneEvent?: { payloadType: number; clockRate: number };
  /** Other payload types taken as RFC 4733 telephone-events on receipt (SIP: 101 even when not negotiated, MEDIA.md 2.3). */
  telephoneEventAlso?: readonly number[];
}

export interface TransportStats {
  packetsSent: number;
  packetsReceived: number;
  bytesSent: number;
  bytesReceived: number;
  /** sendRtp() calls that did not leave: not connected yet, after the end, on hold (RTP: our direction is recvonly/inactive), or refused by the stack. */
  packetsDropped: number;
}

export interface MediaTransport {
  readonly kind: "webrtc" | "rtp" | "stream";
  readonly audio: NegotiatedAudio;
  /** The SSRC our outgoing RTP must carry (declared in our SDP). */
  readonly localSsrc: number;
  readonly state: TransportState;
  /**
   * Does the peer send us media now? False while it holds the call (SDP sendonly/inactive): the
   * leg's no-RTP watchdog then waits. WebRTC: always true.
   */
  readonly expectsRtp: boolean;
  /**
   * May we send now? False while the peer holds us (we answered recvonly/inactive): the egress
   * sends nothing and, on resume, starts a new segment whose timestamp follows the time that
   * passed (no jump back, no burst). WebRTC: always true.
   */
  readonly sending: boolean;
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
