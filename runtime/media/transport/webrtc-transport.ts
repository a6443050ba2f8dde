import { randomBytes, randomInt } from "node:crypto";
import { Audio, type Direction, PeerConnection, RtcpReceivingSession, RtcpSrReporter, RtpPacketizationConfig, type Track } from "node-datachannel";
import { assembleAnswer, withPublicIp } from "./answer-sdp";
import { type AudioOffer, type MediaDirection, readAudioOffer, sanitizedOffer } from "./audio-offer";
import type { IceServer } from "./ice-servers";
import { MediaOfferError } from "./media-offer-error";
import type { MediaTransport, NegotiatedAudio, TransportState, TransportStats } from "./media-transport";
import { nativeIceServers } from "./native-ice-servers";

export interface WebRtcOptions {
  /** Our own STUN/TURN servers (resolved credentials; see iceServersForClient). */
  iceServers: IceServer[];
  /** UDP ports for ICE (RTP_PORT_MIN/RTP_PORT_MAX); one port per connection. */
  portRange?: { min: number; max: number };
  /** MEDIA_PUBLIC_IP: the address written into our host candidates (1:1 NAT). */
  publicIp?: string;
  /** The local address to bind (default: every interface). */
  bindAddress?: string;
  /** A peer that has not connected this long after the answer: `failed`, reason `ice_timeout` (default 15000). */
  connectTimeoutMs?: number;
  /** Longest wait for our ICE candidates before the answer goes out with those found so far (default 5000). */
  gatherTimeoutMs?: number;
}

/** Why a transport ended (the `reason` of `failed`/`closed`), besides the reason given to close(). */
export type WebRtcEndReason = "ice_timeout" | "ice_failed" | "ice_consent_expired" | "dtls_failed" | "remote_closed";

const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
const DEFAULT_GATHER_TIMEOUT_MS = 5_000;
const OPUS_FMTP = "minptime=10;useinbandfec=1";

/**
 * Answers a WebRTC offer (a browser, the agent console, Meta's ICE-lite side) with one audio leg:
 * Opus 48000/2 with the offer's payload type, at most one telephone-event (8000 preferred),
 * `a=setup:active` for an actpass offer, rtcp-mux and our SSRC declared. No trickle: the answer
 * holds every candidate gathered. Refuses bad offers with a MediaOfferError before any native
 * object exists.
 */
