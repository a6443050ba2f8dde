import { cryptoKeyFits, newSdesKey, SDES_SUITES, type SdpCrypto } from "./sdp-crypto";
import { sdpFail, type SdpResult } from "./sdp-error";
import type { SdpAudioDescription, SdpCodec, SdpDirection, SipAudioSdp } from "./sip-sdp";

/** What we can do for a call's audio. */
export interface LocalAudio {
  /** Our RTP address and port. */
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
  /** SDES-SRTP: `off` (refuse RTP/SAVP), `optional` (follow the offer; default), `required` (refuse RTP/AVP). */
  srtp?: "off" | "optional" | "required";
  /** Accept `a=rtcp-mux` when offered / offer it (default false). */
  rtcpMux?: boolean;
  /** Answer with the first common codec in the offer's order (default) or in ours. */
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
  /** The peer's a=ptime, when given. */
  remotePtime: number | undefined;
  /** SDES keys (base64 key‖salt) when the call is RTP/SAVP: ours encrypts what we send, theirs decrypts what we receive. */
  srtp: { suite: string; tag: number; localKeySalt: string; remoteKeySalt: string } | undefined;
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

function telephoneEventCodec(payloadType: number, fmtp = "0-16"): SdpCodec {
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

const STATIC_PAYLOAD_TYPES: Record<string, number> = { PCMU: 0, PCMA: 8, G722: 9, G729: 18 };

/**
 * Answers an audio offer (RFC 3264 §6): one codec (the first common one, in the offer's order
 * unless `prefer: "ours"`), telephone-event with the offer's payload type and fmtp when offered,
 * the direction by RFC 3264 §6.1, SDES with the first offered suite we support and a fresh key of
 * ours. A typed error (the caller answers 488) when nothing fits.
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
  const secure = offer.proto === "RTP/SAVP" || offer.proto === "RTP/SAVPF";
  const srtpMode = local.srtp ?? "optional";
  if (secure && srtpMode === "off") return sdpFail("srtp_mismatch", `the offer is ${offer.proto} (SRTP) and SRTP is off`);
  if (!secure && srtpMode === "required") return sdpFail("srtp_mismatch", `the offer is ${offer.proto} and SRTP is required`);
  let crypto: SdpCrypto | undefined;
  let remoteCrypto: SdpCrypto | undefined;
  if (secure) {
    remoteCrypto = offer.crypto.find((line) => SDES_SUITES[line.suite] !== undefined && cryptoKeyFits(line) && line.mki === undefined);
    if (!remoteCrypto) return sdpFail("srtp_mismatch", `no a=crypto line with a suite we support (${Object.keys(SDES_SUITES).join(", ")})`);
    crypto = { tag: remoteCrypto.tag, suite: remoteCrypto.suite, keySalt: newSdesKey(remoteCrypto.suite), lifetime: undefined, mki: undefined, sessionParams: [] };
  }
  const offeredEvent = local.telephoneEvent === false ? undefined : offer.codecs.find(isTelephoneEvent);
  const localDirection = answerDirection(offer.direction, local.direction ?? "sendrecv", offer.zeroAddressHold);
  const codecs: SdpCodec[] = [{ ...codec, fmtp: codec.fmtp }];
  if (offeredEvent) codecs.push(telephoneEventCodec(offeredEvent.payloadType, offeredEvent.fmtp ?? "0-16"));
  const rtcpMux = offer.rtcpMux && local.rtcpMux === true;
  const description: SdpAudioDescription = {
    address: local.address,
    port: local.port,
    proto: secure ? "RTP/SAVP" : "RTP/AVP",
    codecs,
    ptime: local.ptime ?? 20,
    direction: localDirection,
    rtcpMux,
    crypto: crypto ? [crypto] : [],
  };
  const endpoints = remoteEndpoints(offer);
  return {
    ok: true,
    value: {
      description,
      negotiated: {
        codec: { name: codec.name.toUpperCase(), payloadType: codec.payloadType, clockRate: codec.clockRate },
        telephoneEvent: offeredEvent ? { payloadType: offeredEvent.payloadType, clockRate: 8000 } : undefined,
        ...endpoints,
        rtcpMux,
        localDirection,
        remoteDirection: offer.direction,
        remotePtime: offer.ptime,
        srtp: crypto && remoteCrypto ? { suite: crypto.suite, tag: crypto.tag, localKeySalt: crypto.keySalt, remoteKeySalt: remoteCrypto.keySalt } : undefined,
      },
    },
  };
}

/**
 * Our offer (outbound calls, re-offers): our codecs in preference order (static payload types;
 * others from 96), telephone-event/8000 as payload type 101, ptime, direction, and with `srtp:
 * "required"` RTP/SAVP with one fresh AES_CM_128_HMAC_SHA1_80 key.
 */
export function offerAudio(local: LocalAudio): SdpAudioDescription {
  let dynamic = 96;
  const codecs: SdpCodec[] = local.codecs.map((name) => {
    const upper = name.toUpperCase();
    const payloadType = STATIC_PAYLOAD_TYPES[upper] ?? dynamic++;
    return { payloadType, name: upper, clockRate: 8000, channels: undefined, fmtp: undefined };
  });
  if (local.telephoneEvent !== false) codecs.push(telephoneEventCodec(101));
  const secure = local.srtp === "required";
  const suite = "AES_CM_128_HMAC_SHA1_80";
  return {
    address: local.address,
    port: local.port,
    proto: secure ? "RTP/SAVP" : "RTP/AVP",
    codecs,
    ptime: local.ptime ?? 20,
    direction: local.direction ?? "sendrecv",
    rtcpMux: local.rtcpMux === true,
    crypto: secure ? [{ tag: 1, suite, keySalt: newSdesKey(suite), lifetime: undefined, mki: undefined, sessionParams: [] }] : [],
  };
}

/**
 * Reads the answer to our offer: the first codec of the answer that we offered (by name), the
 * answer's telephone-event payload type, its direction and crypto. Audio rejected (port 0) or no
 * codec of ours: a typed error (the call cannot go on; send BYE or CANCEL).
 */
export function readAudioAnswer(offer: SdpAudioDescription, answer: SipAudioSdp): SdpResult<NegotiatedAudio> {
  const ours = offer.codecs.filter((codec) => !isTelephoneEvent(codec)).map((codec) => codec.name.toUpperCase());
  const codec = answer.codecs.find((candidate) => candidate.clockRate === 8000 && ours.includes(candidate.name.toUpperCase()));
  if (!codec) return sdpFail("no_common_codec", `the answer has none of our codecs (${ours.join(", ")})`);
  const event = offer.codecs.some(isTelephoneEvent) ? answer.codecs.find(isTelephoneEvent) : undefined;
  const ourCrypto = offer.crypto[0];
  let srtp: NegotiatedAudio["srtp"];
  if (offer.proto === "RTP/SAVP") {
    const theirs = answer.crypto.find((line) => ourCrypto && line.suite === ourCrypto.suite && cryptoKeyFits(line));
    if (!ourCrypto || !theirs || answer.proto !== "RTP/SAVP") return sdpFail("srtp_mismatch", "the answer does not accept our SRTP offer");
    srtp = { suite: ourCrypto.suite, tag: theirs.tag, localKeySalt: ourCrypto.keySalt, remoteKeySalt: theirs.keySalt };
  }
  const endpoints = remoteEndpoints(answer);
  return {
    ok: true,
    value: {
      codec: { name: codec.name.toUpperCase(), payloadType: codec.payloadType, clockRate: codec.clockRate },
      telephoneEvent: event ? { payloadType: event.payloadType, clockRate: 8000 } : undefined,
      ...endpoints,
      rtcpMux: offer.rtcpMux && answer.rtcpMux,
      localDirection: direction(sends(offer.direction) && receives(answer.direction) && !answer.zeroAddressHold, receives(offer.direction) && sends(answer.direction)),
      remoteDirection: answer.direction,
      remotePtime: answer.ptime,
      srtp,
    },
  };
}
