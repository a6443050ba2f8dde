import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LocalSdpOrigin } from "./sdp-origin";
import { answerAudioOffer, answerDirection, offerAudio, readAudioAnswer, type LocalAudio } from "./sip-sdp-negotiation";
import { buildSipSdp, parseSipSdp, type SipAudioSdp } from "./sip-sdp";

const captured = join(import.meta.dirname, "../../channels/sip-trunk/sip/fixtures/captured");
/** The SDP body of a captured SIP message. */
function sdpOf(file: string): string {
  const text = readFileSync(join(captured, file), "latin1");
  return text.slice(text.indexOf("\r\n\r\n") + 4);
}
function parsed(text: string): SipAudioSdp {
  const result = parseSipSdp(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}
const sdp = (lines: string[]) => `${lines.join("\r\n")}\r\n`;
const OFFER = ["v=0", "o=carrier 100 200 IN IP4 198.51.100.7", "s=-", "c=IN IP4 198.51.100.7", "t=0 0", "m=audio 30000 RTP/AVP 0 8 101", "a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-16", "a=ptime:20"];
const LOCAL: LocalAudio = { address: "203.0.113.10", port: 40000, codecs: ["PCMU", "PCMA"] };

describe("parseSipSdp", () => {
  it("reads sipp's uac_pcap offer: PCMA and telephone-event 101 with its fmtp", () => {
    const offer = parsed(sdpOf("sipp-uac-pcap-invite.sip"));
    expect(offer).toMatchObject({ address: "127.0.0.1", port: 6004, proto: "RTP/AVP", direction: "sendrecv", zeroAddressHold: false });
    expect(offer.codecs).toEqual([
      { payloadType: 8, name: "PCMA", clockRate: 8000, channels: undefined, fmtp: undefined },
      { payloadType: 101, name: "telephone-event", clockRate: 8000, channels: undefined, fmtp: "0-11,16" },
    ]);
    expect(offer.origin).toEqual({ username: "user1", sessionId: "53655765", sessionVersion: "2353687637", address: "127.0.0.1" });
  });

  it("reads baresip's SDES offer: RTP/SAVP and its crypto line", () => {
    const offer = parsed(sdpOf("baresip-srtp-invite.sip"));
    expect(offer.proto).toBe("RTP/SAVP");
    expect(offer.crypto).toEqual([expect.stringMatching(/^1 AES_CM_128_HMAC_SHA1_80 inline:[A-Za-z0-9+/]{40}$/)]);
    expect(offer.ptime).toBe(20);
  });

  it("names static payload types that have no rtpmap, and takes session-level direction and c=", () => {
    const offer = parsed(sdp(["v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1", "t=0 0", "a=sendonly", "m=audio 5004 RTP/AVP 8 0 18"]));
    expect(offer.codecs.map((codec) => codec.name)).toEqual(["PCMA", "PCMU", "G729"]);
    expect(offer.direction).toBe("sendonly");
  });

  it("typed errors: not SDP, no audio, audio rejected, no c= line", () => {
    expect(parseSipSdp("hello")).toMatchObject({ ok: false, error: { code: "invalid_sdp" } });
    expect(parseSipSdp(sdp(["v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1", "t=0 0", "m=video 5000 RTP/AVP 31"]))).toMatchObject({ ok: false, error: { code: "no_audio", message: "the SDP has no audio m-line" } });
    expect(parseSipSdp(sdp(["v=0", "s=-", "c=IN IP4 192.0.2.1", "t=0 0", "m=audio 0 RTP/AVP 0"]))).toMatchObject({ ok: false, error: { code: "no_audio" } });
    expect(parseSipSdp(sdp(["v=0", "s=-", "t=0 0", "m=audio 5000 RTP/AVP 0"]))).toMatchObject({ ok: false, error: { code: "invalid_sdp", message: "the audio has no c= line" } });
    expect(parseSipSdp(sdp(["v=0", "c=IN IP4 999.1.1.1", "m=audio 5000 RTP/AVP 0"]))).toMatchObject({ ok: false, error: { code: "invalid_sdp" } });
    expect(parseSipSdp(sdp(["v=0", "c=IN IP4 192.0.2.1", "m=audio 99999 RTP/AVP 0"]))).toMatchObject({ ok: false, error: { code: "invalid_sdp" } });
    expect(parseSipSdp(sdp(["v=0", "c=IN IP4 192.0.2.1", "m=audio 5000 RTP/AVP 0", `a=x:${"y".repeat(20_000)}`]))).toMatchObject({ ok: false, error: { code: "sdp_too_large" } });
  });
});

describe("answerAudioOffer", () => {
  it("answers sipp's offer with PCMA and its telephone-event payload type (101) and fmtp", () => {
    const result = answerAudioOffer(parsed(sdpOf("sipp-uac-pcap-invite.sip")), LOCAL);
    if (!result.ok) throw new Error(result.error.message);
    const text = buildSipSdp(result.value.description, new LocalSdpOrigin("203.0.113.10"), parsed(sdpOf("sipp-uac-pcap-invite.sip")));
    expect(text).toMatch(/^v=0\r\no=switchboard \d+ 1 IN IP4 203\.0\.113\.10\r\ns=-\r\nc=IN IP4 203\.0\.113\.10\r\nt=0 0\r\nm=audio 40000 RTP\/AVP 8 101\r\na=rtpmap:8 PCMA\/8000\r\na=rtpmap:101 telephone-event\/8000\r\na=fmtp:101 0-11,16\r\na=ptime:20\r\na=sendrecv\r\n$/);
    expect(result.value.negotiated).toMatchObject({
      codec: { name: "PCMA", payloadType: 8, clockRate: 8000 },
      telephoneEvent: { payloadType: 101, clockRate: 8000 },
      remote: { address: "127.0.0.1", port: 6004 },
      remoteRtcp: { address: "127.0.0.1", port: 6005 },
      localDirection: "sendrecv",
    });
  });

  it.each([96, 100, 126])("keeps the offer's telephone-event payload type %i", (payloadType) => {
    const offer = parsed(sdp(OFFER.map((line) => line.replace(/101/g, String(payloadType)))));
    const result = answerAudioOffer(offer, LOCAL);
    expect(result.ok && result.value.negotiated.telephoneEvent).toEqual({ payloadType, clockRate: 8000 });
    expect(result.ok && result.value.description.codecs.map((codec) => codec.payloadType)).toEqual([0, payloadType]);
  });

  it("picks the first common codec in the offer's order, or ours when asked", () => {
    const offer = parsed(sdp(OFFER.map((line) => line.replace("RTP/AVP 0 8 101", "RTP/AVP 8 0 101"))));
    expect(answerAudioOffer(offer, LOCAL).ok && answerAudioOffer(offer, LOCAL)).toMatchObject({ value: { negotiated: { codec: { name: "PCMA" } } } });
    expect(answerAudioOffer(offer, { ...LOCAL, prefer: "ours" })).toMatchObject({ value: { negotiated: { codec: { name: "PCMU" } } } });
  });

  it("no common codec: a typed error naming what was offered", () => {
    const offer = parsed(sdp(["v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1", "t=0 0", "m=audio 5004 RTP/AVP 18 9 101", "a=rtpmap:101 telephone-event/8000"]));
    expect(answerAudioOffer(offer, LOCAL)).toEqual({ ok: false, error: { code: "no_common_codec", message: "no common codec: offered G729, G722; we take PCMU, PCMA" } });
  });

  it("RFC 3264 §6.1 directions: hold offers (sendonly, c=0.0.0.0) are answered recvonly, inactive with inactive", () => {
    const withDirection = (direction: string, address = "198.51.100.7") => parsed(sdp([...OFFER.map((line) => line.replace("198.51.100.7", address)), `a=${direction}`]));
    const answer = (offer: SipAudioSdp) => {
      const result = answerAudioOffer(offer, LOCAL);
      if (!result.ok) throw new Error(result.error.message);
      return result.value;
    };
    expect(answer(withDirection("sendonly")).negotiated).toMatchObject({ localDirection: "recvonly", remoteDirection: "sendonly", remote: { port: 30000 } });
    expect(answer(withDirection("recvonly")).negotiated.localDirection).toBe("sendonly");
    expect(answer(withDirection("inactive")).negotiated.localDirection).toBe("inactive");
    expect(answer(withDirection("sendrecv")).negotiated.localDirection).toBe("sendrecv");
    const oldHold = answer(withDirection("sendrecv", "0.0.0.0"));
    expect(oldHold.negotiated).toMatchObject({ localDirection: "recvonly", remote: undefined });
    expect(answerDirection("sendrecv", "sendonly")).toBe("sendonly");
    expect(answerDirection("sendonly", "sendonly")).toBe("inactive");
  });

  it("other m-lines of the offer are answered rejected in their places", () => {
    const offer = parsed(sdp(["v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1", "t=0 0", "m=video 5000 RTP/AVP 31", "m=audio 5004 RTP/AVP 0"]));
    const result = answerAudioOffer(offer, LOCAL);
    if (!result.ok) throw new Error(result.error.message);
    const text = buildSipSdp(result.value.description, new LocalSdpOrigin("203.0.113.10"), offer);
    expect(text.split("\r\n").filter((line) => line.startsWith("m="))).toEqual(["m=video 0 RTP/AVP 31", "m=audio 40000 RTP/AVP 0"]);
  });

  it("SDES: answers RTP/SAVP with the offer's tag and suite and a fresh key of ours; refuses per the srtp setting", () => {
    const offer = parsed(sdpOf("baresip-srtp-invite.sip"));
    const result = answerAudioOffer(offer, LOCAL);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.description.proto).toBe("RTP/SAVP");
    const theirKey = Buffer.from(/inline:(\S+)/.exec(offer.crypto[0] ?? "")?.[1] ?? "", "base64");
    expect(result.value.negotiated.srtp).toEqual({
      remote: { tag: 1, suite: "AES_CM_128_HMAC_SHA1_80", keyMaterial: theirKey },
      local: { tag: 1, suite: "AES_CM_128_HMAC_SHA1_80", keyMaterial: expect.any(Buffer) },
    });
    const ourKey = result.value.negotiated.srtp?.local.keyMaterial ?? Buffer.alloc(0);
    expect(ourKey.length).toBe(30);
    expect(ourKey.equals(theirKey)).toBe(false);
    const text = buildSipSdp(result.value.description, new LocalSdpOrigin("203.0.113.10"));
    expect(text).toContain(`a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${ourKey.toString("base64")}\r\n`);
    // A key kept for the call (`sdesKey`) is the one answered.
    const kept = answerAudioOffer(offer, { ...LOCAL, sdesKey: Buffer.alloc(30, 7) });
    expect(kept.ok && kept.value.negotiated.srtp?.local.keyMaterial.equals(Buffer.alloc(30, 7))).toBe(true);
    expect(answerAudioOffer(offer, { ...LOCAL, srtp: "off" })).toMatchObject({ ok: false, error: { code: "no_common_crypto" } });
    expect(answerAudioOffer(parsed(sdpOf("baresip-invite.sip")), { ...LOCAL, srtp: "required" })).toMatchObject({ ok: false, error: { code: "srtp_required" } });
    const unknownSuite = parsed(sdpOf("baresip-srtp-invite.sip").replace("AES_CM_128_HMAC_SHA1_80", "AEAD_AES_256_GCM"));
    expect(answerAudioOffer(unknownSuite, LOCAL)).toMatchObject({ ok: false, error: { code: "no_common_crypto" } });
    const unencrypted = parsed(sdpOf("baresip-srtp-invite.sip").replace(/(a=crypto:[^\r]*)/, "$1 UNENCRYPTED_SRTP"));
    expect(answerAudioOffer(unencrypted, LOCAL)).toMatchObject({ ok: false, error: { code: "no_common_crypto" } });
  });
});

