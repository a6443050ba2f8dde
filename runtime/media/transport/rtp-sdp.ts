import { isIPv4 } from "node:net";
import { MediaOfferError } from "./media-offer-error";

/**
 * The SDP of plain RTP audio legs (SIP), read and written. A stand-in kept in this one file
 * until the SIP protocol layer's `runtime/media/sdp/` lands (branch h14-sip): then this file goes
 * and its callers import from there. Only what an RTP leg needs: the m-lines (others are rejected
 * in place in an answer, RFC 3264 §6), the audio section's address, port, profile, formats,
 * rtpmap/fmtp, direction, ptime, rtcp / rtcp-mux, SDES crypto lines and SSRCs.
 */

export type SdpDirection = "sendrecv" | "sendonly" | "recvonly" | "inactive";

export interface SdpMediaLine {
  media: string;
  port: number;
  protocol: string;
  formats: string[];
}

export interface SdpAudio {
  /** Index of this m-line among all of them. */
  index: number;
  /** The connection address (media-level c=, else session-level); `0.0.0.0` is legacy hold. */
  address: string;
  port: number;
  /** `RTP/AVP` or `RTP/SAVP` (AVPF variants are read as these). */
  protocol: "RTP/AVP" | "RTP/SAVP";
  /** Payload types in the m-line's order. */
  payloadTypes: number[];
  rtpmaps: Map<number, { encoding: string; clockRate: number }>;
  fmtps: Map<number, string>;
  /** Media-level attribute, else session-level, else sendrecv. */
  direction: SdpDirection;
  ptime: number | undefined;
  rtcpMux: boolean;
  /** `a=rtcp:` (RFC 3605): RTCP's port (and address) when not port + 1. */
  rtcp: { port: number; address?: string } | undefined;
  /** Values of the `a=crypto:` lines, in order. */
  crypto: string[];
  /** `a=ssrc:` SSRCs the peer declared. */
  ssrcs: number[];
}

export interface SipSdp {
  origin: { username: string; sessionId: string; version: string; address: string };
  media: SdpMediaLine[];
  /** The first usable audio m-line (RTP/AVP or RTP/SAVP, port not 0), if any. */
  audio: SdpAudio | undefined;
  /** Why no audio m-line was usable, when there is none. */
  noAudioReason: string | undefined;
}

export const MAX_SDP_BYTES = 32 * 1024;
const DIRECTIONS: readonly SdpDirection[] = ["sendrecv", "sendonly", "recvonly", "inactive"];
const isDirection = (value: string): value is SdpDirection => DIRECTIONS.some((direction) => direction === value);

function connectionAddress(value: string, where: string): string {
  const [network, type, address] = value.trim().split(/\s+/);
  if (network !== "IN" || address === undefined) throw new MediaOfferError("invalid_sdp", `${where}: malformed c= line "${value}"`);
  if (type === "IP6") throw new MediaOfferError("invalid_sdp", `${where}: IPv6 media addresses are not supported on RTP legs yet`);
  // A multicast TTL suffix (a.b.c.d/127) is not for unicast calls.
  if (type !== "IP4" || !isIPv4(address)) throw new MediaOfferError("invalid_sdp", `${where}: c= must be an IPv4 address, not "${address}"`);
  return address;
}

