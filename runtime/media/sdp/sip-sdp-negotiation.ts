import { newSrtpKeyMaterial, parseSdesCrypto, type SdesCrypto } from "../srtp/sdes-crypto";
import { sdpFail, type SdpResult } from "./sdp-error";
import type { SdpAudioDescription, SdpCodec, SdpDirection, SipAudioSdp } from "./sip-sdp";

/** What we can do for a call's audio. */
export interface LocalAudio {
  /** Our RTP address (`MEDIA_PUBLIC_IP` behind NAT) and port. */
  address: string;
  port: number;
  /** Codec names we take, in our preference (`["PCMU", "PCMA"]`), case-insensitive. */
  codecs: string[];
  /** Offer/accept telephone-event/8000 (RFC 4733). Default true. */
  telephoneEvent?: boolean;
  /** Our packet time (default 20). */
  ptime?: number;
  /** What we want: `sendrecv`, or `sendonly` while we hold the peer, `inactive`. Default `sendrecv`. */
  direction?: SdpDirection;
  /** SDES-SRTP: `off` (refuse RTP/SAVP), `optional` (follow the offer; default), `required` (refuse RTP/AVP; our offers are RTP/SAVP). */
  srtp?: "off" | "optional" | "required";
  /** Our SDES master key and salt (30 bytes). Keep one per call: a refresh then gets the same SDP (and o= version). Fresh when absent. */
  sdesKey?: Buffer;
  /** Accept `a=rtcp-mux` when offered / offer it (default false). */
  rtcpMux?: boolean;
  /** Answer with the first common codec in the offer's order (default) or in ours (the channel's `codecs` setting). */
  prefer?: "offer" | "ours";
}

/** What both sides agreed: what the RTP transport needs for the call. */
export interface NegotiatedAudio {
  /** The codec to send and expect (the peer's payload type number). */
  codec: { name: string; payloadType: number; clockRate: number };
  /** telephone-event as the peer declared it (to send digits); undefined when not agreed. */
  telephoneEvent: { payloadType: number; clockRate: number } | undefined;
  /** Where to send RTP; undefined while the peer is on hold the old way (c=0.0.0.0) or rejected it. */
  remote: { address: string; port: number } | undefined;
  /** Where to send RTCP (a=rtcp, else RTP port + 1; the RTP address when mux). */
  remoteRtcp: { address: string; port: number } | undefined;
  rtcpMux: boolean;
  /** Our direction in the agreed SDP: whether we send (`sendrecv`/`sendonly`) and receive. */
  localDirection: SdpDirection;
  /** The peer's direction as it wrote it (`sendonly`: it holds us). */
  remoteDirection: SdpDirection;
  /** The peer's direction is sendrecv (and no c=0.0.0.0 hold): a silence from it means it is gone. False on hold (sendonly, inactive). */
  expectsRtp: boolean;
  /** The peer's a=ptime, when given. */
  remotePtime: number | undefined;
  /** SDES keys when the call is RTP/SAVP: ours (`local`) encrypts what we send, theirs decrypts what we receive. */
  srtp: { local: SdesCrypto; remote: SdesCrypto } | undefined;
}

const sends = (direction: SdpDirection) => direction === "sendrecv" || direction === "sendonly";
const receives = (direction: SdpDirection) => direction === "sendrecv" || direction === "recvonly";

function direction(send: boolean, receive: boolean): SdpDirection {
  if (send && receive) return "sendrecv";
  if (send) return "sendonly";
  if (receive) return "recvonly";
  return "inactive";
}

/**
 * RFC 3264 §6.1: the answer's direction for an offer's and what we want. An offer `sendonly`
 * (hold) is answered `recvonly`, `recvonly` with `sendonly`, `inactive` with `inactive`; we send
 * only what the offerer receives and receive only what it sends. `c=0.0.0.0` (RFC 2543 hold) counts
 * as an offerer that receives nothing.
 */