describe("our offer and the answer to it", () => {
  it("offers PCMU, PCMA, telephone-event 101 and reads back an answer that kept PCMA and PT 101", () => {
    const description = offerAudio(LOCAL);
    const text = buildSipSdp(description, new LocalSdpOrigin("203.0.113.10"));
    expect(text).toContain("m=audio 40000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n");
    const theirOffer = parsed(text);
    const answer = answerAudioOffer(theirOffer, { address: "198.51.100.7", port: 30000, codecs: ["PCMA"] });
    if (!answer.ok) throw new Error(answer.error.message);
    const answerText = buildSipSdp(answer.value.description, new LocalSdpOrigin("198.51.100.7"), theirOffer);
    expect(readAudioAnswer(description, parsed(answerText))).toMatchObject({
      ok: true,
      value: { codec: { name: "PCMA", payloadType: 8 }, telephoneEvent: { payloadType: 101 }, remote: { address: "198.51.100.7", port: 30000 }, localDirection: "sendrecv" },
    });
  });

  it("an answer without our codecs is an error; an SRTP offer answered with plain RTP is an error", () => {
    const description = offerAudio(LOCAL);
    expect(readAudioAnswer(description, parsed(sdp(["v=0", "s=-", "c=IN IP4 192.0.2.1", "t=0 0", "m=audio 5004 RTP/AVP 18"])))).toMatchObject({ ok: false, error: { code: "no_common_codec" } });
    const secure = offerAudio({ ...LOCAL, srtp: "required" });
    expect(secure.proto).toBe("RTP/SAVP");
    expect(readAudioAnswer(secure, parsed(sdp(["v=0", "s=-", "c=IN IP4 192.0.2.1", "t=0 0", "m=audio 5004 RTP/AVP 0"])))).toMatchObject({ ok: false, error: { code: "srtp_required" } });
  });
});

describe("LocalSdpOrigin", () => {
  it("keeps the version for the same SDP (a refresh) and bumps it when ours changes (hold, resume)", () => {
    const origin = new LocalSdpOrigin("203.0.113.10");
    const description = offerAudio(LOCAL);
    const first = buildSipSdp(description, origin);
    const refresh = buildSipSdp(description, origin);
    const hold = buildSipSdp({ ...description, direction: "sendonly" }, origin);
    const resume = buildSipSdp(description, origin);
    const version = (text: string) => parsed(text).origin?.sessionVersion;
    expect([version(first), version(refresh), version(hold), version(resume)]).toEqual(["1", "1", "2", "3"]);
    expect(refresh).toBe(first);
    expect(parsed(hold).origin?.sessionId).toBe(parsed(first).origin?.sessionId);
  });
});
