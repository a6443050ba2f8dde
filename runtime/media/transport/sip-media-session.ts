import { randomBytes, randomInt } from "node:crypto";
import { CODECS, PCMA_PAYLOAD_TYPE, PCMU_PAYLOAD_TYPE } from "../codecs/codec";
import { formatSdesCrypto, newSrtpKeyMaterial, parseSdesCrypto, type SdesCrypto } from "../srtp/sdes-crypto";
import { localMediaAddress } from "./local-address";
import { MediaOfferError } from "./media-offer-error";
import type { NegotiatedAudio } from "./media-transport";
import type { RtpPortAllocator, RtpSocketPair } from "./rtp-port-allocator";
import { type SdpAudio, type SdpDirection, type SdpFormat, type SipSdp, parseSipSdp, writeSipSdp } from "./rtp-sdp";
import { type RtpRemote, RtpTransport, type RtpTransportOptions } from "./rtp-transport";

export type G711Name = "PCMU" | "PCMA";

/** What the media process gives every SIP leg: ports, the public address, transport tuning (tests). */
export interface SipMediaEnvironment {
  allocator: RtpPortAllocator;
  /** `MEDIA_PUBLIC_IP`. */
  publicIp?: string;
  transport?: Pick<RtpTransportOptions, "rtcpIntervalMs" | "latch">;
}

export interface SipMediaRequest {
  /** The channel's codecs, in its order of preference. */
  codecs: readonly G711Name[];
  /** SDES-SRTP required (TLS trunks): plain RTP/AVP is refused. Absent: an RTP/SAVP offer is still accepted. */
  srtp?: boolean;
  /** The SIP peer's address: for an offer, our SDP's address is the local one that reaches it. */
  peerAddress?: string;
}

/** RFC 4733 telephone-event: the PT we offer, and the one we take from SIP peers even when not negotiated (MEDIA.md 2.3). */
const TELEPHONE_EVENT_PT = 101;
const COMFORT_NOISE_PT = 13;
const PTIME = 20;
const REVERSE: Record<SdpDirection, SdpDirection> = { sendrecv: "sendrecv", sendonly: "recvonly", recvonly: "sendonly", inactive: "inactive" };
const CODEC_OF: Record<G711Name, "pcmu" | "pcma"> = { PCMU: "pcmu", PCMA: "pcma" };
const STATIC_PT: Record<G711Name, number> = { PCMU: PCMU_PAYLOAD_TYPE, PCMA: PCMA_PAYLOAD_TYPE };

/** The payload type the SDP uses for this law (its static PT, or a dynamic one mapped to it), if any. */
function payloadTypeOf(audio: SdpAudio, name: G711Name): number | undefined {
  return audio.payloadTypes.find((pt) => {
    const map = audio.rtpmaps.get(pt);
    if (map !== undefined) return map.encoding === name.toLowerCase() && map.clockRate === 8000;
    return pt === STATIC_PT[name];
  });
}

function telephoneEventOf(audio: SdpAudio): number | undefined {
  return audio.payloadTypes.find((pt) => {
    const map = audio.rtpmaps.get(pt);
    return map !== undefined && map.encoding === "telephone-event" && map.clockRate === 8000;
  });
}

/** The peer's direction as it behaves: legacy hold (`c=0.0.0.0`) means it wants nothing from us. */
function effectiveDirection(audio: SdpAudio): SdpDirection {
  if (audio.address !== "0.0.0.0") return audio.direction;
  return audio.direction === "sendrecv" || audio.direction === "sendonly" ? "sendonly" : "inactive";
}

function offeredEncodings(audio: SdpAudio): string {
  return audio.payloadTypes.map((pt) => audio.rtpmaps.get(pt)?.encoding ?? String(pt)).join(", ");
}

interface Negotiated {
  audio: NegotiatedAudio;
  name: G711Name;
  payloadType: number;
  telephoneEvent: number | undefined;
  remote: RtpRemote;
  ourDirection: SdpDirection;
  /** The crypto line of theirs we accepted (its tag is repeated in our answer). */
  crypto: SdesCrypto | undefined;
}

