import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollUntil } from "../../test-support/api-client";
import { ReceivedAudio } from "../test-support/received-audio";
import { parseRtp } from "../rtp/rtp-packet";
import { RtpAudioSender } from "../test-support/rtp-audio-sender";
import { dtmfDigit, parseTelephoneEvent } from "../dtmf/telephone-event";
import { OPUS_PT, TELEPHONE_EVENT_PT, WeriftPeer } from "../test-support/werift-peer";
import type { MediaTransport } from "./media-transport";
import { answerWebRtcOffer, type WebRtcOptions } from "./webrtc-transport";

const LOOPBACK: WebRtcOptions = { iceServers: [], bindAddress: "127.0.0.1" };

/** A transport answering a werift peer, both connected, with what the transport received decoded. */
async function connectedCall(shape: "browser" | "meta" = "browser") {
  const peer = await WeriftPeer.offer({ shape });
  const { transport, answerSdp } = await answerWebRtcOffer(peer.offerSdp, LOOPBACK);
  const heard = new ReceivedAudio();
  const events: { payloadType: number; timestamp: number; event: number; end: boolean }[] = [];
  transport.onRtp((packet) => {
    const rtp = parseRtp(packet);
    if (rtp?.payloadType === transport.audio.payloadType) heard.pushOpus(rtp.payload);
    const event = rtp && rtp.payloadType === transport.audio.telephoneEvent?.payloadType ? parseTelephoneEvent(rtp.payload) : undefined;
    if (rtp && event) events.push({ payloadType: rtp.payloadType, timestamp: rtp.timestamp, event: event.event, end: event.end });
  });
  const answered = performance.now();
  await peer.applyAnswer(answerSdp);
  await pollUntil(async () => (transport.state === "connected" ? true : undefined), 10_000, () => `transport ${transport.state}`, 10);
  const connectMs = performance.now() - answered;
  await peer.waitForConnected();
  return { peer, transport, answerSdp, heard, events, connectMs };
}

/** Digits in the order their end packets arrived, each press once (one RTP timestamp per press). */
function digitsOf(events: readonly { timestamp: number; event: number; end: boolean }[]): string {
  const seen = new Set<string>();
  let digits = "";
  for (const event of events) {
    const key = `${event.timestamp}:${event.event}`;
    if (!event.end || seen.has(key)) continue;
    seen.add(key);
    digits += dtmfDigit(event.event) ?? "?";
  }
  return digits;
}

describe("a WebRTC leg answering a browser-shaped offer (werift peer)", () => {
  let call: Awaited<ReturnType<typeof connectedCall>>;
  let toneSender: RtpAudioSender | undefined;

  beforeAll(async () => {
    call = await connectedCall("browser");
  });

  afterAll(async () => {
    toneSender?.stop();
    call?.transport.close();
    await call?.peer.close();
  });

  it("answers Opus with the offer's payload type, one telephone-event/8000, the DTLS role the offer leaves us (passive to an active offer), rtcp-mux and our SSRC, then connects", () => {
    const lines = call.answerSdp.split("\r\n");
    expect(lines.find((line) => line.startsWith("m=audio"))).toMatch(new RegExp(`^m=audio \\d+ UDP/TLS/RTP/SAVPF ${OPUS_PT} ${TELEPHONE_EVENT_PT}$`));
    expect(lines).toContain(`a=rtpmap:${OPUS_PT} opus/48000/2`);
    expect(lines.filter((line) => line.includes("telephone-event"))).toEqual([`a=rtpmap:${TELEPHONE_EVENT_PT} telephone-event/8000`]);
    // The browser-shaped peer offers a=setup:active (test-support/werift-peer.ts): we take passive (RFC 5763);
    // Chromium's actpass offer gets active (e2e/webrtc-transport.test.ts), and so does Meta's (below).
    expect(call.peer.offerSdp).toContain("a=setup:active");
    expect(lines).toContain("a=setup:passive");
    expect(lines).toContain("a=rtcp-mux");
    expect(lines).toContain("a=sendrecv");
    expect(lines.some((line) => line.startsWith(`a=ssrc:${call.transport.localSsrc} cname:`))).toBe(true);
    expect(lines.filter((line) => line.startsWith("a=candidate:")).length).toBeGreaterThan(0);
    expect(call.transport.audio).toEqual({ codec: "opus", payloadType: OPUS_PT, clockRate: 48000, telephoneEvent: { payloadType: TELEPHONE_EVENT_PT, clockRate: 8000 } });
    expect(call.transport.kind).toBe("webrtc");
    expect(call.transport.state).toBe("connected");
    console.log(`werift → connected ${Math.round(call.connectMs)} ms after the answer was applied`);
  });

  it("a 440 Hz tone sent by the peer arrives at the transport as Opus RTP", async () => {
    call.peer.play(440);
    await pollUntil(async () => (call.heard.toneLevel(440, 400) > 0.1 ? true : undefined), 5_000, () => `440 Hz level ${call.heard.toneLevel(440)}`);
    expect(call.heard.toneLevel(1000, 400)).toBeLessThan(0.02);
    expect(call.transport.stats().packetsReceived).toBeGreaterThanOrEqual(call.heard.packetsDecoded);
    expect(call.heard.decodeErrors).toBe(0);
  });

  it("a 1000 Hz tone sent through sendRtp (our SSRC, the negotiated PT, ts +960) reaches the peer", async () => {
    const transport: MediaTransport = call.transport;
    toneSender = new RtpAudioSender({ ssrc: transport.localSsrc, payloadType: transport.audio.payloadType, send: (packet) => transport.sendRtp(packet) });
    toneSender.play(1000);
    await pollUntil(async () => (call.peer.toneLevel(1000, 400) > 0.1 ? true : undefined), 5_000, () => `1000 Hz level at the peer ${call.peer.toneLevel(1000)}`);
    expect(call.peer.toneLevel(440, 400)).toBeLessThan(0.02);
    const stats = transport.stats();
    expect(stats.packetsSent).toBeGreaterThan(0);
    expect(stats.packetsDropped).toBe(0);
    expect(stats.bytesSent).toBeGreaterThan(stats.packetsSent * 12);
  });

  it("telephone-event packets from the peer arrive with their payload type, each digit readable", async () => {
    await call.peer.sendDigits("159#", { toneMs: 100, gapMs: 60 });
    await pollUntil(async () => (digitsOf(call.events).length >= 4 ? true : undefined), 3_000, () => `digits ${digitsOf(call.events)}`);
    expect(digitsOf(call.events)).toBe("159#");
    expect(new Set(call.events.map((event) => event.payloadType))).toEqual(new Set([TELEPHONE_EVENT_PT]));
  });
});

