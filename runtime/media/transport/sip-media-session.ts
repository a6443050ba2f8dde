import { randomBytes, randomInt } from "node:crypto";
import { isIPv6 } from "node:net";
import { CODECS } from "../codecs/codec";
import type { SdpResult } from "../sdp/sdp-error";
import { LocalSdpOrigin } from "../sdp/sdp-origin";
import { buildSipSdp, parseSipSdp, type SdpAudioDescription, type SipAudioSdp } from "../sdp/sip-sdp";
import { answerAudioOffer, type LocalAudio, type NegotiatedAudio as AgreedAudio, offerAudio, readAudioAnswer } from "../sdp/sip-sdp-negotiation";
import { newSrtpKeyMaterial } from "../srtp/sdes-crypto";
import { localMediaAddress } from "./local-address";
import { MediaOfferError } from "./media-offer-error";
import type { NegotiatedAudio } from "./media-transport";
import type { RtpPortAllocator, RtpSocketPair } from "./rtp-port-allocator";
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

/** What a peer's SDP is to us: the answer to our offer, or an offer (re-INVITE) to answer. Absent: the answer while ours is pending, else an offer. */
export type RemoteSdpRole = "answer" | "offer";

/** RFC 4733 telephone-event: the PT we take from SIP peers even when not negotiated (sipp's pcaps use it, MEDIA.md 2.3). */
const TELEPHONE_EVENT_PT = 101;
const G711_NAMES = new Set(["PCMU", "PCMA", "CN"]);
const CODEC_OF: Record<G711Name, "pcmu" | "pcma"> = { PCMU: "pcmu", PCMA: "pcma" };

const isG711 = (name: string): name is G711Name => name === "PCMU" || name === "PCMA";

/** The SDP module's typed refusal as the error every media command answers with. */
function unwrap<T>(result: SdpResult<T>): T {
  if (!result.ok) throw new MediaOfferError(result.error.code, result.error.message);
  return result.value;
}

/** A SIP peer's SDP, checked: readable, with usable audio, and IPv4 (RTP legs bind IPv4 sockets). */
function readSdp(text: string): SipAudioSdp {
  const sdp = unwrap(parseSipSdp(text));
  if (isIPv6(sdp.address)) throw new MediaOfferError("invalid_sdp", `the audio's address ${sdp.address} is IPv6: RTP legs take IPv4 only for now`);
  return sdp;
}

/**
 * The SDP offer/answer of one SIP call's RTP leg (RFC 3264; MEDIA.md 3.2) on top of the SIP SDP
 * module (`../sdp/`): answering the peer's offer, or making ours and applying its answer, then
 * every re-INVITE's offer (hold, resume, a new address or key). One G.711 law per call — the first
 * of the channel's `codecs` the offer holds (an offer from us lists them all and the answer's
 * first one wins) — plus telephone-event with the peer's payload type. Every check happens before
 * anything changes: a refused SDP (a `MediaOfferError`) leaves the leg as it was. One o= session
 * and one SDES key per call, so a refresh is answered with the same SDP and version.
 */
export class SipMediaSession {
  private transportValue: RtpTransport | undefined;
  private agreed: AgreedAudio | undefined;
  /** Our last offer: pending until its answer comes; kept to read a later copy of the answer (the 200's after the 183's). */
  private ourOffer: SdpAudioDescription | undefined;
  private offerPending = false;
  private readonly origin: LocalSdpOrigin;
  private readonly cname = randomBytes(8).toString("hex");
  private readonly localSsrc = randomInt(1, 0xffffffff);
  localSdp = "";

  private constructor(
    private readonly sockets: RtpSocketPair,
    private readonly address: string,
    private readonly request: SipMediaRequest,
    private readonly environment: SipMediaEnvironment,
    /** Our SDES key for the whole call; undefined on a plain RTP leg. */
    private readonly sdesKey: Buffer | undefined,
  ) {
    this.origin = new LocalSdpOrigin(address);
  }