/**
 * The SDP offer/answer of one SIP call's RTP leg (RFC 3264; MEDIA.md 3.2): answering the peer's
 * offer, or making ours and applying its answer, then every re-INVITE's offer (hold, resume, a
 * new address or key). One G.711 law is chosen per call — the first of the channel's `codecs`
 * the offer holds (an offer from us lists them all and the answer's first one wins) — plus
 * telephone-event with the peer's payload type. Every check happens before anything changes:
 * a refused SDP (a `MediaOfferError`) leaves the leg as it was.
 */
export class SipMediaSession {
  private transportValue: RtpTransport | undefined;
  private negotiated: Negotiated | undefined;
  private pendingOffer: { names: readonly G711Name[] } | undefined;
  private version = 1;
  private lastBody: string | undefined;
  private readonly sessionId = String(randomInt(1, 2 ** 31));
  private readonly cname = randomBytes(8).toString("hex");
  private readonly localSsrc = randomInt(1, 0xffffffff);
  private readonly ourKey: Buffer | undefined;
  localSdp: string;

  private constructor(
    private readonly sockets: RtpSocketPair,
    private readonly address: string,
    private readonly request: SipMediaRequest,
    private readonly environment: SipMediaEnvironment,
    srtp: boolean,
  ) {
    this.ourKey = srtp ? newSrtpKeyMaterial() : undefined;
    this.localSdp = "";
  }

  /** Answers the peer's offer: a transport at once, and our answer in `localSdp`. */
  static async answer(offerSdp: string, request: SipMediaRequest, environment: SipMediaEnvironment): Promise<SipMediaSession> {
    const sdp = parseSipSdp(offerSdp);
    const audio = usableAudio(sdp);
    const crypto = chooseCrypto(audio, request.srtp === true);
    const names = request.codecs.filter((name) => payloadTypeOf(audio, name) !== undefined);
    if (names[0] === undefined) throw new MediaOfferError("no_common_codec", `the offer's audio (${offeredEncodings(audio)}) has none of ${request.codecs.join(", ")}`);
    const sockets = await environment.allocator.allocate();
    try {
      const address = await localMediaAddress({ ...optional("publicIp", environment.publicIp), bindAddress: sockets.address, peer: audio.address });
      const session = new SipMediaSession(sockets, address, request, environment, crypto !== undefined);
      const negotiated = session.negotiate(audio, names[0], crypto);
      session.start(negotiated);
      session.localSdp = session.write(negotiated, sdp);
      return session;
    } catch (error) {
      sockets.release();
      throw error;
    }
  }

  /** Makes our offer (`localSdp`); the transport exists once `applyRemote` has the answer. */
  static async offer(request: SipMediaRequest, environment: SipMediaEnvironment): Promise<SipMediaSession> {
    if (request.codecs.length === 0) throw new MediaOfferError("no_common_codec", "no codec to offer: the channel's codecs are empty");
    const sockets = await environment.allocator.allocate();
    try {
      const address = await localMediaAddress({ ...optional("publicIp", environment.publicIp), bindAddress: sockets.address, ...optional("peer", request.peerAddress) });
      const session = new SipMediaSession(sockets, address, request, environment, request.srtp === true);
      session.pendingOffer = { names: request.codecs };
      session.localSdp = session.writeOffer(request.codecs);
      return session;
    } catch (error) {
      sockets.release();
      throw error;
    }
  }

  get transport(): RtpTransport | undefined {
    return this.transportValue;
  }

  /** Waiting for the answer to our offer. */
  get awaitingAnswer(): boolean {
    return this.pendingOffer !== undefined;
  }

