import { isIP } from "node:net";
import { MediaOfferError } from "./media-offer-error";

/** Real offers are 1–7 KB (Chromium with every codec ≈ 6 KB, Meta's ≈ 1.5 KB); anything far longer is refused unread. */
export const MAX_OFFER_BYTES = 32 * 1024;
/** Remote candidates kept (libjuice holds at most 30 in all). */
const MAX_REMOTE_CANDIDATES = 12;

export type MediaDirection = "sendrecv" | "sendonly" | "recvonly" | "inactive";

/** One m-section of the offer, as the answer must mirror it (rejected ones get port 0). */
export interface OfferSection {
  kind: string;
  proto: string;
  formats: string;
  mid: string | undefined;
}

/** The audio m-section we answer, with only what we use from the offer; every field checked. */
export interface AudioOffer {
  sections: OfferSection[];
  /** Index in `sections` of the audio section we answer. */
  audioIndex: number;
  mid: string;
  direction: MediaDirection;
  opusPayloadType: number;
  telephoneEvent: { payloadType: number; clockRate: 8000 | 48000 } | undefined;
  iceLite: boolean;
  iceUfrag: string;
  icePwd: string;
  fingerprint: string;
  setup: "actpass" | "active" | "passive";
  /** `a=ssrc:<ssrc> cname:<cname>` lines of the audio section, rebuilt from their parts. */
  ssrcLines: string[];
  /** UDP candidates with literal addresses, rebuilt from their parts (component 1 only: rtcp-mux). */
  candidates: string[];
  endOfCandidates: boolean;
}

const ICE_UFRAG = /^[A-Za-z0-9+/]{4,256}$/;
const ICE_PWD = /^[A-Za-z0-9+/]{22,256}$/;
const FINGERPRINT = /^(sha-1|sha-224|sha-256|sha-384|sha-512) ((?:[0-9A-Fa-f]{2}:){15,63}[0-9A-Fa-f]{2})$/i;
const MID = /^[A-Za-z0-9_.\-]{1,32}$/;
const M_LINE = /^m=([a-z]{1,16}) (\d{1,5})(?:\/\d{1,3})? ([A-Za-z0-9/]{1,32})((?: [A-Za-z0-9\-_.]{1,32}){0,64})$/;
const RTPMAP = /^(\d{1,3}) ([A-Za-z0-9\-_.]{1,32})\/(\d{1,6})(?:\/(\d{1,2}))?$/;
const SSRC_CNAME = /^(\d{1,10}) cname:([\x21-\x7e]{1,255})$/;
const CANDIDATE =
  /^([A-Za-z0-9+/]{1,32}) (\d{1,3}) (udp) (\d{1,10}) ([0-9A-Fa-f.:]{2,45}) (\d{1,5}) typ (host|srflx|prflx|relay)(?: raddr ([0-9A-Fa-f.:]{2,45}) rport (\d{1,5}))?(?: .*)?$/i;
const SECURE_RTP = new Set(["UDP/TLS/RTP/SAVPF", "UDP/TLS/RTP/SAVP", "RTP/SAVPF"]);

interface RawSection {
  mLine: RegExpExecArray;
  attributes: string[];
}

/**
 * Reads an SDP offer for a WebRTC audio leg, refusing what we cannot answer with a typed error
 * before any native object exists: text that is not SDP, no audio, no Opus, no ICE credentials or
 * fingerprint. Picks telephone-event/8000 when offered, else the 48000 one.
 */
