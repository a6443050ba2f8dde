import { createSocket, type Socket } from "node:dgram";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { pollUntil } from "../../test-support/api-client";
import { rms } from "../analysis/goertzel";
import { aLawToMuLaw, aLawToPcm } from "../codecs/g711";
import { Leg, type LegEvents } from "../legs/leg";
import { buildRtcpReport, ntpTime } from "../rtp/rtcp";
import { parseRtp, serializeRtp } from "../rtp/rtp-packet";
import { readPcapUdpPayloads, SIPP_PCAP_DIR } from "../test-support/read-pcap";
import { RtpPeer, sipSdp } from "../test-support/rtp-peer";
import { RtpPortAllocator } from "./rtp-port-allocator";
import { type SipMediaEnvironment, type SipMediaRequest, SipMediaSession } from "./sip-media-session";

const G711A = readPcapUdpPayloads(join(SIPP_PCAP_DIR, "g711a.pcap"));
const DIGIT_1 = readPcapUdpPayloads(join(SIPP_PCAP_DIR, "dtmf_2833_1.pcap"));
/** sipp's `uac_pcap` offer, as it sends it (MEDIA.md 3.7). */
const sippOffer = (port: number) =>
  ["v=0", "o=user1 53655765 2353687637 IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1", "t=0 0", `m=audio ${port} RTP/AVP 8 101`, "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-11,16", ""].join("\r\n");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const waitFor = (what: () => boolean, describe: () => string, ms = 5_000) => pollUntil(async () => (what() ? true : undefined), ms, describe, 10);

const opened: { close(): unknown }[] = [];
afterEach(async () => {
  for (const item of opened.splice(0)) await item.close();
});

function environment(overrides: Partial<SipMediaEnvironment> = {}): SipMediaEnvironment {
  return { allocator: new RtpPortAllocator({ min: 30_000, max: 39_999, bindAddress: "127.0.0.1" }), transport: { rtcpIntervalMs: 200 }, ...overrides };
}

async function peer(address?: string): Promise<RtpPeer> {
  const created = await RtpPeer.open(address);
  opened.push(created);
  return created;
}

async function answer(offer: string, request: Partial<SipMediaRequest> = {}, env = environment()) {
  const session = await SipMediaSession.answer(offer, { codecs: ["PCMU", "PCMA"], ...request }, env);
  opened.push(session);
  const transport = session.transport;
  if (transport === undefined) throw new Error("an answer has a transport");
  return { session, transport, port: sipSdp(session.localSdp).port };
}

/** A leg on the transport, with what it decoded and the digits it reported. */
function legOn(session: SipMediaSession) {
  const digits: string[] = [];
  const events: LegEvents = { dtmf: (_leg, digit) => digits.push(digit), playbackEnded: () => undefined, ended: () => undefined, connected: () => undefined };
  const transport = session.transport;
  if (transport === undefined) throw new Error("no transport");
  const leg = new Leg("leg", transport, events);
  const heard: Buffer[] = [];
  leg.onReceived((audio) => heard.push(Buffer.from(audio.payload)));
  return { leg, digits, heard };
}

describe("answering a SIP offer (sipp's uac_pcap)", () => {
  it("answers PCMA + telephone-event 101 on an even port, sendrecv, 20 ms, our address", async () => {
    const sipp = await peer();
    const { session, port } = await answer(sippOffer(sipp.port));
    expect(port % 2).toBe(0);
    expect(port).toBeGreaterThanOrEqual(30_000);
    const lines = session.localSdp.split("\r\n");
    expect(lines).toContain("c=IN IP4 127.0.0.1");
    expect(lines).toContain(`m=audio ${port} RTP/AVP 8 101`);
    expect(lines).toContain("a=rtpmap:8 PCMA/8000");
    expect(lines).toContain("a=rtpmap:101 telephone-event/8000");
    expect(lines).toContain("a=ptime:20");
    expect(lines).toContain("a=sendrecv");
    expect(lines.find((line) => line.startsWith("o="))).toMatch(/^o=switchboard \d+ 1 IN IP4 127\.0\.0\.1$/);
    expect(session.transport?.audio).toMatchObject({ codec: "pcma", payloadType: 8, telephoneEvent: { payloadType: 101, clockRate: 8000 } });
  });

  it("decodes sipp's 30 ms A-law packets exactly, then reports the RFC 2833 digit 1 once", async () => {
    const sipp = await peer();
    const { session, port } = await answer(sippOffer(sipp.port));
    const { digits, heard } = legOn(session);
    await sipp.replay(G711A, port, 2);
    await waitFor(() => heard.length === G711A.length, () => `${heard.length} of ${G711A.length} packets`);
    expect(heard.every((payload) => payload.length === 240)).toBe(true);
    const decoded = aLawToPcm(Buffer.concat(heard));
    const sent = aLawToPcm(Buffer.concat(G711A.map((datagram) => parseRtp(datagram)?.payload ?? Buffer.alloc(0))));
    expect(Buffer.from(decoded.buffer).equals(Buffer.from(sent.buffer))).toBe(true);
    // Speech, not silence: MEDIA.md measured an RMS near 2000 over its middle seconds.
    expect(rms(decoded.subarray(8000, 48_000))).toBeGreaterThan(1000);
    await sipp.replay(DIGIT_1, port, 20);
    await waitFor(() => digits.length > 0, () => "no digit");
    await sleep(100);
    expect(digits).toEqual(["1"]);
  });

  it("takes telephone-event on PT 101 even when the offer negotiated another", async () => {
    const sipp = await peer();
    const { session, port } = await answer(sipp.sdp({ formats: [{ payloadType: 0, encoding: "PCMU/8000" }, { payloadType: 96, encoding: "telephone-event/8000" }] }));
    expect(session.localSdp).toContain("m=audio " + port + " RTP/AVP 0 96");
    const { digits } = legOn(session);
    await sipp.replay(DIGIT_1, port, 20);
    await waitFor(() => digits.length > 0, () => "no digit");
    expect(digits).toEqual(["1"]);
  });
});