  /**
   * The peer's SDP: the answer to our offer when one is pending (returns no SDP), else a new offer
   * (re-INVITE) whose answer it returns. Throws a MediaOfferError, changing nothing, for an SDP we
   * cannot accept (the SIP side answers 488 and the call goes on as it was).
   */
  applyRemote(remoteSdp: string): { localSdp?: string } {
    const sdp = parseSipSdp(remoteSdp);
    const audio = usableAudio(sdp);
    const pending = this.pendingOffer;
    if (pending !== undefined) {
      const crypto = this.ourKey === undefined ? refusePlainOnly(audio) : chooseCrypto(audio, true);
      const name = audio.payloadTypes.map((pt) => pending.names.find((candidate) => payloadTypeOf(audio, candidate) === pt)).find((found) => found !== undefined);
      if (name === undefined) throw new MediaOfferError("no_common_codec", `the answer's audio (${offeredEncodings(audio)}) has none of the codecs offered (${pending.names.join(", ")})`);
      const negotiated = this.negotiate(audio, name, crypto);
      this.pendingOffer = undefined;
      if (this.transportValue === undefined) this.start(negotiated);
      else this.update(negotiated);
      return {};
    }
    const current = this.negotiated;
    if (current === undefined) throw new MediaOfferError("invalid_sdp", "no SDP exchange to continue");
    const crypto = this.ourKey === undefined ? refusePlainOnly(audio) : chooseCrypto(audio, true);
    if (payloadTypeOf(audio, current.name) === undefined) throw new MediaOfferError("no_common_codec", `the new offer's audio (${offeredEncodings(audio)}) drops ${current.name}, the call's codec`);
    const negotiated = this.negotiate(audio, current.name, crypto);
    this.update(negotiated);
    this.localSdp = this.write(negotiated, sdp);
    return { localSdp: this.localSdp };
  }

  /** A new offer of ours (a re-INVITE without SDP asks for one): the call's codec, sendrecv. */
  reoffer(): string {
    const current = this.negotiated;
    const names = current === undefined ? this.request.codecs : [current.name];
    this.pendingOffer = { names };
    this.localSdp = this.writeOffer(names);
    return this.localSdp;
  }

  /** Closes the transport, or gives the ports back when there is none yet. */
  close(reason?: string): void {
    if (this.transportValue === undefined) this.sockets.release();
    else this.transportValue.close(reason);
  }

  private negotiate(audio: SdpAudio, name: G711Name, crypto: SdesCrypto | undefined): Negotiated {
    const payloadType = payloadTypeOf(audio, name) ?? STATIC_PT[name];
    const telephoneEvent = telephoneEventOf(audio);
    const remoteDirection = effectiveDirection(audio);
    const ourDirection = REVERSE[remoteDirection];
    const rtp = audio.address === "0.0.0.0" || audio.port === 0 ? undefined : { address: audio.address, port: audio.port };
    const rtcp = rtp === undefined ? undefined : audio.rtcpMux ? rtp : { address: audio.rtcp?.address ?? audio.address, port: audio.rtcp?.port ?? audio.port + 1 };
    const other = payloadTypeOf(audio, name === "PCMU" ? "PCMA" : "PCMU");
    const payloadTypes = new Set([payloadType, TELEPHONE_EVENT_PT, ...(telephoneEvent === undefined ? [] : [telephoneEvent]), ...(other === undefined ? [] : [other]), ...(audio.payloadTypes.includes(COMFORT_NOISE_PT) ? [COMFORT_NOISE_PT] : [])]);
    const codec = CODEC_OF[name];
    return {
      name,
      payloadType,
      telephoneEvent,
      ourDirection,
      crypto,
      audio: {
        codec,
        payloadType,
        clockRate: CODECS[codec].clockRate,
        ...(telephoneEvent === undefined ? {} : { telephoneEvent: { payloadType: telephoneEvent, clockRate: 8000 } }),
        ...(telephoneEvent === TELEPHONE_EVENT_PT ? {} : { telephoneEventAlso: [TELEPHONE_EVENT_PT] }),
      },
      remote: {
        rtp,
        rtcp,
        rtcpMux: audio.rtcpMux,
        send: ourDirection === "sendrecv" || ourDirection === "sendonly",
        expectsRtp: remoteDirection === "sendrecv",
        payloadTypes,
        srtp: crypto,
      },
    };
  }

  private start(negotiated: Negotiated): void {
    this.negotiated = negotiated;
    this.transportValue = new RtpTransport({
      sockets: this.sockets,
      audio: negotiated.audio,
      localSsrc: this.localSsrc,
      cname: this.cname,
      remote: negotiated.remote,
      ...(this.ourKey === undefined || negotiated.crypto === undefined ? {} : { srtp: { suite: negotiated.crypto.suite, keyMaterial: this.ourKey } }),
      ...this.environment.transport,
    });
  }

  private update(negotiated: Negotiated): void {
    this.negotiated = negotiated;
    this.transportValue?.update(negotiated.remote);
  }

