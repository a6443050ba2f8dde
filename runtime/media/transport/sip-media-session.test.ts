import { readFileSync } from "node:fs";
import { createSocket, type Socket } from "node:dgram";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { pollUntil } from "../../test-support/api-client";
import { serializeRtp } from "../rtp/rtp-packet";
import { RtpPeer, sipSdp } from "../test-support/rtp-peer";
import { RtpPortAllocator, RtpPortsExhaustedError } from "./rtp-port-allocator";
import { type SipMediaEnvironment, type SipMediaRequest, SipMediaSession } from "./sip-media-session";

/** baresip 1.0.0's INVITE bodies, plain and with `mediaenc=srtp-mand` (captured by the SIP layer's fixtures). */
const BARESIP = readFileSync(join(import.meta.dirname, "fixtures/baresip-offer.sdp"), "utf8");
const BARESIP_SRTP = readFileSync(join(import.meta.dirname, "fixtures/baresip-srtp-offer.sdp"), "utf8");
/** sipp 3.6.1's built-in `uac_pcap` INVITE body (MEDIA.md 3.7). */
const SIPP_UAC_PCAP = readFileSync(join(import.meta.dirname, "fixtures/sipp-uac-pcap-offer.sdp"), "utf8");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const waitFor = (what: () => boolean, describe: () => string, ms = 5_000) => pollUntil(async () => (what() ? true : undefined), ms, describe, 10);
const opened: { close(): unknown }[] = [];
afterEach(async () => {
  for (const item of opened.splice(0)) await item.close();
});

const environment = (allocator = new RtpPortAllocator({ min: 40_000, max: 44_999, bindAddress: "127.0.0.1" })): SipMediaEnvironment => ({ allocator, transport: { rtcpIntervalMs: 200 } });
async function answer(offer: string, request: Partial<SipMediaRequest> = {}, env = environment()) {
  const session = await SipMediaSession.answer(offer, { codecs: ["PCMU", "PCMA"], ...request }, env);
  opened.push(session);
  return session;
}
async function peer() {
  const created = await RtpPeer.open();
  opened.push(created);
  return created;
}
const lines = (sdp: string) => sdp.split("\r\n");
const originVersion = (sdp: string) => sipSdp(sdp).origin?.sessionVersion;
const pcmu = (seq: number, ssrc: number) => serializeRtp({ marker: false, payloadType: 0, sequenceNumber: seq, timestamp: seq * 160, ssrc, csrcs: [], payload: Buffer.alloc(160, seq & 0xff) });

