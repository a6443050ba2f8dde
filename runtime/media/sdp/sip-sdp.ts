import { isIP } from "node:net";
import { formatSdesCrypto, type SdesCrypto } from "../srtp/sdes-crypto";
import { sdpFail, type SdpResult } from "./sdp-error";
import type { LocalSdpOrigin } from "./sdp-origin";

/** SIP bodies beyond this are not SDP we read (real ones are 200–1500 bytes). */
export const MAX_SDP_BYTES = 16 * 1024;

export type SdpDirection = "sendrecv" | "sendonly" | "recvonly" | "inactive";

export interface SdpCodec {
  payloadType: number;
  /** As written in rtpmap (`PCMU`, `telephone-event`, `opus`); static types without rtpmap get their RFC 3551 name. */
  name: string;
  clockRate: number;
  channels: number | undefined;
  fmtp: string | undefined;
}

/** One m= line as offered (kept to answer it in place, rejected or not). */
export interface SdpMediaLine {
  kind: string;
  port: number;
  proto: string;
  formats: string[];
}

/** The audio of a SIP call's SDP (RFC 4566, RFC 3264), every field checked. */
export interface SipAudioSdp {
  origin: { username: string; sessionId: string; sessionVersion: string; address: string } | undefined;
  /** Every m= line in order; `audioIndex` is the one used. */
  media: SdpMediaLine[];
  audioIndex: number;
  /** The audio's connection address (media c= over session c=). `0.0.0.0` means RFC 2543 hold. */
  address: string;
  port: number;
  /** `RTP/AVP`, `RTP/SAVP`, `RTP/AVPF` or `RTP/SAVPF`. */
  proto: string;
  /** In the m= line's order (the sender's preference). */
  codecs: SdpCodec[];
  /** As written (media attribute over session attribute), `sendrecv` when absent. */
  direction: SdpDirection;
  /** `c=IN IP4 0.0.0.0` (or `::`): hold the old way. */
  zeroAddressHold: boolean;
  ptime: number | undefined;
  rtcpMux: boolean;
  /** `a=rtcp:` (RFC 3605), when given. */
  rtcp: { port: number; address: string | undefined } | undefined;
  /** The values of the audio's `a=crypto:` lines as written, in order (read with `parseSdesCrypto` when negotiating). */
  crypto: string[];
}

const STATIC_TYPES: Record<number, { name: string; clockRate: number }> = {
  0: { name: "PCMU", clockRate: 8000 },
  3: { name: "GSM", clockRate: 8000 },
  4: { name: "G723", clockRate: 8000 },
  8: { name: "PCMA", clockRate: 8000 },
  9: { name: "G722", clockRate: 8000 },
  13: { name: "CN", clockRate: 8000 },
  18: { name: "G729", clockRate: 8000 },
};
const AUDIO_PROTOS = new Set(["RTP/AVP", "RTP/SAVP", "RTP/AVPF", "RTP/SAVPF"]);
const DIRECTIONS = new Set<string>(["sendrecv", "sendonly", "recvonly", "inactive"]);
const LINE = /^([a-z])=(.*)$/;
const M_LINE = /^(\w{1,16}) (\d{1,5})(?:\/\d{1,3})? ([A-Za-z0-9/]{1,32})((?: [A-Za-z0-9\-_.]{1,32}){0,64})$/;
const C_LINE = /^IN (IP4|IP6) ([0-9A-Fa-f.:]{2,45})(?:\/\d{1,3})*$/;
const O_LINE = /^(\S{1,64}) (\d{1,20}) (\d{1,20}) IN (IP4|IP6) (\S{1,255})$/;
const RTPMAP = /^(\d{1,3}) ([A-Za-z0-9\-_.]{1,32})\/(\d{1,6})(?:\/(\d{1,2}))?$/;
const FMTP = /^(\d{1,3}) (.{1,512})$/;
const RTCP = /^(\d{1,5})(?: IN IP[46] ([0-9A-Fa-f.:]{2,45}))?$/;

function isDirection(value: string): value is SdpDirection {
  return DIRECTIONS.has(value);
}

