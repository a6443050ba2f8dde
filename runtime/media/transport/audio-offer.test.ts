import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readAudioOffer, sanitizedOffer } from "./audio-offer";
import { MediaOfferError } from "./media-offer-error";

/** Chromium 156's offer with its fake microphone (loopback rig), captured as is. */
const CHROMIUM = readFileSync(new URL("./fixtures/chromium-offer.sdp", import.meta.url), "utf8");
/** Shaped like Meta's user-initiated sample offer (MEDIA.md 5.5): ICE-lite, mid "audio", 111 + 126, IPv4 and IPv6 host candidates. */
const META = readFileSync(new URL("./fixtures/meta-offer.sdp", import.meta.url), "utf8");

const without = (sdp: string, pattern: RegExp) => sdp.split("\r\n").filter((line) => !pattern.test(line)).join("\r\n");

function refusal(sdp: unknown): MediaOfferError {
  try {
    readAudioOffer(sdp);
  } catch (error) {
    if (error instanceof MediaOfferError) return error;
    throw error;
  }
  throw new Error("the offer was accepted");
}

describe("reading a WebRTC audio offer", () => {
  it("takes Chromium's Opus, prefers telephone-event/8000 over /48000, keeps its UDP candidates and SSRC", () => {
    const offer = readAudioOffer(CHROMIUM);
    expect(offer).toMatchObject({ mid: "0", direction: "sendrecv", opusPayloadType: 111, telephoneEvent: { payloadType: 126, clockRate: 8000 }, iceLite: false, setup: "actpass", iceUfrag: "sTAL", endOfCandidates: false });
    expect(offer.candidates).toHaveLength(4);
    expect(offer.candidates.every((line) => / UDP \d+ \S+ \d+ typ host$/.test(line))).toBe(true);
    expect(offer.ssrcLines).toEqual(["ssrc:3749739276 cname:xbOTWdzl6HYaoJS7"]);
    expect(offer.sections).toEqual([{ kind: "audio", proto: "UDP/TLS/RTP/SAVPF", formats: "111 63 9 0 8 13 110 126", mid: "0" }]);
  });

  it("reads Meta's ICE-lite offer: mid audio, 126/8000, an IPv4 and an IPv6 candidate", () => {
    const offer = readAudioOffer(META);
    expect(offer).toMatchObject({ mid: "audio", iceLite: true, opusPayloadType: 111, telephoneEvent: { payloadType: 126, clockRate: 8000 } });
    expect(offer.candidates.map((line) => line.split(" ")[4])).toEqual(["157.240.19.130", "2a03:2880:f234:1c4:face:b00c:0:8e"]);
  });

  it("falls back to telephone-event/48000 when only that is offered, and to none", () => {
    expect(readAudioOffer(without(CHROMIUM, /^a=rtpmap:126 /)).telephoneEvent).toEqual({ payloadType: 110, clockRate: 48000 });
    expect(readAudioOffer(without(CHROMIUM, /telephone-event/)).telephoneEvent).toBeUndefined();
  });

  it("accepts ICE credentials and fingerprint at session level (Firefox puts the fingerprint there)", () => {
    const lines = CHROMIUM.split("\r\n");
    const moved = lines.filter((line) => !/^a=(ice-ufrag|ice-pwd|fingerprint):/.test(line));
    moved.splice(4, 0, ...lines.filter((line) => /^a=(ice-ufrag|ice-pwd|fingerprint):/.test(line)));
    expect(readAudioOffer(moved.join("\r\n")).iceUfrag).toBe("sTAL");
  });

  it("passes libdatachannel only checked parts: one audio section with Opus and the chosen telephone-event", () => {
    const sanitized = sanitizedOffer(readAudioOffer(CHROMIUM));
    expect(sanitized).toContain("m=audio 9 UDP/TLS/RTP/SAVPF 111 126\r\n");
    expect(sanitized).toContain("a=group:BUNDLE 0\r\n");
    expect(sanitized).not.toMatch(/extmap|rtcp-fb|G722|PCMU|red\/|msid|network-id/);
    expect(sanitized.match(/^a=rtpmap:/gm)).toHaveLength(2);
    expect(sanitizedOffer(readAudioOffer(META))).toContain("a=ice-lite\r\n");
  });

  it("keeps at most 12 remote candidates and drops mDNS names, TCP and malformed ones", () => {
    const extra = [
      "a=candidate:1 1 udp 2122260223 4f1c2a3b-aaaa-bbbb-cccc-123456789abc.local 40000 typ host generation 0",
      "a=candidate:2 1 udp 2122260223 127.0.0.1 0 typ host",
      "a=candidate:3 1 udp 2122260223 127.0.0.1 70000 typ host",
      "a=candidate:4 2 udp 2122260223 127.0.0.1 40001 typ host",
      "a=candidate:5 1 udp 2122260223 not-an-ip 40002 typ host",
      ...Array.from({ length: 40 }, (_, i) => `a=candidate:${100 + i} 1 udp 1 10.0.${i}.1 ${41000 + i} typ srflx raddr 0.0.0.0 rport 9`),
    ];
    const offer = readAudioOffer(CHROMIUM.replace("a=ice-ufrag:", `${extra.join("\r\n")}\r\na=ice-ufrag:`));
    expect(offer.candidates).toHaveLength(12);
    expect(offer.candidates.join("\n")).not.toMatch(/\.local|not-an-ip| 0 typ| 70000 typ|:4 2 /);
    expect(offer.candidates.filter((line) => line.includes("typ srflx raddr 0.0.0.0 rport 9"))).toHaveLength(8);
  });

  it("answers the first usable audio section of an offer that also has video and data", () => {
    const video = "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=rtpmap:96 VP8/90000\r\n";
    const data = "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\n";
    const offer = readAudioOffer(CHROMIUM.replace("m=audio", `${video}${data}m=audio`));
    expect(offer.audioIndex).toBe(2);
    expect(offer.sections.map((section) => `${section.kind}:${section.mid}`)).toEqual(["video:1", "application:2", "audio:0"]);
  });
});