export function answerDirection(offer: SdpDirection, wanted: SdpDirection, zeroAddressHold = false): SdpDirection {
  const offererReceives = receives(offer) && !zeroAddressHold;
  return direction(offererReceives && sends(wanted), sends(offer) && receives(wanted));
}

/** The telephone-events we take and offer: the 16 keys and flash (RFC 4733 §3.2). */
const OUR_EVENTS = "0-16";
const MAX_OUR_EVENT = 16;

/**
 * The events a telephone-event fmtp lists (`0-15`, `0-11,16`); RFC 4733 §2.4.1: without an fmtp,
 * 0–15. Undefined when it cannot be read.
 */
function listedEvents(fmtp: string | undefined): number[] | undefined {
  if (fmtp === undefined) return Array.from({ length: 16 }, (_, event) => event);
  const events = new Set<number>();
  for (const part of fmtp.replace(/\s+/g, "").split(",")) {
    const range = /^(\d{1,3})(?:-(\d{1,3}))?$/.exec(part);
    if (range === null) return undefined;
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (to < from || to > 255) return undefined;
    for (let event = from; event <= Math.min(to, MAX_OUR_EVENT); event++) events.add(event);
  }
  return [...events].sort((a, b) => a - b);
}

/** `[0,1,2,3,16]` → `0-3,16`. */
function formatEvents(events: readonly number[]): string {
  const parts: string[] = [];
  let start = events[0];
  for (let k = 0; k < events.length; k++) {
    const event = events[k] ?? 0;
    const next = events[k + 1];
    if (next === event + 1) continue;
    parts.push(start === event ? String(event) : `${start}-${event}`);
    start = next;
  }
  return parts.join(",");
}

function telephoneEventCodec(payloadType: number, fmtp: string): SdpCodec {
  return { payloadType, name: "telephone-event", clockRate: 8000, channels: undefined, fmtp };
}

function isTelephoneEvent(codec: SdpCodec): boolean {
  return codec.name.toLowerCase() === "telephone-event" && codec.clockRate === 8000;
}

function remoteEndpoints(sdp: SipAudioSdp): Pick<NegotiatedAudio, "remote" | "remoteRtcp" | "rtcpMux"> {
  if (sdp.zeroAddressHold || sdp.port === 0) return { remote: undefined, remoteRtcp: undefined, rtcpMux: sdp.rtcpMux };
  const remote = { address: sdp.address, port: sdp.port };
  const remoteRtcp = sdp.rtcpMux ? remote : { address: sdp.rtcp?.address ?? sdp.address, port: sdp.rtcp?.port ?? sdp.port + 1 };
  return { remote, remoteRtcp, rtcpMux: sdp.rtcpMux };
}

const isSecure = (proto: string) => proto === "RTP/SAVP" || proto === "RTP/SAVPF";

/** The first `a=crypto` line we can honour (`parseSdesCrypto`: suite, key length, MKI, session parameters). */
function usableCrypto(lines: readonly string[]): SdesCrypto | undefined {
  for (const line of lines) {
    const crypto = parseSdesCrypto(line);
    if (crypto !== undefined) return crypto;
  }
  return undefined;
}

function cryptoRefusal(lines: readonly string[]): string {
  if (lines.length === 0) return "RTP/SAVP audio without an a=crypto line (DTLS-SRTP is not supported on SIP legs)";
  const offered = lines.map((line) => line.split(/\s+/).slice(0, 2).join(" ")).join("; ");
  return `none of the a=crypto lines is usable (AES_CM_128_HMAC_SHA1_80 or _32, one 30-byte inline key, no UNENCRYPTED_* or KDR): ${offered}`;
}

const STATIC_PAYLOAD_TYPES: Record<string, number> = { PCMU: 0, PCMA: 8, G722: 9, G729: 18 };

/**
 * Answers an audio offer (RFC 3264 §6): one codec (the first common one, in the offer's order
 * unless `prefer: "ours"`), telephone-event with the offer's payload type and the events both take
 * (the offer's fmtp within 0–16), the direction by RFC 3264 §6.1, SDES with the first offered line
 * we can honour and our key under its tag. A typed error (the caller answers 488) when nothing fits.
 */