  /** Our answer: the chosen law and telephone-event with the offer's payload types, the direction that mirrors the offer's. */
  private write(negotiated: Negotiated, offer: SipSdp): string {
    const formats: SdpFormat[] = [
      { payloadType: negotiated.payloadType, encoding: negotiated.name, clockRate: 8000 },
      ...(negotiated.telephoneEvent === undefined ? [] : [{ payloadType: negotiated.telephoneEvent, encoding: "telephone-event", clockRate: 8000, fmtp: "0-16" }]),
    ];
    const audioIndex = offer.audio?.index ?? 0;
    return this.versioned({
      formats,
      direction: negotiated.ourDirection,
      rtcpMux: negotiated.remote.rtcpMux,
      crypto: this.ourKey === undefined || negotiated.crypto === undefined ? undefined : formatSdesCrypto({ tag: negotiated.crypto.tag, suite: negotiated.crypto.suite, keyMaterial: this.ourKey }),
      rejected: { media: offer.media, audioIndex },
    });
  }

  private writeOffer(names: readonly G711Name[]): string {
    return this.versioned({
      formats: [
        ...names.map((name) => ({ payloadType: this.negotiated?.name === name ? this.negotiated.payloadType : STATIC_PT[name], encoding: name, clockRate: 8000 })),
        { payloadType: this.negotiated?.telephoneEvent ?? TELEPHONE_EVENT_PT, encoding: "telephone-event", clockRate: 8000, fmtp: "0-16" },
      ],
      direction: "sendrecv",
      rtcpMux: false,
      crypto: this.ourKey === undefined ? undefined : formatSdesCrypto({ tag: 1, suite: "AES_CM_128_HMAC_SHA1_80", keyMaterial: this.ourKey }),
    });
  }

  /** Writes our SDP; the o= version moves only when the rest of it changed (RFC 3264 §8). */
  private versioned(parts: { formats: SdpFormat[]; direction: SdpDirection; rtcpMux: boolean; crypto: string | undefined; rejected?: { media: SipSdp["media"]; audioIndex: number } }): string {
    const write = (version: number) =>
      writeSipSdp({ sessionId: this.sessionId, version, address: this.address, port: this.sockets.port, protocol: this.ourKey === undefined ? "RTP/AVP" : "RTP/SAVP", ptime: PTIME, ...parts });
    const body = write(0).replace(/^o=.*$/m, "");
    if (this.lastBody !== undefined && body !== this.lastBody) this.version++;
    this.lastBody = body;
    return write(this.version);
  }
}

function usableAudio(sdp: SipSdp): SdpAudio {
  if (sdp.audio === undefined) throw new MediaOfferError("no_audio", sdp.noAudioReason ?? "the SDP has no usable audio");
  return sdp.audio;
}

/** The first `a=crypto` line we can use in an RTP/SAVP audio section; `required` refuses plain RTP/AVP. */
function chooseCrypto(audio: SdpAudio, required: boolean): SdesCrypto | undefined {
  if (audio.protocol === "RTP/AVP") {
    if (required) throw new MediaOfferError("srtp_required", "this trunk requires SRTP (RTP/SAVP with a=crypto), the SDP offers plain RTP/AVP");
    return undefined;
  }
  for (const line of audio.crypto) {
    const crypto = parseSdesCrypto(line);
    if (crypto !== undefined) return crypto;
  }
  throw new MediaOfferError("no_common_crypto", audio.crypto.length === 0 ? "RTP/SAVP audio without an a=crypto line (DTLS-SRTP is not supported on SIP legs)" : `none of the a=crypto lines is usable (AES_CM_128_HMAC_SHA1_80 or _32, one 30-byte inline key): ${audio.crypto.map((line) => line.split(" ").slice(0, 2).join(" ")).join("; ")}`);
}

/** A plain leg cannot turn into SRTP mid-call. */
function refusePlainOnly(audio: SdpAudio): undefined {
  if (audio.protocol === "RTP/SAVP") throw new MediaOfferError("no_common_crypto", "this leg is plain RTP: an RTP/SAVP SDP cannot be accepted on it");
  return undefined;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  const out: { [P in K]?: V } = {};
  if (value !== undefined) out[key] = value;
  return out;
}