export async function answerWebRtcOffer(offerSdp: string, options: WebRtcOptions): Promise<{ transport: MediaTransport; answerSdp: string }> {
  const offer = readAudioOffer(offerSdp);
  const audio: NegotiatedAudio = {
    codec: "opus",
    payloadType: offer.opusPayloadType,
    clockRate: 48000,
    ...(offer.telephoneEvent ? { telephoneEvent: { ...offer.telephoneEvent } } : {}),
  };
  const localSsrc = randomInt(1, 0xffffffff);
  const cname = randomBytes(8).toString("hex");
  const pc = new PeerConnection(`leg-${cname}`, {
    iceServers: nativeIceServers(options.iceServers),
    ...(options.bindAddress ? { bindAddress: options.bindAddress } : {}),
    ...(options.portRange ? { portRangeBegin: options.portRange.min, portRangeEnd: options.portRange.max } : {}),
  });
  try {
    const description = new Audio(offer.mid, nativeDirection(offer.direction));
    description.addOpusCodec(offer.opusPayloadType, OPUS_FMTP);
    if (offer.telephoneEvent) description.addAudioCodec(offer.telephoneEvent.payloadType, `telephone-event/${offer.telephoneEvent.clockRate}`, "0-15");
    description.addSSRC(localSsrc, cname, "switchboard", `audio-${cname}`);
    const track = pc.addTrack(description);
    const rtcp = new RtcpReceivingSession();
    rtcp.addToChain(new RtcpSrReporter(new RtpPacketizationConfig(localSsrc, cname, offer.opusPayloadType, 48000)));
    track.setMediaHandler(rtcp);
    const transport = new WebRtcTransport(pc, track, audio, localSsrc);
    const gathered = gatheringComplete(pc, options.gatherTimeoutMs ?? DEFAULT_GATHER_TIMEOUT_MS);
    applyOffer(pc, offer);
    await gathered;
    const local = pc.localDescription();
    if (!local) throw new Error("libdatachannel made no answer");
    const answerSdp = assembleAnswer(local.sdp, offer, options.publicIp);
    transport.expectConnectionWithin(options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
    return { transport, answerSdp };
  } catch (error) {
    pc.close();
    throw error;
  }
}

/** Our offer's audio (MEDIA.md 5.5: Opus 48 kHz and telephone-event/8000 only; Chrome's payload types, which Meta's samples echo). */
export const OFFER_OPUS_PT = 111;
export const OFFER_TELEPHONE_EVENT_PT = 126;
/** Our offer's one m-section (mid "0", as Chrome's offers that Meta's business-initiated samples echo). */
const OFFER_MID = "0";

/** Our WebRTC offer, waiting for the peer's answer. */
export interface WebRtcOffer {
  offerSdp: string;
  /**
   * Applies the peer's answer: the transport, connecting (ICE and DTLS within `connectTimeoutMs`).
   * Refuses (MediaOfferError) an answer that is not SDP, has no Opus on our payload type, another
   * mid, or no ICE credentials or fingerprint; the offer stays open for a better answer.
   */
  complete(answerSdp: string): MediaTransport;
  /** The offer was never answered (the call failed or was cancelled): its port goes back. */
  close(): void;
}

/**
 * Makes our own offer for one audio leg (a business-initiated WhatsApp call): Opus 48000/2 on 111
 * and telephone-event/8000 on 126, `a=setup:actpass` (RFC 5763: the answer picks; Meta's takes
 * active, so we are the DTLS server), rtcp-mux, our SSRC declared, every candidate gathered (no
 * trickle). As the offerer and ICE-full we are the controlling ICE agent, which an ICE-lite
 * answerer (Meta) needs.
 */
export async function offerWebRtc(options: WebRtcOptions): Promise<WebRtcOffer> {
  const localSsrc = randomInt(1, 0xffffffff);
  const cname = randomBytes(8).toString("hex");
  const pc = new PeerConnection(`leg-${cname}`, {
    iceServers: nativeIceServers(options.iceServers),
    ...(options.bindAddress ? { bindAddress: options.bindAddress } : {}),
    ...(options.portRange ? { portRangeBegin: options.portRange.min, portRangeEnd: options.portRange.max } : {}),
  });
  try {
    const description = new Audio(OFFER_MID, "SendRecv");
    description.addOpusCodec(OFFER_OPUS_PT, OPUS_FMTP);
    description.addAudioCodec(OFFER_TELEPHONE_EVENT_PT, "telephone-event/8000", "0-15");
    description.addSSRC(localSsrc, cname, "switchboard", `audio-${cname}`);
    const track = pc.addTrack(description);
    const rtcp = new RtcpReceivingSession();
    rtcp.addToChain(new RtcpSrReporter(new RtpPacketizationConfig(localSsrc, cname, OFFER_OPUS_PT, 48000)));
    track.setMediaHandler(rtcp);
    const gathered = gatheringComplete(pc, options.gatherTimeoutMs ?? DEFAULT_GATHER_TIMEOUT_MS);
    pc.setLocalDescription("offer");
    await gathered;
    const local = pc.localDescription();
    if (!local) throw new Error("libdatachannel made no offer");
    const offerSdp = assembleOffer(local.sdp, options.publicIp);
    let completed = false;
    return {
      offerSdp,
      complete: (answerSdp) => {
        if (completed) throw new MediaOfferError("invalid_sdp", "this offer was answered already");
        const answer = readAudioAnswer(answerSdp);
        if (answer.mid !== OFFER_MID) throw new MediaOfferError("invalid_sdp", `the answer's audio has a=mid:${answer.mid}; our offer's is ${OFFER_MID}`);
        if (answer.opusPayloadType !== OFFER_OPUS_PT) throw new MediaOfferError("no_common_codec", `the answer has Opus on payload type ${answer.opusPayloadType}; our offer put it on ${OFFER_OPUS_PT}`);
        if (answer.setup === "actpass") throw new MediaOfferError("invalid_sdp", "the answer must pick a DTLS role (a=setup:active or passive), not actpass");
        const te = answer.telephoneEvent?.payloadType === OFFER_TELEPHONE_EVENT_PT && answer.telephoneEvent.clockRate === 8000 ? answer.telephoneEvent : undefined;
        const audio: NegotiatedAudio = { codec: "opus", payloadType: OFFER_OPUS_PT, clockRate: 48000, ...(te ? { telephoneEvent: { ...te } } : {}) };
        try {
          pc.setRemoteDescription(sanitizedOffer(answer), "answer");
        } catch (error) {
          throw new MediaOfferError("invalid_sdp", `the WebRTC stack refused the answer: ${error instanceof Error ? error.message : String(error)}`);
        }
        completed = true;
        const transport = new WebRtcTransport(pc, track, audio, localSsrc);
        transport.expectConnectionWithin(options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
        return transport;
      },
      close: () => {
        if (!completed) pc.close();
      },
    };
  } catch (error) {
    pc.close();
    throw error;
  }
}

/** The answer to our offer, read with the offer reader's checks (its refusals name the answer). */
function readAudioAnswer(sdp: string): AudioOffer {
  try {
    return readAudioOffer(sdp);
  } catch (error) {
    if (error instanceof MediaOfferError) throw new MediaOfferError(error.code, error.message.replace(/\bthe offer\b/g, "the answer").replace(/\bThe offer\b/g, "The answer"));
    throw error;
  }
}

/** libdatachannel's offer, with `publicIp` written into our host candidates (1:1 NAT). */
function assembleOffer(nativeOffer: string, publicIp: string | undefined): string {
  const lines = nativeOffer.split(/\r?\n/).filter((line) => line !== "");
  if (publicIp === undefined) return `${lines.join("\r\n")}\r\n`;
  const firstMedia = lines.findIndex((line) => line.startsWith("m="));
  if (firstMedia < 0) throw new Error("libdatachannel's offer has no m-line");
  return `${[...lines.slice(0, firstMedia), ...withPublicIp(lines.slice(firstMedia), publicIp)].join("\r\n")}\r\n`;
}

/** One WebRTC audio leg over node-datachannel: RTP in and out, SRTP and RTCP handled below. */
class WebRtcTransport implements MediaTransport {
  readonly kind = "webrtc";
  readonly expectsRtp = true;
  readonly sending = true;
  private current: TransportState = "connecting";
  private readonly rtpListeners: ((packet: Buffer) => void)[] = [];
  private readonly stateListeners: ((state: TransportState, reason?: string) => void)[] = [];
  private readonly counters: TransportStats = { packetsSent: 0, packetsReceived: 0, bytesSent: 0, bytesReceived: 0, packetsDropped: 0 };
  private connectTimer: NodeJS.Timeout | undefined;
  private wasConnected = false;
  private iceFailed = false;
  private failing = false;

  constructor(
    private readonly pc: PeerConnection,
    private readonly track: Track,
    readonly audio: NegotiatedAudio,
    readonly localSsrc: number,
  ) {
    // Every callback handed to native code catches what it throws: an exception escaping into
    // node-datachannel's thread-safe callback would end the process.
    pc.onIceStateChange((state) => {
      if (state === "failed") this.iceFailed = true;
    });
    pc.onStateChange((state) => guarded(() => this.nativeStateChanged(state)));
    track.onMessage((message) => guarded(() => this.received(message)));
  }

  get state(): TransportState {
    return this.current;
  }

  sendRtp(packet: Buffer): void {
    if (this.current !== "connected" || packet.length < 12) {
      this.counters.packetsDropped++;
      return;
    }
    try {
      if (this.track.sendMessageBinary(packet)) {
        this.counters.packetsSent++;
        this.counters.bytesSent += packet.length;
        return;
      }
    } catch {
      // Not open yet, or refused by libsrtp (a replayed sequence number): dropped, counted below.
    }
    this.counters.packetsDropped++;
  }

  onRtp(listener: (packet: Buffer) => void): void {
    this.rtpListeners.push(listener);
  }

  onState(listener: (state: TransportState, reason?: string) => void): void {
    this.stateListeners.push(listener);
  }

  close(reason = "local_close"): void {
    this.end("closed", reason);
  }

  stats(): TransportStats {
    return { ...this.counters };
  }

  /** Called once the answer is out: the peer has this long to complete ICE and DTLS. */
  expectConnectionWithin(timeoutMs: number): void {
    if (this.current !== "connecting") return;
    this.connectTimer = setTimeout(() => this.end("failed", "ice_timeout"), timeoutMs);
    this.connectTimer.unref();
  }

  private received(message: Buffer): void {
    // RtcpReceivingSession keeps RTCP below; this guards against anything else that is not RTP.
    if (message.length < 12 || (message[0] ?? 0) >> 6 !== 2) return;
    const payloadType = (message[1] ?? 0) & 0x7f;
    if (payloadType >= 64 && payloadType <= 95) return;
    this.counters.packetsReceived++;
    this.counters.bytesReceived += message.length;
    for (const listener of this.rtpListeners) guarded(() => listener(message));
  }

  private nativeStateChanged(state: string): void {
    if (state === "connected") {
      if (this.current !== "connecting") return;
      clearTimeout(this.connectTimer);
      this.wasConnected = true;
      this.change("connected");
    } else if (state === "failed") {
      // libdatachannel reports ICE failure before the connection's, through another callback queue,
      // and closes right after: decide on the next turn, when the ICE callback has run.
      this.failing = true;
      setImmediate(() => this.end("failed", this.iceFailed ? (this.wasConnected ? "ice_consent_expired" : "ice_failed") : "dtls_failed"));
    } else if ((state === "disconnected" || state === "closed") && !this.failing) {
      this.end("closed", "remote_closed");
    }
  }

  private end(state: "failed" | "closed", reason: string): void {
    if (this.current === "failed" || this.current === "closed") return;
    clearTimeout(this.connectTimer);
    this.change(state, reason);
    this.pc.close();
  }

  private change(state: TransportState, reason?: string): void {
    this.current = state;
    for (const listener of this.stateListeners) guarded(() => listener(state, reason));
  }
}

function applyOffer(pc: PeerConnection, offer: AudioOffer): void {
  try {
    pc.setRemoteDescription(sanitizedOffer(offer), "offer");
  } catch (error) {
    throw new MediaOfferError("invalid_sdp", `the WebRTC stack refused the offer: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function gatheringComplete(pc: PeerConnection, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    pc.onGatheringStateChange((state) => {
      if (state !== "complete") return;
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Our direction for the offer's: we send what they receive and receive what they send. */
function nativeDirection(direction: MediaDirection): Direction {
  if (direction === "sendonly") return "RecvOnly";
  if (direction === "recvonly") return "SendOnly";
  if (direction === "inactive") return "Inactive";
  return "SendRecv";
}

/**
 * Runs a listener so that what it throws never unwinds into native code (that would end the
 * process) nor keeps the other listeners from their packet: it surfaces as an ordinary uncaught
 * error on the next turn.
 */
function guarded(work: () => void): void {
  try {
    work();
  } catch (error) {
    rethrowLater(error);
  }
}

function rethrowLater(error: unknown): void {
  setImmediate(() => {
    throw error;
  });
}