describe("a WebRTC leg answering Meta's ICE-lite offer (werift as WhatsApp)", () => {
  it("echoes a=mid:audio, takes setup:active, is the controlling ICE agent, connects and carries audio both ways", async () => {
    const call = await connectedCall("meta");
    try {
      expect(call.peer.offerSdp).toContain("a=ice-lite");
      const lines = call.answerSdp.split("\r\n");
      expect(lines).toContain("a=mid:audio");
      expect(lines).toContain("a=group:BUNDLE audio");
      expect(lines).toContain("a=setup:active");
      expect(lines).not.toContain("a=ice-lite");
      call.peer.play(440);
      const sender = new RtpAudioSender({ ssrc: call.transport.localSsrc, payloadType: call.transport.audio.payloadType, send: (packet) => call.transport.sendRtp(packet) });
      sender.play(1000);
      try {
        await pollUntil(async () => (call.heard.toneLevel(440) > 0.1 && call.peer.toneLevel(1000) > 0.1 ? true : undefined), 5_000, () => `440 at us ${call.heard.toneLevel(440)}, 1000 at Meta ${call.peer.toneLevel(1000)}`);
      } finally {
        sender.stop();
      }
      console.log(`werift (ICE-lite) → connected ${Math.round(call.connectMs)} ms after the answer was applied`);
    } finally {
      call.transport.close();
      await call.peer.close();
    }
  });
});

describe("deployment settings: MEDIA_PUBLIC_IP and the RTP port range", () => {
  it("bound to every interface with a public IP, the answer offers only that IP for IPv4, and a peer reaching it connects", async () => {
    // werift here only pairs with 127.x candidates: loopback plays the NAT's public side, which
    // libjuice never lists by itself (its host candidates are the interfaces' addresses).
    const peer = await WeriftPeer.offer();
    const { transport, answerSdp } = await answerWebRtcOffer(peer.offerSdp, { iceServers: [], publicIp: "127.0.0.1" });
    try {
      const hosts = answerSdp.split("\r\n").filter((line) => line.startsWith("a=candidate:") && line.includes(" typ host"));
      const ipv4 = hosts.map((line) => line.split(" ")[4] ?? "").filter((address) => !address.includes(":"));
      expect(ipv4).toEqual(["127.0.0.1"]);
      await peer.applyAnswer(answerSdp);
      await pollUntil(async () => (transport.state === "connected" ? true : undefined), 10_000, () => `transport ${transport.state}`, 10);
    } finally {
      transport.close();
      await peer.close();
    }
  });

  it("a documentation address as MEDIA_PUBLIC_IP replaces our own addresses in the answer", async () => {
    const peer = await WeriftPeer.offer();
    const { transport, answerSdp } = await answerWebRtcOffer(peer.offerSdp, { iceServers: [], bindAddress: "127.0.0.1", publicIp: "203.0.113.7", connectTimeoutMs: 1000 });
    transport.close();
    await peer.close();
    expect(answerSdp).toMatch(/^a=candidate:\S+ 1 UDP \d+ 203\.0\.113\.7 \d+ typ host$/m);
    expect(answerSdp).toContain("c=IN IP4 203.0.113.7");
    expect(answerSdp).not.toMatch(/ 127\.0\.0\.1 \d+ typ host/);
  });

  it("ICE ports come from the configured range", async () => {
    const min = 30_000 + Math.floor(Math.random() * 1000) * 10;
    const calls = await Promise.all([0, 1, 2].map(async () => {
      const peer = await WeriftPeer.offer();
      return { peer, ...(await answerWebRtcOffer(peer.offerSdp, { ...LOOPBACK, portRange: { min, max: min + 9 } })) };
    }));
    try {
      for (const { answerSdp } of calls) {
        const port = Number(/^m=audio (\d+) /m.exec(answerSdp)?.[1]);
        expect(port).toBeGreaterThanOrEqual(min);
        expect(port).toBeLessThanOrEqual(min + 9);
      }
    } finally {
      for (const { transport, peer } of calls) {
        transport.close();
        await peer.close();
      }
    }
  });
});