interface Section {
  line: SdpMediaLine;
  connection: string | undefined;
  attributes: Array<[string, string]>;
}

function attribute(text: string): [string, string] {
  const colon = text.indexOf(":");
  return colon < 0 ? [text, ""] : [text.slice(0, colon), text.slice(colon + 1)];
}

function zeroAddress(address: string): boolean {
  return address === "0.0.0.0" || address === "::";
}

/**
 * Reads the audio of an SDP offer or answer: the first `m=audio` with a port and an RTP profile,
 * its address, codecs (rtpmap/fmtp, static types by number), direction, ptime, RTCP and SDES
 * crypto lines. Never throws; a typed error when there is no usable audio.
 */
export function parseSipSdp(text: string): SdpResult<SipAudioSdp> {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_SDP_BYTES) return sdpFail("sdp_too_large", `the SDP is ${bytes} bytes, more than ${MAX_SDP_BYTES}`);
  const lines = text.split(/\r?\n/).filter((line) => line !== "");
  if (lines[0] !== "v=0") return sdpFail("invalid_sdp", "the body does not start with v=0");
  let origin: SipAudioSdp["origin"];
  let sessionConnection: string | undefined;
  const sessionAttributes: Array<[string, string]> = [];
  const sections: Section[] = [];
  for (const line of lines.slice(1)) {
    const match = LINE.exec(line);
    if (!match) return sdpFail("invalid_sdp", `"${line.slice(0, 40)}" is not an SDP line`);
    const [, type, value = ""] = match;
    const current = sections[sections.length - 1];
    if (type === "m") {
      const media = M_LINE.exec(value);
      if (!media || Number(media[2]) > 65535) return sdpFail("invalid_sdp", `m=${value.slice(0, 60)} is not a media line`);
      const formats = (media[4] ?? "").trim();
      sections.push({ line: { kind: media[1] ?? "", port: Number(media[2]), proto: (media[3] ?? "").toUpperCase(), formats: formats === "" ? [] : formats.split(" ") }, connection: undefined, attributes: [] });
    } else if (type === "c") {
      const connection = C_LINE.exec(value);
      if (!connection?.[2] || isIP(connection[2]) === 0) return sdpFail("invalid_sdp", `c=${value.slice(0, 60)} is not an IP connection line`);
      if (current) current.connection = connection[2];
      else sessionConnection = connection[2];
    } else if (type === "o" && !current) {
      const o = O_LINE.exec(value);
      if (o) origin = { username: o[1] ?? "", sessionId: o[2] ?? "", sessionVersion: o[3] ?? "", address: o[5] ?? "" };
    } else if (type === "a") {
      (current ? current.attributes : sessionAttributes).push(attribute(value));
    }
  }
  const audioIndex = sections.findIndex((section) => section.line.kind === "audio" && section.line.port > 0 && AUDIO_PROTOS.has(section.line.proto));
  const section = sections[audioIndex];
  if (!section) {
    const rejected = sections.some((candidate) => candidate.line.kind === "audio");
    return sdpFail("no_audio", rejected ? "the SDP's audio is rejected (port 0) or not RTP" : "the SDP has no audio m-line");
  }
  const address = section.connection ?? sessionConnection;
  if (address === undefined) return sdpFail("invalid_sdp", "the audio has no c= line");

  const codecs = new Map<number, SdpCodec>();
  for (const format of section.line.formats) {
    if (!/^\d{1,3}$/.test(format) || Number(format) > 127) continue;
    const payloadType = Number(format);
    const known = STATIC_TYPES[payloadType];
    codecs.set(payloadType, { payloadType, name: known?.name ?? "", clockRate: known?.clockRate ?? 0, channels: undefined, fmtp: undefined });
  }
  let direction: SdpDirection = "sendrecv";
  for (const [name] of sessionAttributes) if (isDirection(name)) direction = name;
  let ptime: number | undefined;
  let rtcpMux = false;
  let rtcp: SipAudioSdp["rtcp"];
  const crypto: string[] = [];
  for (const [name, value] of section.attributes) {
    if (isDirection(name)) direction = name;
    else if (name === "rtpmap") {
      const map = RTPMAP.exec(value.trim());
      const codec = map ? codecs.get(Number(map[1])) : undefined;
      if (map && codec) {
        codec.name = map[2] ?? "";
        codec.clockRate = Number(map[3]);
        codec.channels = map[4] === undefined ? undefined : Number(map[4]);
      }
    } else if (name === "fmtp") {
      const fmtp = FMTP.exec(value.trim());
      const codec = fmtp ? codecs.get(Number(fmtp[1])) : undefined;
      if (fmtp && codec) codec.fmtp = fmtp[2];
    } else if (name === "ptime" && /^\d{1,4}(\.\d+)?$/.test(value.trim())) ptime = Number(value.trim());
    else if (name === "rtcp-mux") rtcpMux = true;
    else if (name === "rtcp") {
      const match = RTCP.exec(value.trim());
      if (match) rtcp = { port: Number(match[1]), address: match[2] };
    } else if (name === "crypto") crypto.push(value.trim());
  }
  return {
    ok: true,
    value: {
      origin,
      media: sections.map((candidate) => candidate.line),
      audioIndex,
      address,
      port: section.line.port,
      proto: section.line.proto,
      codecs: [...codecs.values()].filter((codec) => codec.name !== ""),
      direction,
      zeroAddressHold: zeroAddress(address),
      ptime,
      rtcpMux,
      rtcp,
      crypto,
    },
  };
}