describe("refusing offers we cannot answer, with a typed error before any native object exists", () => {
  it.each([
    ["text that is not SDP", "hello, this is not an offer"],
    ["an empty string", ""],
    ["JSON", JSON.stringify({ type: "offer", sdp: "v=0" })],
    ["binary garbage", Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256)).toString("latin1")],
    ["control characters inside SDP", CHROMIUM.replace("s=-", "s=\u0000\u0007")],
  ])("%s: invalid_sdp", (_, sdp) => {
    expect(refusal(sdp).code).toBe("invalid_sdp");
  });

  it("a value that is not a string: invalid_sdp", () => {
    expect(refusal({ sdp: CHROMIUM }).code).toBe("invalid_sdp");
    expect(refusal(undefined).code).toBe("invalid_sdp");
  });

  it("an SDP of 1 MB: sdp_too_large (413), unread", () => {
    const error = refusal(`${CHROMIUM}${"a=x-padding:0123456789abcdef\r\n".repeat(36_000)}`);
    expect(error.code).toBe("sdp_too_large");
    expect(error.status).toBe(413);
  });

  it("an offer with only video, or audio rejected (port 0), or plain RTP audio: no_audio", () => {
    expect(refusal(CHROMIUM.replace("m=audio 50761", "m=video 50761")).code).toBe("no_audio");
    expect(refusal(CHROMIUM.replace("m=audio 50761", "m=audio 0")).code).toBe("no_audio");
    const plain = refusal(CHROMIUM.replace("UDP/TLS/RTP/SAVPF", "RTP/AVP"));
    expect(plain.code).toBe("no_audio");
    expect(plain.message).toContain("DTLS-SRTP");
  });

  it("audio without Opus (G.711 only, or an opus rtpmap for a payload type not on the m-line): no_common_codec", () => {
    expect(refusal(CHROMIUM.replace("111 63 9 0 8 13 110 126", "0 8 126")).code).toBe("no_common_codec");
    expect(refusal(CHROMIUM.replace("m=audio 50761 UDP/TLS/RTP/SAVPF 111 ", "m=audio 50761 UDP/TLS/RTP/SAVPF ")).code).toBe("no_common_codec");
    expect(refusal(CHROMIUM.replace("opus/48000/2", "opus/48000/1")).code).toBe("no_common_codec");
  });

  it("no ICE credentials, no fingerprint, or malformed ones: invalid_sdp naming them", () => {
    expect(refusal(without(CHROMIUM, /^a=ice-(ufrag|pwd):/)).message).toContain("ICE credentials");
    expect(refusal(without(CHROMIUM, /^a=ice-pwd:/)).message).toContain("ICE credentials");
    expect(refusal(without(CHROMIUM, /^a=fingerprint:/)).message).toContain("fingerprint");
    expect(refusal(CHROMIUM.replace("a=ice-pwd:tM9OR+vfEJDzTanPbu2h2VJz", "a=ice-pwd:short")).message).toContain("ice-pwd");
    expect(refusal(CHROMIUM.replace(/a=fingerprint:sha-256 \S+/, "a=fingerprint:sha-256 zz")).message).toContain("fingerprint");
    expect(refusal(CHROMIUM.replace("a=setup:actpass", "a=setup:holdconn")).message).toContain("setup");
    expect(refusal(CHROMIUM.replace("a=mid:0", `a=mid:${"x".repeat(40)}`)).message).toContain("mid");
  });

  it("a malformed m-line: invalid_sdp", () => {
    expect(refusal(CHROMIUM.replace("m=audio 50761 UDP/TLS/RTP/SAVPF", "m=audio port UDP/TLS/RTP/SAVPF")).code).toBe("invalid_sdp");
  });
});