/** Reads a SIP peer's SDP. Throws a MediaOfferError (`invalid_sdp`, `sdp_too_large`) for text that is not usable SDP; no usable audio is `audio: undefined`. */
export function parseSipSdp(text: string): SipSdp {
  if (Buffer.byteLength(text, "utf8") > MAX_SDP_BYTES) throw new MediaOfferError("sdp_too_large", `the SDP is larger than ${MAX_SDP_BYTES} bytes`);
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  if (lines[0]?.trim() !== "v=0") throw new MediaOfferError("invalid_sdp", "the SDP does not start with v=0");
  let origin: SipSdp["origin"] | undefined;
  let sessionAddress: string | undefined;
  let sessionDirection: SdpDirection | undefined;
  const sections: { line: SdpMediaLine; attributes: string[]; address: string | undefined }[] = [];
  for (const [number, raw] of lines.entries()) {
    const line = raw.trim();
    const match = /^([a-z])=(.*)$/.exec(line);
    if (match === null) throw new MediaOfferError("invalid_sdp", `SDP line ${number + 1} is not <type>=<value>: "${line.slice(0, 80)}"`);
    const [, type, value = ""] = match;
    const section = sections.at(-1);
    if (type === "o") {
      const [username, sessionId, version, network, addressType, address] = value.split(/\s+/);
      if (address === undefined || network !== "IN" || addressType === undefined || !/^\d{1,20}$/.test(sessionId ?? "") || !/^\d{1,20}$/.test(version ?? "")) {
        throw new MediaOfferError("invalid_sdp", `malformed o= line "${value.slice(0, 80)}"`);
      }
      origin = { username: username ?? "-", sessionId: sessionId ?? "0", version: version ?? "0", address };
    } else if (type === "m") {
      const [media, portText, protocol, ...formats] = value.split(/\s+/);
      const port = Number((portText ?? "").split("/")[0]);
      if (media === undefined || protocol === undefined || !Number.isInteger(port) || port < 0 || port > 65535 || formats.length === 0) {
        throw new MediaOfferError("invalid_sdp", `malformed m= line "${value.slice(0, 80)}"`);
      }
      sections.push({ line: { media, port, protocol, formats }, attributes: [], address: undefined });
    } else if (type === "c") {
      if (section === undefined) sessionAddress = connectionAddress(value, "session");
      else section.address = connectionAddress(value, `m-line ${sections.length}`);
    } else if (type === "a") {
      if (section !== undefined) section.attributes.push(value);
      else if (isDirection(value)) sessionDirection = value;
    }
  }
  if (origin === undefined) throw new MediaOfferError("invalid_sdp", "the SDP has no o= line");
  if (sections.length === 0) throw new MediaOfferError("invalid_sdp", "the SDP has no m= line");
  let audio: SdpAudio | undefined;
  let noAudioReason: string | undefined = "the SDP has no audio m-line";
  for (const [index, section] of sections.entries()) {
    const { line } = section;
    if (audio !== undefined || line.media !== "audio") continue;
    const protocol = line.protocol === "RTP/AVP" || line.protocol === "RTP/AVPF" ? "RTP/AVP" : line.protocol === "RTP/SAVP" || line.protocol === "RTP/SAVPF" ? "RTP/SAVP" : undefined;
    if (protocol === undefined) {
      noAudioReason = `audio over ${line.protocol} is not supported on RTP legs (RTP/AVP or RTP/SAVP with SDES)`;
      continue;
    }
    if (line.port === 0) {
      noAudioReason = "the audio m-line is rejected (port 0)";
      continue;
    }
    const address = section.address ?? sessionAddress;
    if (address === undefined) throw new MediaOfferError("invalid_sdp", "the audio m-line has no c= address (media or session level)");
    const payloadTypes = line.formats.map(Number);
    if (payloadTypes.some((pt) => !Number.isInteger(pt) || pt < 0 || pt > 127)) throw new MediaOfferError("invalid_sdp", `audio payload types must be 0–127: "${line.formats.join(" ")}"`);
    audio = readAudioAttributes(index, section.attributes, { address, port: line.port, protocol, payloadTypes, direction: sessionDirection });
  }
  return { origin, media: sections.map((section) => section.line), audio, noAudioReason: audio === undefined ? noAudioReason : undefined };
}