export function readAudioOffer(sdp: unknown): AudioOffer {
  if (typeof sdp !== "string") throw new MediaOfferError("invalid_sdp", "the offer must be SDP text");
  if (Buffer.byteLength(sdp) > MAX_OFFER_BYTES) throw new MediaOfferError("sdp_too_large", `the offer is longer than ${MAX_OFFER_BYTES} bytes`);
  const lines = sdp.split(/\r?\n/).filter((line) => line !== "");
  if (lines[0] !== "v=0") throw new MediaOfferError("invalid_sdp", "the offer is not SDP: it must start with v=0");
  const bad = lines.findIndex((line) => !/^[a-z]=[^\x00-\x08\x0a-\x1f\x7f]*$/.test(line));
  if (bad >= 0) throw new MediaOfferError("invalid_sdp", `the offer is not SDP: line ${bad + 1} is not <letter>=<text>`);

  const session: string[] = [];
  const raw: RawSection[] = [];
  for (const line of lines) {
    if (line.startsWith("m=")) {
      const mLine = M_LINE.exec(line);
      if (!mLine) throw new MediaOfferError("invalid_sdp", `malformed m-line "${line.slice(0, 80)}"`);
      raw.push({ mLine, attributes: [] });
    } else if (line.startsWith("a=")) {
      (raw.at(-1)?.attributes ?? session).push(line.slice(2));
    }
  }
  if (raw.length > 16) throw new MediaOfferError("invalid_sdp", `the offer has ${raw.length} m-lines (at most 16)`);
  const sections: OfferSection[] = raw.map(({ mLine, attributes }) => ({
    kind: mLine[1] ?? "",
    proto: mLine[3] ?? "",
    formats: (mLine[4] ?? "").trim(),
    mid: valueOf(attributes, "mid"),
  }));

  const audioIndexes = raw.flatMap((section, index) => (section.mLine[1] === "audio" && section.mLine[2] !== "0" && SECURE_RTP.has(section.mLine[3] ?? "") ? [index] : []));
  if (audioIndexes.length === 0) {
    const plain = raw.some((section) => section.mLine[1] === "audio" && section.mLine[2] !== "0");
    throw new MediaOfferError("no_audio", plain ? "the offer's audio is not DTLS-SRTP (UDP/TLS/RTP/SAVPF)" : "the offer has no audio m-line");
  }
  const audioIndex = audioIndexes.find((index) => opusPayloadType(raw[index]) !== undefined);
  const chosen = audioIndex === undefined ? undefined : raw[audioIndex];
  const opus = opusPayloadType(chosen);
  if (audioIndex === undefined || chosen === undefined || opus === undefined) throw new MediaOfferError("no_common_codec", "the offer's audio has no opus/48000/2 (the only codec a WebRTC leg speaks)");

  const attributes = chosen.attributes;
  const either = (name: string) => valueOf(attributes, name) ?? valueOf(session, name);
  const iceUfrag = either("ice-ufrag");
  const icePwd = either("ice-pwd");
  if (iceUfrag === undefined || icePwd === undefined) throw new MediaOfferError("invalid_sdp", "the offer has no ICE credentials (a=ice-ufrag and a=ice-pwd)");
  if (!ICE_UFRAG.test(iceUfrag)) throw new MediaOfferError("invalid_sdp", "a=ice-ufrag must be 4–256 ICE characters");
  if (!ICE_PWD.test(icePwd)) throw new MediaOfferError("invalid_sdp", "a=ice-pwd must be 22–256 ICE characters");
  const fingerprint = either("fingerprint");
  if (fingerprint === undefined) throw new MediaOfferError("invalid_sdp", "the offer has no DTLS fingerprint (a=fingerprint)");
  if (!FINGERPRINT.test(fingerprint)) throw new MediaOfferError("invalid_sdp", "a=fingerprint must be a hash name and colon-separated hex bytes");
  const setup = either("setup") ?? "actpass";
  if (setup !== "actpass" && setup !== "active" && setup !== "passive") throw new MediaOfferError("invalid_sdp", "a=setup must be actpass, active or passive");
  const mid = sections[audioIndex]?.mid ?? String(audioIndex);
  if (!MID.test(mid)) throw new MediaOfferError("invalid_sdp", "a=mid must be 1–32 letters, digits, '-', '_' or '.'");

  return {
    sections,
    audioIndex,
    mid,
    direction: directionOf(attributes),
    opusPayloadType: opus,
    telephoneEvent: telephoneEventOf(chosen),
    iceLite: session.includes("ice-lite"),
    iceUfrag,
    icePwd,
    fingerprint,
    setup,
    ssrcLines: ssrcLinesOf(attributes),
    candidates: [...attributes, ...session].flatMap(candidateOf).slice(0, MAX_REMOTE_CANDIDATES),
    endOfCandidates: attributes.includes("end-of-candidates") || session.includes("end-of-candidates"),
  };
}

/**
 * The offer as libdatachannel sees it: one audio m-section (BUNDLEd alone) written from the checked
 * parts, so no byte of the caller's text reaches the native parser unchecked.
 */