export function answerAudioOffer(offer: SipAudioSdp, local: LocalAudio): SdpResult<{ description: SdpAudioDescription; negotiated: NegotiatedAudio }> {
  const wanted = local.codecs.map((name) => name.toUpperCase());
  const offered = offer.codecs.filter((codec) => codec.clockRate === 8000 && wanted.includes(codec.name.toUpperCase()));
  if (local.prefer === "ours") offered.sort((a, b) => wanted.indexOf(a.name.toUpperCase()) - wanted.indexOf(b.name.toUpperCase()));
  const codec = offered[0];
  if (!codec) {
    const names = offer.codecs.filter((candidate) => !isTelephoneEvent(candidate)).map((candidate) => candidate.name);
    return sdpFail("no_common_codec", `no common codec: offered ${names.join(", ") || "none"}; we take ${local.codecs.join(", ")}`);
  }
  const secure = isSecure(offer.proto);
  const srtpMode = local.srtp ?? "optional";
  if (secure && srtpMode === "off") return sdpFail("no_common_crypto", `the SDP is ${offer.proto} (SRTP) and this leg is plain RTP`);
  if (!secure && srtpMode === "required") return sdpFail("srtp_required", `SRTP is required (RTP/SAVP with a=crypto) and the SDP is plain ${offer.proto}`);
  let srtp: NegotiatedAudio["srtp"];
  if (secure) {
    const remote = usableCrypto(offer.crypto);
    if (remote === undefined) return sdpFail("no_common_crypto", cryptoRefusal(offer.crypto));
    srtp = { remote, local: { tag: remote.tag, suite: remote.suite, keyMaterial: local.sdesKey ?? newSrtpKeyMaterial() } };
  }
  const offeredEvent = local.telephoneEvent === false ? undefined : offer.codecs.find(isTelephoneEvent);
  const events = offeredEvent === undefined ? undefined : listedEvents(offeredEvent.fmtp);
  const event = offeredEvent !== undefined && events !== undefined && events.length > 0 ? { payloadType: offeredEvent.payloadType, fmtp: formatEvents(events) } : undefined;
  const localDirection = answerDirection(offer.direction, local.direction ?? "sendrecv", offer.zeroAddressHold);
  const codecs: SdpCodec[] = [{ ...codec, name: codec.name.toUpperCase() }];
  if (event) codecs.push(telephoneEventCodec(event.payloadType, event.fmtp));
  const rtcpMux = offer.rtcpMux && local.rtcpMux === true;
  const description: SdpAudioDescription = {
    address: local.address,
    port: local.port,
    proto: secure ? "RTP/SAVP" : "RTP/AVP",
    codecs,
    ptime: local.ptime ?? 20,
    direction: localDirection,
    rtcpMux,
    crypto: srtp ? [srtp.local] : [],
  };
  return {
    ok: true,
    value: {
      description,
      negotiated: {
        codec: { name: codec.name.toUpperCase(), payloadType: codec.payloadType, clockRate: codec.clockRate },
        telephoneEvent: event ? { payloadType: event.payloadType, clockRate: 8000 } : undefined,
        ...remoteEndpoints(offer),
        rtcpMux,
        localDirection,
        remoteDirection: offer.direction,
        expectsRtp: offer.direction === "sendrecv" && !offer.zeroAddressHold,
        remotePtime: offer.ptime,
        srtp,
      },
    },
  };
}

/**
 * Our offer (outbound calls, re-offers): our codecs in preference order (static payload types;
 * others from 96), telephone-event/8000 as payload type 101 with events 0–16, ptime, direction,
 * and with `srtp: "required"` RTP/SAVP with our AES_CM_128_HMAC_SHA1_80 key. A re-offer passes
 * what the call agreed (`agreed`): its payload types are kept (the peer's dynamic ones included).
 */