describe("offer/answer", () => {
  it("answers baresip's offer with the channel's first codec it holds, keeping its telephone-event", async () => {
    const session = await answer(BARESIP, { codecs: ["PCMA", "PCMU"] });
    const port = sipSdp(session.localSdp).port;
    expect(lines(session.localSdp)).toEqual(expect.arrayContaining([`m=audio ${port} RTP/AVP 8 101`, "a=rtpmap:8 PCMA/8000", "a=fmtp:101 0-15", "a=sendrecv"]));
    // baresip's RTCP goes to its port + 1 (no a=rtcp, no rtcp-mux).
    expect(session.transport?.audio.codec).toBe("pcma");
  });

  it("answers baresip's SDES offer with RTP/SAVP and a fresh key of ours under its tag; srtp required refuses plain offers", async () => {
    const session = await answer(BARESIP_SRTP, { srtp: true });
    const audio = sipSdp(session.localSdp);
    expect(audio.proto).toBe("RTP/SAVP");
    expect(audio.codecs.map((codec) => codec.payloadType)).toEqual([0, 101]);
    expect(audio.crypto).toHaveLength(1);
    expect(audio.crypto[0]).toMatch(/^1 AES_CM_128_HMAC_SHA1_80 inline:[A-Za-z0-9+/]{40}$/);
    expect(audio.crypto[0]).not.toContain("lVXag5oIqAVEWv+/92dIhco30SNzcpB38XfvFf6f");
    await expect(answer(BARESIP, { srtp: true })).rejects.toMatchObject({ code: "srtp_required" });
    // Without `srtp`, an RTP/SAVP offer is still honoured (the offerer asks for it).
    expect(sipSdp((await answer(BARESIP_SRTP)).localSdp).proto).toBe("RTP/SAVP");
  });

  it("rejects other m-lines in place and keeps audio where the offer had it", async () => {
    const caller = await peer();
    const offer = caller.sdp().replace("m=audio", "m=video 40000 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\nm=audio");
    const session = await answer(offer);
    const media = sipSdp(session.localSdp).media;
    expect(media.map((line) => [line.kind, line.port === 0])).toEqual([
      ["video", true],
      ["audio", false],
    ]);
  });

  it("refuses unusable SDP with a typed code and binds no port", async () => {
    const allocator = new RtpPortAllocator({ min: 45_000, max: 45_099, bindAddress: "127.0.0.1" });
    const caller = await peer();
    const cases: [string, string][] = [
      ["not sdp at all", "invalid_sdp"],
      ["v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", "no_audio"],
      [caller.sdp().replace("c=IN IP4 127.0.0.1", "c=IN IP4 not.an.address"), "invalid_sdp"],
      [caller.sdp().replace("c=IN IP4 127.0.0.1", "c=IN IP6 ::1"), "invalid_sdp"],
      [caller.sdp().replace(/m=audio \d+/, "m=audio 99999"), "invalid_sdp"],
      [`${caller.sdp()}a=x:${"y".repeat(40_000)}\r\n`, "sdp_too_large"],
      [caller.sdp().replace(/m=audio [^\r]*/, "m=video 4000 RTP/AVP 96"), "no_audio"],
      [caller.sdp().replace(/m=audio (\d+) [^\r]*/, "m=audio 0 RTP/AVP 0"), "no_audio"],
      [caller.sdp().replace(/RTP\/AVP/, "UDP/TLS/RTP/SAVPF"), "no_audio"],
      [caller.sdp({ formats: [{ payloadType: 18, encoding: "G729/8000" }, { payloadType: 101, encoding: "telephone-event/8000" }] }), "no_common_codec"],
      [caller.sdp({ formats: [{ payloadType: 0, encoding: "opus/48000/2" }] }), "no_common_codec"],
      [caller.sdp().replace("RTP/AVP", "RTP/SAVP"), "no_common_crypto"],
      [BARESIP_SRTP.replace(/inline:\S+/, "inline:c2hvcnQ="), "no_common_crypto"],
    ];
    for (const [offer, code] of cases) {
      await expect(SipMediaSession.answer(offer, { codecs: ["PCMU", "PCMA"] }, environment(allocator)), code).rejects.toMatchObject({ code });
    }
    expect(allocator.allocated).toBe(0);
  });
});