export function sanitizedOffer(offer: AudioOffer): string {
  const te = offer.telephoneEvent;
  const lines = [
    "v=0",
    "o=- 0 0 IN IP4 0.0.0.0",
    "s=-",
    "t=0 0",
    ...(offer.iceLite ? ["a=ice-lite"] : []),
    `a=group:BUNDLE ${offer.mid}`,
    `m=audio 9 UDP/TLS/RTP/SAVPF ${offer.opusPayloadType}${te ? ` ${te.payloadType}` : ""}`,
    "c=IN IP4 0.0.0.0",
    `a=mid:${offer.mid}`,
    `a=ice-ufrag:${offer.iceUfrag}`,
    `a=ice-pwd:${offer.icePwd}`,
    `a=fingerprint:${offer.fingerprint}`,
    `a=setup:${offer.setup}`,
    `a=${offer.direction}`,
    "a=rtcp-mux",
    `a=rtpmap:${offer.opusPayloadType} opus/48000/2`,
    ...(te ? [`a=rtpmap:${te.payloadType} telephone-event/${te.clockRate}`] : []),
    ...offer.ssrcLines.map((line) => `a=${line}`),
    ...offer.candidates.map((line) => `a=${line}`),
    ...(offer.endOfCandidates ? ["a=end-of-candidates"] : []),
  ];
  return `${lines.join("\r\n")}\r\n`;
}

function valueOf(attributes: readonly string[], name: string): string | undefined {
  const prefix = `${name}:`;
  const found = attributes.find((attribute) => attribute.startsWith(prefix));
  return found?.slice(prefix.length).trim();
}

interface RtpMap {
  payloadType: number;
  encoding: string;
  clockRate: number;
  channels: number | undefined;
}

function rtpMapsOf(section: RawSection): RtpMap[] {
  const offered = new Set((section.mLine[4] ?? "").trim().split(" "));
  return section.attributes.flatMap((attribute) => {
    if (!attribute.startsWith("rtpmap:")) return [];
    const match = RTPMAP.exec(attribute.slice("rtpmap:".length));
    if (!match?.[1] || !match[2] || !match[3]) return [];
    const payloadType = Number(match[1]);
    if (payloadType > 127 || !offered.has(match[1])) return [];
    return [{ payloadType, encoding: match[2].toLowerCase(), clockRate: Number(match[3]), channels: match[4] === undefined ? undefined : Number(match[4]) }];
  });
}

function opusPayloadType(section: RawSection | undefined): number | undefined {
  if (!section) return undefined;
  return rtpMapsOf(section).find((map) => map.encoding === "opus" && map.clockRate === 48000 && map.channels === 2)?.payloadType;
}

function telephoneEventOf(section: RawSection): AudioOffer["telephoneEvent"] {
  const events = rtpMapsOf(section).filter((map) => map.encoding === "telephone-event");
  const narrow = events.find((map) => map.clockRate === 8000);
  if (narrow) return { payloadType: narrow.payloadType, clockRate: 8000 };
  const wide = events.find((map) => map.clockRate === 48000);
  return wide ? { payloadType: wide.payloadType, clockRate: 48000 } : undefined;
}

function directionOf(attributes: readonly string[]): MediaDirection {
  for (const direction of ["sendonly", "recvonly", "inactive", "sendrecv"] as const) if (attributes.includes(direction)) return direction;
  return "sendrecv";
}

function ssrcLinesOf(attributes: readonly string[]): string[] {
  return attributes.flatMap((attribute) => {
    const match = attribute.startsWith("ssrc:") ? SSRC_CNAME.exec(attribute.slice("ssrc:".length)) : null;
    if (!match?.[1] || !match[2] || Number(match[1]) > 0xffffffff) return [];
    return [`ssrc:${match[1]} cname:${match[2]}`];
  });
}

function candidateOf(attribute: string): string[] {
  const match = attribute.startsWith("candidate:") ? CANDIDATE.exec(attribute.slice("candidate:".length)) : null;
  if (!match) return [];
  const [, foundation, component, , priority, address, port, type, relatedAddress, relatedPort] = match;
  if (component !== "1" || !address || isIP(address) === 0 || !validPort(port) || Number(priority) > 0xffffffff) return [];
  const related = relatedAddress && isIP(relatedAddress) !== 0 && validPort(relatedPort) ? ` raddr ${relatedAddress} rport ${relatedPort}` : "";
  return [`candidate:${foundation} 1 UDP ${priority} ${address} ${port} typ ${type?.toLowerCase()}${related}`];
}

function validPort(port: string | undefined): boolean {
  return port !== undefined && Number(port) >= 1 && Number(port) <= 65535;
}