describe("both G.711 laws offered", () => {
  it("a PCMU leg takes the peer's A-law packets too, converted by table", async () => {
    const caller = await peer();
    const { session, port } = await answer(caller.sdp());
    expect(session.transport?.audio.codec).toBe("pcmu");
    const { heard } = legOn(session);
    const alaw = Buffer.from(Array.from({ length: 160 }, (_, k) => (k * 37) & 0xff));
    caller.send(serializeRtp({ marker: false, payloadType: 8, sequenceNumber: 1, timestamp: 0, ssrc: 0xca11, csrcs: [], payload: alaw }), port);
    await waitFor(() => heard.length === 1, () => "nothing heard");
    expect(heard[0]?.equals(aLawToMuLaw(alaw))).toBe(true);
  });
});

describe("symmetric RTP", () => {
  const audio = (seq: number, ssrc: number, fill: number) => serializeRtp({ marker: false, payloadType: 0, sequenceNumber: seq, timestamp: seq * 160, ssrc, csrcs: [], payload: Buffer.alloc(160, fill) });

  async function bound(address = "127.0.0.1"): Promise<Socket> {
    const socket = createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, address, () => resolve()));
    opened.push({ close: () => new Promise<void>((resolve) => socket.close(() => resolve())) });
    return socket;
  }

  it("sends to the SDP's address until RTP arrives from elsewhere (a NAT), then latches to its source after probation", async () => {
    const signalled = await peer();
    const { session, transport, port } = await answer(signalled.sdp({ formats: [{ payloadType: 0, encoding: "PCMU/8000" }] }));
    const { heard } = legOn(session);
    // Our stream goes to the SDP's port at first.
    transport.sendRtp(audio(1, transport.localSsrc, 0x11));
    await waitFor(() => signalled.received.length === 1, () => "nothing at the signalled port");
    // The peer's RTP really comes from another port (its NAT's): 3 packets are probation, the 4th latches.
    const nat = await bound();
    const atNat: Buffer[] = [];
    nat.on("message", (message) => atNat.push(message));
    for (let seq = 10; seq < 16; seq++) nat.send(audio(seq, 0xabc, 0x22), port, "127.0.0.1");
    await waitFor(() => heard.length === 3, () => `heard ${heard.length}`);
    expect(transport.rtpStats().latchedTo).toMatchObject({ address: "127.0.0.1", port: nat.address().port });
    transport.sendRtp(audio(2, transport.localSsrc, 0x11));
    await waitFor(() => atNat.length === 1, () => "nothing at the NAT's port");
    expect(signalled.received).toHaveLength(1);
    expect(transport.rtpStats().refused).toBe(3);
  });

  it("a stranger's packets never hijack a talking peer; a peer whose NAT port moved is followed", async () => {
    const caller = await peer();
    const { session, transport, port } = await answer(caller.sdp({ formats: [{ payloadType: 0, encoding: "PCMU/8000" }] }));
    const { heard } = legOn(session);
    const stranger = await bound();
    const atStranger: Buffer[] = [];
    stranger.on("message", (message) => atStranger.push(message));
    // The caller talks (latched at once: its source is the SDP's) while the stranger sprays a consistent stream.
    for (let k = 0; k < 60; k++) {
      caller.send(audio(100 + k, 0xca11, 0xca), port);
      for (let j = 0; j < 5; j++) stranger.send(audio(500 + k * 5 + j, 0x5757, 0x57), port, "127.0.0.1");
      transport.sendRtp(audio(k, transport.localSsrc, 0x11));
      await sleep(2);
    }
    await waitFor(() => heard.length === 60, () => `heard ${heard.length}`);
    await sleep(50);
    expect(heard.every((payload) => payload[0] === 0xca)).toBe(true);
    expect(atStranger).toHaveLength(0);
    expect(caller.received).toHaveLength(60);
    expect(transport.rtpStats()).toMatchObject({ relatches: 0, refused: 300, latchedTo: { port: caller.port } });

    // The caller's NAT mapping moves: silent on the old port for 200 ms, then 4 packets from the new one.
    await sleep(250);
    const moved = await bound();
    const atMoved: Buffer[] = [];
    moved.on("message", (message) => atMoved.push(message));
    for (let seq = 200; seq < 206; seq++) moved.send(audio(seq, 0xca11, 0xcb), port, "127.0.0.1");
    await waitFor(() => transport.rtpStats().relatches === 1, () => `relatches ${transport.rtpStats().relatches}`);
    transport.sendRtp(audio(99, transport.localSsrc, 0x11));
    await waitFor(() => atMoved.length === 1, () => "the moved peer hears nothing");
  });

  it("before any RTP, a source on probation loses to the SDP's own address", async () => {
    const caller = await peer();
    const { session, transport, port } = await answer(caller.sdp({ formats: [{ payloadType: 0, encoding: "PCMU/8000" }] }));
    const { heard } = legOn(session);
    const stranger = await bound("127.0.0.2");
    for (let seq = 1; seq <= 3; seq++) stranger.send(audio(seq, 0x5757, 0x57), port, "127.0.0.1");
    await sleep(50);
    caller.send(audio(7, 0xca11, 0xca), port);
    await waitFor(() => heard.length === 1, () => `heard ${heard.length}`);
    stranger.send(audio(4, 0x5757, 0x57), port, "127.0.0.1");
    await sleep(50);
    expect(heard.map((payload) => payload[0])).toEqual([0xca]);
    expect(transport.rtpStats().latchedTo).toMatchObject({ address: "127.0.0.1", port: caller.port });
  });
});