export function offerAudio(local: LocalAudio, agreed?: NegotiatedAudio): SdpAudioDescription {
  let dynamic = 96;
  const codecs: SdpCodec[] = local.codecs.map((name) => {
    const upper = name.toUpperCase();
    const kept = agreed?.codec.name === upper ? agreed.codec.payloadType : undefined;
    const payloadType = kept ?? STATIC_PAYLOAD_TYPES[upper] ?? dynamic++;
    return { payloadType, name: upper, clockRate: 8000, channels: undefined, fmtp: undefined };
  });
  if (local.telephoneEvent !== false) codecs.push(telephoneEventCodec(agreed?.telephoneEvent?.payloadType ?? 101, OUR_EVENTS));
  const secure = local.srtp === "required";
  return {
    address: local.address,
    port: local.port,
    proto: secure ? "RTP/SAVP" : "RTP/AVP",
    codecs,
    ptime: local.ptime ?? 20,
    direction: local.direction ?? "sendrecv",
    rtcpMux: local.rtcpMux === true,
    crypto: secure ? [{ tag: 1, suite: "AES_CM_128_HMAC_SHA1_80", keyMaterial: local.sdesKey ?? newSrtpKeyMaterial() }] : [],
  };
}

/**
 * Reads the answer to our offer: the first codec of the answer that we offered (by name), the
 * answer's telephone-event payload type, its direction and crypto. Audio rejected (port 0), no
 * codec of ours, or SRTP not matching what we offered: a typed error (the call cannot go on; send
 * BYE or CANCEL).
 */
export function readAudioAnswer(offer: SdpAudioDescription, answer: SipAudioSdp): SdpResult<NegotiatedAudio> {
  const ours = offer.codecs.filter((codec) => !isTelephoneEvent(codec)).map((codec) => codec.name.toUpperCase());
  const codec = answer.codecs.find((candidate) => candidate.clockRate === 8000 && ours.includes(candidate.name.toUpperCase()));
  if (!codec) return sdpFail("no_common_codec", `the answer's audio (${answer.codecs.map((candidate) => candidate.name).join(", ") || "none"}) has none of the codecs offered (${ours.join(", ")})`);
  const event = offer.codecs.some(isTelephoneEvent) ? answer.codecs.find(isTelephoneEvent) : undefined;
  let srtp: NegotiatedAudio["srtp"];
  const ourCrypto = offer.crypto[0];
  if (offer.proto === "RTP/SAVP") {
    if (!isSecure(answer.proto)) return sdpFail("srtp_required", `we offered SRTP (RTP/SAVP) and the answer is plain ${answer.proto}`);
    const theirs = answer.crypto.map((line) => parseSdesCrypto(line)).find((line) => line !== undefined && line.suite === ourCrypto?.suite);
    if (ourCrypto === undefined || theirs === undefined) return sdpFail("no_common_crypto", `the answer has no usable a=crypto line for ${ourCrypto?.suite ?? "our offer"}`);
    srtp = { local: ourCrypto, remote: theirs };
  } else if (isSecure(answer.proto)) {
    return sdpFail("no_common_crypto", `we offered plain RTP and the answer is ${answer.proto}`);
  }
  return {
    ok: true,
    value: {
      codec: { name: codec.name.toUpperCase(), payloadType: codec.payloadType, clockRate: codec.clockRate },
      telephoneEvent: event ? { payloadType: event.payloadType, clockRate: 8000 } : undefined,
      ...remoteEndpoints(answer),
      rtcpMux: offer.rtcpMux && answer.rtcpMux,
      localDirection: direction(sends(offer.direction) && receives(answer.direction) && !answer.zeroAddressHold, receives(offer.direction) && sends(answer.direction)),
      remoteDirection: answer.direction,
      expectsRtp: answer.direction === "sendrecv" && !answer.zeroAddressHold,
      remotePtime: answer.ptime,
      srtp,
    },
  };
}