describe("the answer rules the SIP side relies on (MEDIA.md 3.2)", () => {
  const answerLines = (sdp: string) => lines(sdp).filter((line) => /^(m=|a=(rtpmap|fmtp|ptime|sendrecv|sendonly|recvonly|inactive))/.test(line));

  it("sipp's uac_pcap offer RTP/AVP 8 101 is answered 8 101 with the offerer's telephone-event PT and events, whatever that PT is", async () => {
    const session = await answer(SIPP_UAC_PCAP);
    const port = sipSdp(session.localSdp).port;
    expect(answerLines(session.localSdp)).toEqual([`m=audio ${port} RTP/AVP 8 101`, "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-11,16", "a=ptime:20", "a=sendrecv"]);
    for (const payloadType of [96, 100, 126]) {
      const other = await answer(SIPP_UAC_PCAP.replace(/101/g, String(payloadType)));
      expect(sipSdp(other.localSdp).codecs.map((codec) => codec.payloadType)).toEqual([8, payloadType]);
      expect(other.transport?.audio).toMatchObject({ telephoneEvent: { payloadType, clockRate: 8000 }, telephoneEventAlso: [101] });
    }
  });

  it("baresip's offer RTP/AVP 0 8 101 with a=fmtp:101 0-15 is answered with the channel's first law and telephone-event 101 0-15", async () => {
    const session = await answer(BARESIP);
    const port = sipSdp(session.localSdp).port;
    expect(answerLines(session.localSdp)).toEqual([`m=audio ${port} RTP/AVP 0 101`, "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15", "a=ptime:20", "a=sendrecv"]);
    // Without an fmtp, RFC 4733 means events 0-15; an fmtp naming no DTMF event leaves telephone-event out.
    expect(lines((await answer(BARESIP.replace("a=fmtp:101 0-15\r\n", ""))).localSdp)).toContain("a=fmtp:101 0-15");
    const noKeys = await answer(BARESIP.replace("a=fmtp:101 0-15", "a=fmtp:101 32-40"));
    expect(sipSdp(noKeys.localSdp).codecs.map((codec) => codec.payloadType)).toEqual([0]);
  });

  it("our offer lists the channel's codecs in its order, telephone-event 101 0-16, ptime 20, sendrecv", async () => {
    const session = await SipMediaSession.offer({ codecs: ["PCMU", "PCMA"], peerAddress: "127.0.0.1" }, environment());
    opened.push(session);
    const port = sipSdp(session.localSdp).port;
    expect(answerLines(session.localSdp)).toEqual([`m=audio ${port} RTP/AVP 0 8 101`, "a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-16", "a=ptime:20", "a=sendrecv"]);
  });

  it("MEDIA_PUBLIC_IP is the address in c= and o= of our answers and offers", async () => {
    const env = { ...environment(), publicIp: "203.0.113.10" };
    const answered = await answer(BARESIP, {}, env);
    const offered = await SipMediaSession.offer({ codecs: ["PCMU"], peerAddress: "127.0.0.1" }, env);
    opened.push(offered);
    for (const sdp of [answered.localSdp, offered.localSdp]) {
      expect(lines(sdp)).toContain("c=IN IP4 203.0.113.10");
      expect(lines(sdp).find((line) => line.startsWith("o="))).toMatch(/^o=switchboard \d+ 1 IN IP4 203\.0\.113\.10$/);
    }
  });

  it("an offer without audio, or with only codecs we do not take, is refused with a typed code (the SIP side answers 488)", async () => {
    await expect(answer(BARESIP.replace(/m=audio [^\r]*/, "m=video 39160 RTP/AVP 96"))).rejects.toMatchObject({ name: "MediaOfferError", code: "no_audio", message: "the SDP has no audio m-line" });
    await expect(answer(BARESIP.replace("RTP/AVP 0 8 101", "RTP/AVP 18 9 101").replace(/a=rtpmap:[08] [^\r]*\r\n/g, ""))).rejects.toMatchObject({ code: "no_common_codec", message: "no common codec: offered G729, G722; we take PCMU, PCMA" });
  });
});