function readAudioAttributes(
  index: number,
  attributes: readonly string[],
  base: { address: string; port: number; protocol: SdpAudio["protocol"]; payloadTypes: number[]; direction: SdpDirection | undefined },
): SdpAudio {
  const audio: SdpAudio = {
    index,
    address: base.address,
    port: base.port,
    protocol: base.protocol,
    payloadTypes: base.payloadTypes,
    rtpmaps: new Map(),
    fmtps: new Map(),
    direction: base.direction ?? "sendrecv",
    ptime: undefined,
    rtcpMux: false,
    rtcp: undefined,
    crypto: [],
    ssrcs: [],
  };
  for (const attribute of attributes) {
    const colon = attribute.indexOf(":");
    const name = colon < 0 ? attribute : attribute.slice(0, colon);
    const value = colon < 0 ? "" : attribute.slice(colon + 1).trim();
    if (isDirection(name)) audio.direction = name;
    else if (name === "rtcp-mux") audio.rtcpMux = true;
    else if (name === "crypto") audio.crypto.push(value);
    else if (name === "rtpmap") {
      const match = /^(\d{1,3})\s+([A-Za-z0-9._-]+)\/(\d{1,6})(?:\/\d+)?$/.exec(value);
      if (match !== null) audio.rtpmaps.set(Number(match[1]), { encoding: (match[2] ?? "").toLowerCase(), clockRate: Number(match[3]) });
    } else if (name === "fmtp") {
      const match = /^(\d{1,3})\s+(.*)$/.exec(value);
      if (match !== null) audio.fmtps.set(Number(match[1]), match[2] ?? "");
    } else if (name === "ptime") {
      const ptime = Number(value);
      if (Number.isFinite(ptime) && ptime > 0 && ptime <= 1000) audio.ptime = ptime;
    } else if (name === "rtcp") {
      const match = /^(\d{1,5})(?:\s+IN\s+IP4\s+(\S+))?/.exec(value);
      const port = Number(match?.[1]);
      if (match !== null && port > 0 && port <= 65535) audio.rtcp = { port, ...(match[2] !== undefined && isIPv4(match[2]) ? { address: match[2] } : {}) };
    } else if (name === "ssrc") {
      const ssrc = Number(/^(\d{1,10})\s/.exec(`${value} `)?.[1]);
      if (Number.isInteger(ssrc) && ssrc <= 0xffffffff && !audio.ssrcs.includes(ssrc)) audio.ssrcs.push(ssrc);
    }
  }
  return audio;
}

export interface SdpFormat {
  payloadType: number;
  encoding: string;
  clockRate: number;
  fmtp?: string;
}

export interface WriteSipSdp {
  sessionId: string;
  version: number;
  address: string;
  port: number;
  protocol: "RTP/AVP" | "RTP/SAVP";
  formats: readonly SdpFormat[];
  direction: SdpDirection;
  ptime: number;
  rtcpMux: boolean;
  crypto: string | undefined;
  /** In an answer, the offer's other m-lines, rejected in place (port 0) around our audio at `audioIndex`. */
  rejected?: { media: readonly SdpMediaLine[]; audioIndex: number };
}

/** Our SDP: one audio m-line (and, in an answer, the offer's other m-lines with port 0). */
export function writeSipSdp(sdp: WriteSipSdp): string {
  const audio = [
    `m=audio ${sdp.port} ${sdp.protocol} ${sdp.formats.map((format) => format.payloadType).join(" ")}`,
    ...sdp.formats.flatMap((format) => [`a=rtpmap:${format.payloadType} ${format.encoding}/${format.clockRate}`, ...(format.fmtp === undefined ? [] : [`a=fmtp:${format.payloadType} ${format.fmtp}`])]),
    `a=ptime:${sdp.ptime}`,
    ...(sdp.rtcpMux ? ["a=rtcp-mux"] : []),
    ...(sdp.crypto === undefined ? [] : [`a=crypto:${sdp.crypto}`]),
    `a=${sdp.direction}`,
  ];
  const sections = sdp.rejected === undefined ? [audio] : sdp.rejected.media.map((line, index) => (index === sdp.rejected?.audioIndex ? audio : [`m=${line.media} 0 ${line.protocol} ${line.formats.join(" ")}`]));
  return [`v=0`, `o=switchboard ${sdp.sessionId} ${sdp.version} IN IP4 ${sdp.address}`, `s=-`, `c=IN IP4 ${sdp.address}`, `t=0 0`, ...sections.flat(), ""].join("\r\n");
}