/** What our audio m-section says. */
export interface SdpAudioDescription {
  /** Our RTP address (`MEDIA_PUBLIC_IP` behind NAT). */
  address: string;
  /** Our RTP port; 0 rejects the audio. */
  port: number;
  proto: "RTP/AVP" | "RTP/SAVP";
  /** In preference order, telephone-event included. */
  codecs: SdpCodec[];
  ptime: number | undefined;
  direction: SdpDirection;
  rtcpMux: boolean;
  /** Our SDES key (RTP/SAVP): one line, with the tag of the offer's line it accepts. */
  crypto: SdesCrypto[];
}

/**
 * The SDP text for our audio: `v=`, `o=` (from `origin`: the version bumps only when the rest
 * changes), `s=`, `c=`, `t=`, and the audio m-section with rtpmap for every payload type. When
 * answering an offer, pass its m= lines: every other one comes back rejected (port 0) in its place
 * (RFC 3264 §6).
 */
export function buildSipSdp(audio: SdpAudioDescription, origin: LocalSdpOrigin, offered?: { media: SdpMediaLine[]; audioIndex: number }): string {
  const family = audio.address.includes(":") ? "IP6" : "IP4";
  const lines = ["s=-", `c=IN ${family} ${audio.address}`, "t=0 0"];
  const ours = [`m=audio ${audio.port} ${audio.proto} ${audio.codecs.map((codec) => codec.payloadType).join(" ")}`];
  for (const codec of audio.codecs) {
    ours.push(`a=rtpmap:${codec.payloadType} ${codec.name}/${codec.clockRate}${codec.channels && codec.channels > 1 ? `/${codec.channels}` : ""}`);
    if (codec.fmtp) ours.push(`a=fmtp:${codec.payloadType} ${codec.fmtp}`);
  }
  if (audio.ptime !== undefined) ours.push(`a=ptime:${audio.ptime}`);
  if (audio.rtcpMux) ours.push("a=rtcp-mux");
  for (const crypto of audio.crypto) ours.push(`a=crypto:${formatSdesCrypto(crypto)}`);
  ours.push(`a=${audio.direction}`);
  const media = offered?.media ?? [];
  const audioIndex = offered?.audioIndex ?? 0;
  if (media.length === 0) lines.push(...ours);
  media.forEach((line, index) => {
    if (index === audioIndex) lines.push(...ours);
    else lines.push(`m=${line.kind} 0 ${line.proto}${line.formats.length > 0 ? ` ${line.formats.join(" ")}` : ""}`);
  });
  return origin.render(`${lines.join("\r\n")}\r\n`);
}