describe("re-INVITE: hold, resume, refresh, a new address", () => {
  it("answers sendonly with recvonly and stops sending; resume restores sending; the version moves only when our SDP does", async () => {
    const caller = await peer();
    const session = await answer(caller.sdp({ formats: [{ payloadType: 0, encoding: "PCMU/8000" }, { payloadType: 101, encoding: "telephone-event/8000" }] }));
    const transport = session.transport;
    if (transport === undefined) throw new Error("no transport");
    expect(originVersion(session.localSdp)).toBe("1");
    expect([transport.sending, transport.expectsRtp]).toEqual([true, true]);

    const refresh = session.applyRemote(caller.sdp({ formats: [{ payloadType: 0, encoding: "PCMU/8000" }, { payloadType: 101, encoding: "telephone-event/8000" }] }));
    expect(refresh.localSdp).toBeDefined();
    expect(originVersion(refresh.localSdp ?? "")).toBe("1");

    const held = session.applyRemote(caller.sdp({ direction: "sendonly", version: 2 })).localSdp ?? "";
    expect(lines(held)).toContain("a=recvonly");
    expect(originVersion(held)).toBe("2");
    expect([transport.sending, transport.expectsRtp]).toEqual([false, false]);
    transport.sendRtp(pcmu(1, transport.localSsrc));
    await sleep(50);
    expect(caller.received).toHaveLength(0);
    expect(transport.rtpStats().notSent).toBe(1);

    const inactive = session.applyRemote(caller.sdp({ direction: "inactive", version: 3 })).localSdp ?? "";
    expect(lines(inactive)).toContain("a=inactive");
    expect(originVersion(inactive)).toBe("3");
    // Legacy hold: c=0.0.0.0 with sendrecv means "send me nothing".
    const legacy = session.applyRemote(caller.sdp({ address: "0.0.0.0", version: 4 })).localSdp ?? "";
    expect(lines(legacy)).toContain("a=recvonly");
    expect(transport.sending).toBe(false);

    const resumed = session.applyRemote(caller.sdp({ version: 5 })).localSdp ?? "";
    expect(lines(resumed)).toContain("a=sendrecv");
    expect(originVersion(resumed)).toBe("5");
    transport.sendRtp(pcmu(2, transport.localSsrc));
    await waitFor(() => caller.received.length === 1, () => "nothing after resume");
  });

  it("follows a new address, and a refused re-offer changes nothing", async () => {
    const caller = await peer();
    const moved = await peer();
    const session = await answer(caller.sdp({ formats: [{ payloadType: 0, encoding: "PCMU/8000" }] }));
    const transport = session.transport;
    if (transport === undefined) throw new Error("no transport");
    const before = session.localSdp;
    expect(() => session.applyRemote(caller.sdp({ formats: [{ payloadType: 8, encoding: "PCMA/8000" }], version: 2 }))).toThrow(expect.objectContaining({ code: "no_common_codec" }));
    expect(() => session.applyRemote("garbage")).toThrow(expect.objectContaining({ code: "invalid_sdp" }));
    expect(session.localSdp).toBe(before);
    transport.sendRtp(pcmu(1, transport.localSsrc));
    await waitFor(() => caller.received.length === 1, () => "not sent to the first address");
    session.applyRemote(moved.sdp({ formats: [{ payloadType: 0, encoding: "PCMU/8000" }], version: 2 }));
    transport.sendRtp(pcmu(2, transport.localSsrc));
    await waitFor(() => moved.received.length === 1, () => "not sent to the new address");
    expect(caller.received).toHaveLength(1);
  });
});

describe("our offer", () => {
  it("offers the channel's codecs + telephone-event 101, applies the answer's first one, and re-offers on request", async () => {
    const env = environment();
    const session = await SipMediaSession.offer({ codecs: ["PCMA", "PCMU"], peerAddress: "127.0.0.1" }, env);
    opened.push(session);
    expect(session.transport).toBeUndefined();
    expect(lines(session.localSdp)).toEqual(expect.arrayContaining([expect.stringMatching(/^m=audio \d+ RTP\/AVP 8 0 101$/), "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-16", "a=ptime:20", "a=sendrecv", "c=IN IP4 127.0.0.1"]));
    const callee = await peer();
    expect(() => session.applyRemote(callee.sdp({ formats: [{ payloadType: 18, encoding: "G729/8000" }] }))).toThrow(expect.objectContaining({ code: "no_common_codec" }));
    expect(session.awaitingAnswer).toBe(true);
    expect(session.applyRemote(callee.sdp())).toEqual({});
    expect(session.transport?.audio).toMatchObject({ codec: "pcmu", payloadType: 0, telephoneEvent: { payloadType: 101 } });
    const again = session.reoffer();
    expect(again).toMatch(/m=audio \d+ RTP\/AVP 0 101/);
    expect(session.applyRemote(callee.sdp({ version: 2 }))).toEqual({});
  });
});