describe("RTCP", () => {
  it("sends SR/RR with SDES every interval and counts the peer's reports; its SR shows up as our LSR", async () => {
    const caller = await peer();
    const { transport, port } = await answer(caller.sdp({ formats: [{ payloadType: 0, encoding: "PCMU/8000" }] }));
    for (let seq = 0; seq < 5; seq++) caller.send(serializeRtp({ marker: false, payloadType: 0, sequenceNumber: seq, timestamp: seq * 160, ssrc: 0xca11, csrcs: [], payload: Buffer.alloc(160, 0xff) }), port);
    transport.sendRtp(serializeRtp({ marker: false, payloadType: 0, sequenceNumber: 1, timestamp: 160, ssrc: transport.localSsrc, csrcs: [], payload: Buffer.alloc(160, 0xff) }));
    const sr = buildRtcpReport({ ssrc: 0xca11, cname: "caller", sender: { ...ntpTime(Date.now()), rtpTimestamp: 800, packetCount: 5, octetCount: 800 } });
    caller.send(sr, port + 1, caller.rtcp);
    caller.send(buildRtcpReport({ ssrc: 0xca11, cname: "caller" }), port + 1, caller.rtcp);
    await waitFor(() => transport.rtpStats().rtcp.senderReports === 1 && transport.rtpStats().rtcp.receiverReports === 1, () => JSON.stringify(transport.rtpStats().rtcp));
    await waitFor(() => caller.rtcpReceived.some((packets) => packets[0]?.type === "rr" && packets[0].reports[0]?.lastSenderReport !== 0), () => JSON.stringify(caller.rtcpReceived.slice(-2)), 3_000);
    const first = caller.rtcpReceived[0];
    expect(first?.[0]).toMatchObject({ type: "sr", ssrc: transport.localSsrc, sender: { packetCount: 1 } });
    expect(first?.[1]).toEqual({ type: "other", packetType: 202 });
    const report = caller.rtcpReceived.flat().find((packet) => packet.type === "rr" && packet.reports.length > 0);
    expect(report?.type === "rr" ? report.reports[0] : undefined).toMatchObject({ ssrc: 0xca11, cumulativeLost: 0, highestSequence: 4 });
    // Closing says BYE.
    transport.close();
    await waitFor(() => caller.rtcpReceived.some((packets) => packets.some((packet) => packet.type === "bye")), () => "no BYE");
  });
});