  /** Answers the peer's offer: a transport at once, and our answer in `localSdp`. Refusals bind no port. */
  static async answer(offerSdp: string, request: SipMediaRequest, environment: SipMediaEnvironment): Promise<SipMediaSession> {
    const offer = readSdp(offerSdp);
    const key = newSrtpKeyMaterial();
    const local: LocalAudio = { address: "0.0.0.0", port: 0, codecs: [...request.codecs], srtp: request.srtp === true ? "required" : "optional", sdesKey: key, rtcpMux: true, prefer: "ours" };
    const { description, negotiated } = unwrap(answerAudioOffer(offer, local));
    const sockets = await environment.allocator.allocate();
    try {
      const address = await localMediaAddress({ ...optional("publicIp", environment.publicIp), bindAddress: sockets.address, peer: offer.address });
      const session = new SipMediaSession(sockets, address, request, environment, negotiated.srtp === undefined ? undefined : key);
      session.start(negotiated, offer);
      session.localSdp = buildSipSdp({ ...description, address, port: sockets.port }, session.origin, offer);
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
      const session = new SipMediaSession(sockets, address, request, environment, request.srtp === true ? newSrtpKeyMaterial() : undefined);
      session.makeOffer(request.codecs);
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
    return this.offerPending;
  }

  /** What the call agreed so far (codec, telephone-event, directions), once it has. */
  get negotiated(): AgreedAudio | undefined {
    return this.agreed;
  }

  /**
   * The peer's SDP: the answer to our offer (returns no SDP; a repeated answer, the 200's after a
   * 183's, is applied again), or a new offer (re-INVITE) whose answer it returns. Without `role`:
   * the answer while our offer is pending, else an offer. Throws a MediaOfferError, changing
   * nothing, for an SDP we cannot accept (the SIP side answers 488 and the call goes on as it was).
   */
  applyRemote(remoteSdp: string, role?: RemoteSdpRole): { localSdp?: string } {
    const sdp = readSdp(remoteSdp);
    if ((role ?? (this.offerPending ? "answer" : "offer")) === "answer") {
      const offer = this.ourOffer;
      if (offer === undefined) throw new MediaOfferError("invalid_sdp", "an answer, but we made no offer on this leg");
      const agreed = unwrap(readAudioAnswer(offer, sdp));
      this.offerPending = false;
      if (this.transportValue === undefined) this.start(agreed, sdp);
      else this.update(agreed, sdp);
      return {};
    }
    const current = this.agreed;
    if (current === undefined) throw new MediaOfferError("invalid_sdp", "an offer before the call agreed on any audio (our offer is still unanswered)");
    const { description, negotiated } = unwrap(answerAudioOffer(sdp, this.local([current.codec.name], "ours")));
    this.offerPending = false;
    this.update(negotiated, sdp);
    this.localSdp = buildSipSdp(description, this.origin, sdp);
    return { localSdp: this.localSdp };
  }

  /** A new offer of ours (a re-INVITE without SDP asks for one): the call's codec and payload types, sendrecv. */
  reoffer(): string {
    const current = this.agreed;
    this.makeOffer(current === undefined ? this.request.codecs : [current.codec.name]);
    return this.localSdp;
  }

  /** Closes the transport, or gives the ports back when there is none yet. */
  close(reason?: string): void {
    if (this.transportValue === undefined) this.sockets.release();
    else this.transportValue.close(reason);
  }

  private local(codecs: readonly string[], prefer: LocalAudio["prefer"]): LocalAudio {
    return {
      address: this.address,
      port: this.sockets.port,
      codecs: [...codecs],
      srtp: this.sdesKey === undefined ? "off" : "required",
      ...optional("sdesKey", this.sdesKey),
      rtcpMux: true,
      ...optional("prefer", prefer),
    };
  }

  private makeOffer(codecs: readonly string[]): void {
    const description = offerAudio({ ...this.local(codecs, undefined), rtcpMux: false }, this.agreed);
    this.ourOffer = description;
    this.offerPending = true;
    this.localSdp = buildSipSdp(description, this.origin);
  }

  private start(agreed: AgreedAudio, sdp: SipAudioSdp): void {
    this.agreed = agreed;
    const srtp = agreed.srtp?.local;
    this.transportValue = new RtpTransport({
      sockets: this.sockets,
      audio: transportAudio(agreed),
      localSsrc: this.localSsrc,
      cname: this.cname,
      remote: rtpRemote(agreed, sdp),
      ...(srtp === undefined ? {} : { srtp: { suite: srtp.suite, keyMaterial: srtp.keyMaterial } }),
      ...this.environment.transport,
    });
  }

  private update(agreed: AgreedAudio, sdp: SipAudioSdp): void {
    this.agreed = agreed;
    this.transportValue?.update(rtpRemote(agreed, sdp));
  }
}

/** The codec the leg sends and decodes, and the telephone-events it takes (101 too, unnegotiated: MEDIA.md 2.3). */
function transportAudio(agreed: AgreedAudio): NegotiatedAudio {
  const name = agreed.codec.name;
  if (!isG711(name)) throw new MediaOfferError("no_common_codec", `${name} is not a codec of RTP legs`);
  const codec = CODEC_OF[name];
  const telephoneEvent = agreed.telephoneEvent?.payloadType;
  return {
    codec,
    payloadType: agreed.codec.payloadType,
    clockRate: CODECS[codec].clockRate,
    ...(agreed.telephoneEvent === undefined ? {} : { telephoneEvent: agreed.telephoneEvent }),
    ...(telephoneEvent === TELEPHONE_EVENT_PT ? {} : { telephoneEventAlso: [TELEPHONE_EVENT_PT] }),
  };
}

/**
 * Where and how the transport talks to the peer. Payload types taken: the agreed codec,
 * telephone-event (and 101), and any G.711 law or comfort noise the peer's SDP lists — a peer that
 * listed both laws may send either (the leg converts the other by table).
 */
function rtpRemote(agreed: AgreedAudio, sdp: SipAudioSdp): RtpRemote {
  const payloadTypes = new Set([agreed.codec.payloadType, TELEPHONE_EVENT_PT]);
  if (agreed.telephoneEvent !== undefined) payloadTypes.add(agreed.telephoneEvent.payloadType);
  for (const codec of sdp.codecs) if (codec.clockRate === 8000 && G711_NAMES.has(codec.name.toUpperCase())) payloadTypes.add(codec.payloadType);
  const send = agreed.localDirection === "sendrecv" || agreed.localDirection === "sendonly";
  const remote = agreed.srtp?.remote;
  return {
    rtp: agreed.remote,
    rtcp: agreed.remoteRtcp,
    rtcpMux: agreed.rtcpMux,
    send,
    expectsRtp: agreed.expectsRtp,
    payloadTypes,
    srtp: remote === undefined ? undefined : { suite: remote.suite, keyMaterial: remote.keyMaterial, ...optional("mki", remote.mki) },
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  const out: { [P in K]?: V } = {};
  if (value !== undefined) out[key] = value;
  return out;
}