describe("SDES-SRTP between two of our legs", () => {
  it("carries RTP and SRTCP both ways; a plain or wrongly keyed packet is refused", async () => {
    const caller = await SipMediaSession.offer({ codecs: ["PCMU"], srtp: true, peerAddress: "127.0.0.1" }, environment());
    opened.push(caller);
    expect(caller.localSdp).toMatch(/m=audio \d+ RTP\/SAVP 0 101/);
    const callee = await answer(caller.localSdp, { codecs: ["PCMU"], srtp: true });
    caller.applyRemote(callee.localSdp);
    const [a, b] = [caller.transport, callee.transport];
    if (a === undefined || b === undefined) throw new Error("no transports");
    const atA: Buffer[] = [];
    const atB: Buffer[] = [];
    a.onRtp((packet) => atA.push(Buffer.from(packet)));
    b.onRtp((packet) => atB.push(Buffer.from(packet)));
    const sent: Buffer[] = [];
    for (let seq = 65530; seq < 65540; seq++) {
      const packet = pcmu(seq & 0xffff, a.localSsrc);
      sent.push(packet);
      a.sendRtp(packet);
      b.sendRtp(pcmu(seq & 0xffff, b.localSsrc));
      await sleep(2);
    }
    await waitFor(() => atA.length === 10 && atB.length === 10, () => `${atA.length} / ${atB.length}`);
    expect(atB.map((packet) => packet.toString("hex"))).toEqual(sent.map((packet) => packet.toString("hex")));
    // On the wire each packet carried the 10-byte tag.
    expect(a.stats().bytesSent).toBe(sent.reduce((n, packet) => n + packet.length + 10, 0));
    // A plain RTP packet from the same address does not authenticate.
    const port = sipSdp(callee.localSdp).port;
    const intruder: Socket = createSocket("udp4");
    await new Promise<void>((resolve) => intruder.bind(0, "127.0.0.1", () => resolve()));
    intruder.send(pcmu(7, 0x1234), port, "127.0.0.1");
    await waitFor(() => (b.rtpStats().srtp?.authentication ?? 0) === 1, () => JSON.stringify(b.rtpStats().srtp));
    intruder.close();
    expect(atB).toHaveLength(10);
    await waitFor(() => a.rtpStats().rtcp.senderReports > 0 && b.rtpStats().rtcp.senderReports > 0, () => `${JSON.stringify(a.rtpStats().rtcp)} ${JSON.stringify(b.rtpStats().rtcp)}`);
    expect(a.rtpStats().rtcp.invalid + b.rtpStats().rtcp.invalid).toBe(0);
  });
});

describe("bad input and ports", () => {
  it("malformed RTP, RTCP, a wrong payload type and a 64 KB datagram are counted and dropped; audio still flows", async () => {
    const caller = await peer();
    const session = await answer(caller.sdp({ formats: [{ payloadType: 0, encoding: "PCMU/8000" }] }));
    const transport = session.transport;
    if (transport === undefined) throw new Error("no transport");
    const got: Buffer[] = [];
    transport.onRtp((packet) => got.push(packet));
    const port = sipSdp(session.localSdp).port;
    const junk = [
      Buffer.alloc(0),
      Buffer.from([0x80, 0x00, 0x00]),
      Buffer.from([0x40, 0x00, ...Buffer.alloc(20)]),
      serializeRtp({ marker: false, payloadType: 96, sequenceNumber: 1, timestamp: 1, ssrc: 0xca11, csrcs: [], payload: Buffer.alloc(10) }),
      Buffer.alloc(65_000, 0x80),
      Buffer.from([0x80, 0xc8, 0xff, 0xff, 0, 0, 0, 1]),
    ];
    for (const datagram of junk) caller.send(datagram, port);
    for (const datagram of [Buffer.from("hello"), Buffer.from([0x81, 0xc9, 0x00, 0x07, 1, 2, 3, 4]), Buffer.alloc(65_000, 0x81)]) caller.send(datagram, port + 1, caller.rtcp);
    caller.send(pcmu(1, 0xca11), port);
    await waitFor(() => got.length === 1, () => "the valid packet did not arrive");
    expect(transport.rtpStats()).toMatchObject({ invalid: 5, rtcp: { invalid: 4 } });
    expect(transport.state).toBe("connected");
  });

  it("never hands a port pair out twice, skips ports other processes hold, and says so clearly when the range is used up", async () => {
    const foreign = createSocket("udp4");
    await new Promise<void>((resolve) => foreign.bind(46_000, "127.0.0.1", () => resolve()));
    try {
      const allocator = new RtpPortAllocator({ min: 46_000, max: 46_003, bindAddress: "127.0.0.1" });
      const first = await allocator.allocate();
      expect(first.port).toBe(46_002);
      await expect(allocator.allocate()).rejects.toBeInstanceOf(RtpPortsExhaustedError);
      await expect(allocator.allocate()).rejects.toMatchObject({ code: "rtp_ports_exhausted", message: expect.stringContaining("RTP_PORT_MIN") });
      first.release();
      first.release();
      const again = await allocator.allocate();
      expect(again.port).toBe(46_002);
      again.release();
      expect(allocator.allocated).toBe(0);
    } finally {
      foreign.close();
    }
  });
});
