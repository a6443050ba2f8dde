import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { pollUntil } from "../../test-support/api-client";
import { readWav } from "../audio-files/wav-reader";
import { DtmfReceiver } from "../dtmf/dtmf-receiver";
import { parseTelephoneEvent } from "../dtmf/telephone-event";
import { seqDiff, tsDiff } from "../rtp/rtp-packet";
import { readPcapUdpPayloads, SIPP_PCAP_DIR } from "../test-support/read-pcap";
import { RtpPeer, sipSdp } from "../test-support/rtp-peer";
import { WeriftPeer } from "../test-support/werift-peer";
import { RtpPortAllocator } from "../transport/rtp-port-allocator";
import { answerWebRtcOffer } from "../transport/webrtc-transport";
import { recordCall } from "../recording/call-recorder";
import { MediaHost } from "./media-host";
import type { MediaCommand, MediaEvent } from "./media-protocol";

const SHIPPED = join(import.meta.dirname, "../../../audio");
const HOLD = { ogg: join(SHIPPED, "hold.ogg"), wav: join(SHIPPED, "hold.wav") };
const DIGIT_1 = readPcapUdpPayloads(join(SIPP_PCAP_DIR, "dtmf_2833_1.pcap"));
const PCMU_ONLY = [
  { payloadType: 0, encoding: "PCMU/8000" },
  { payloadType: 101, encoding: "telephone-event/8000" },
];

const isEnd = (payload: Buffer) => ((payload[1] ?? 0) & 0x80) !== 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const waitFor = (what: () => boolean, describe: () => string, ms = 5_000) => pollUntil(async () => (what() ? true : undefined), ms, describe, 20);

/** The media host in this process with RTP legs on 127.0.0.1 (and WebRTC legs for bridges). */
function rig(options: { ports?: { min: number; max: number }; noRtpTimeoutMs?: number } = {}) {
  const events: MediaEvent[] = [];
  const allocator = new RtpPortAllocator({ ...(options.ports ?? { min: 47_000, max: 48_999 }), bindAddress: "127.0.0.1" });
  const host = new MediaHost({
    answerOffer: (offerSdp, iceServers) => answerWebRtcOffer(offerSdp, { iceServers: [...iceServers], bindAddress: "127.0.0.1" }),
    record: (leg, path) => recordCall(leg, path),
    emit: (event) => events.push(event),
    sip: { allocator, transport: { rtcpIntervalMs: 1000 } },
    ...(options.noRtpTimeoutMs === undefined ? {} : { noRtpTimeoutMs: options.noRtpTimeoutMs }),
  });
  const run = async (command: MediaCommand) => {
    const reply = await host.handle(command);
    if (!reply.ok) throw Object.assign(new Error(`${command.type}: ${reply.error?.code}: ${reply.error?.message}`), { code: reply.error?.code });
    return reply;
  };
  const closers: (() => Promise<void>)[] = [];
  /** An RTP peer (a SIP caller) whose offer a new leg answers. */
  const sipCall = async (legId: string, offer: Parameters<RtpPeer["sdp"]>[0] = { formats: PCMU_ONLY }) => {
    const peer = await RtpPeer.open();
    closers.push(() => peer.close());
    const reply = await run({ type: "leg.rtp", legId, codecs: ["PCMU", "PCMA"], remoteSdp: peer.sdp(offer) });
    const port = sipSdp(reply.localSdp ?? "").port;
    return { peer, port, localSdp: reply.localSdp ?? "" };
  };
  const webCall = async (legId: string) => {
    const peer = await WeriftPeer.offer();
    closers.push(() => peer.close());
    const reply = await run({ type: "leg.webrtc", legId, offerSdp: peer.offerSdp, iceServers: [] });
    await peer.applyAnswer(reply.answerSdp ?? "");
    await waitFor(() => events.some((event) => event.type === "leg.connected" && event.legId === legId), () => `${legId} not connected`, 10_000);
    return peer;
  };
  const close = async () => {
    host.shutdown();
    for (const closer of closers) await closer();
  };
  return { host, events, run, sipCall, webCall, close, allocator };
}

let media: ReturnType<typeof rig> | undefined;
afterEach(async () => {
  await media?.close();
  media = undefined;
});

describe("RTP legs in the media host", () => {
  it("plays a prompt from the frame cache as 160-byte μ-law packets every 20 ms, with continuous seq and ts", async () => {
    media = rig();
    const { peer } = await media.sipCall("caller");
    expect(media.events).toContainEqual({ type: "leg.connected", legId: "caller" });
    // Silence goes out from the moment the leg is connected (μ-law 0xFF).
    await waitFor(() => peer.audioSince().length >= 3, () => "no silence before the prompt");
    expect(peer.audioSince()[1]?.packet.payload.equals(Buffer.alloc(160, 0xff))).toBe(true);
    const started = performance.now();
    const reply = await media.run({ type: "leg.play", legId: "caller", playbackId: "hold", clips: [HOLD] });
    expect(reply.durationMs).toBeGreaterThan(10_000);
    await waitFor(() => peer.audioSince(started).length > 80, () => `${peer.audioSince(started).length} packets`);
    // The prompt starts a segment (marker set).
    const received = peer.audioSince();
    const packets = received.map((item) => item.packet);
    const first = received.findIndex((item) => item.at >= started && item.packet.marker);
    expect(first).toBeGreaterThan(0);
    const prompt = packets.slice(first, first + 75);
    expect(prompt.length).toBe(75);
    const wav = readWav(readFileSync(HOLD.wav));
    expect(wav.format).toBe("mulaw");
    prompt.forEach((packet, k) => {
      expect(packet.payloadType).toBe(0);
      expect(packet.payload.length).toBe(160);
      expect(packet.payload.equals(wav.data.subarray(k * 160, (k + 1) * 160)), `frame ${k}`).toBe(true);
      if (k > 0) {
        expect(seqDiff(packet.sequenceNumber, prompt[k - 1]?.sequenceNumber ?? 0)).toBe(1);
        expect(tsDiff(packet.timestamp, prompt[k - 1]?.timestamp ?? 0)).toBe(160);
      }
    });
    // Sequence numbers run on from the silence before the prompt.
    expect(seqDiff(packets[first]?.sequenceNumber ?? 0, packets[first - 1]?.sequenceNumber ?? 0)).toBe(1);
    const arrivals = received.slice(first, first + 75).map((item) => item.at);
    const gaps = arrivals.slice(1).map((at, k) => at - (arrivals[k] ?? 0)).sort((a, b) => a - b);
    expect(gaps[Math.floor(gaps.length / 2)]).toBeGreaterThan(15);
    expect(gaps[Math.floor(gaps.length / 2)]).toBeLessThan(25);
    expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThan(74 * 20 - 200);
  });

  it("reports sipp's RFC 2833 digit 1 once, as a leg.dtmf event", async () => {
    media = rig();
    const { peer, port } = await media.sipCall("keys");
    await peer.replay(DIGIT_1, port, 20);
    await sleep(200);
    expect(media.events.filter((event) => event.type === "leg.dtmf")).toEqual([{ type: "leg.dtmf", legId: "keys", digit: "1" }]);
  });

  it("sends keys to the far end as RFC 4733 events on the PT its SDP gave (96, not 101): each key once, in order, the audio muted during each", async () => {
    media = rig();
    const { peer } = await media.sipCall("ivr", { formats: [{ payloadType: 0, encoding: "PCMU/8000" }, { payloadType: 96, encoding: "telephone-event/8000" }], extra: ["a=fmtp:96 0-16"] });
    await waitFor(() => peer.audioSince().length >= 5, () => "no audio before the keys");
    const keys = "159#*0";
    await media.run({ type: "leg.dtmf", legId: "ivr", digits: keys, durationMs: 80 });
    const events = () => peer.received.filter((item) => item.packet.payloadType === 96);
    const heard: string[] = [];
    const receiver = new DtmfReceiver((digit) => heard.push(digit));
    await waitFor(() => new Set(events().map((item) => item.packet.timestamp)).size === keys.length && events().filter((item) => isEnd(item.packet.payload)).length === 3 * keys.length, () => `${events().length} event packets`, 5_000);
    await sleep(200);
    for (const item of events()) receiver.receive(item.packet);
    expect(heard.join("")).toBe(keys);
    expect(peer.received.some((item) => item.packet.payloadType === 101)).toBe(false);
    // Each press: one timestamp, the marker on its first packet only, the duration growing to 80 ms, the end sent 3 times, volume 10.
    const presses = [...new Set(events().map((item) => item.packet.timestamp))].map((timestamp) => events().filter((item) => item.packet.timestamp === timestamp));
    for (const press of presses) {
      const payloads = press.map((item) => parseTelephoneEvent(item.packet.payload));
      expect(press.map((item) => item.packet.marker)).toEqual(press.map((_, k) => k === 0));
      expect(payloads.map((event) => event?.duration)).toEqual([160, 320, 480, 640, 640, 640]);
      expect(payloads.map((event) => event?.end)).toEqual([false, false, false, true, true, true]);
      expect(payloads.every((event) => event?.volume === 10)).toBe(true);
      // No audio packet between a press's first and last packet; audio comes back between presses.
      const [first, last] = [press[0], press.at(-1)];
      if (first === undefined || last === undefined) throw new Error("an empty press");
      expect(peer.received.slice(peer.received.indexOf(first), peer.received.indexOf(last) + 1).every((item) => item.packet.payloadType === 96)).toBe(true);
    }
    for (let k = 1; k < presses.length; k++) {
      const gap = (presses[k]?.[0]?.at ?? 0) - (presses[k - 1]?.at(-1)?.at ?? 0);
      expect(gap).toBeGreaterThan(70);
      const between = peer.received.filter((item) => item.at > (presses[k - 1]?.at(-1)?.at ?? 0) && item.at < (presses[k]?.[0]?.at ?? 0));
      expect(between.length).toBeGreaterThan(2);
      expect(between.every((item) => item.packet.payloadType === 0)).toBe(true);
    }
    // One SSRC, sequence numbers continuous through keys and audio.
    const all = peer.received.map((item) => item.packet);
    for (let k = 1; k < all.length; k++) expect(seqDiff(all[k]?.sequenceNumber ?? 0, all[k - 1]?.sequenceNumber ?? 0)).toBe(1);
    expect(new Set(all.map((packet) => packet.ssrc)).size).toBe(1);
  });

  it("refuses keys on a leg whose far end offered no telephone-event (no_telephone_event), sending nothing on 101", async () => {
    media = rig();
    const { peer } = await media.sipCall("plain", { formats: [{ payloadType: 0, encoding: "PCMU/8000" }] });
    expect(await media.host.handle({ type: "leg.dtmf", legId: "plain", digits: "1" })).toMatchObject({ ok: false, error: { code: "no_telephone_event" } });
    await sleep(200);
    expect(peer.received.every((item) => item.packet.payloadType === 0)).toBe(true);
  });

  it("a WebRTC leg sends keys at the telephone-event it negotiated (126/8000)", async () => {
    media = rig();
    const browser = await media.webCall("web-keys");
    await media.run({ type: "leg.dtmf", legId: "web-keys", digits: "7#" });
    await waitFor(() => new Set(browser.receivedEvents.filter((event) => event.end).map((event) => event.timestamp)).size === 2, () => `${browser.receivedEvents.length} events`, 5_000);
    expect(new Set(browser.receivedEvents.map((event) => event.payloadType))).toEqual(new Set([126]));
    expect([...new Set(browser.receivedEvents.filter((event) => event.end).map((event) => event.event))]).toEqual([7, 11]);
  });

  it("hold by re-INVITE: answered recvonly, nothing sent and the no-RTP watchdog waits; resume: sending again with seq +1 and ts moved on by the time held", async () => {
    media = rig({ noRtpTimeoutMs: 1_000 });
    const { peer, port } = await media.sipCall("held");
    peer.playTone(440, port);
    await waitFor(() => peer.audioSince().length > 10, () => "no audio before hold");
    const hold = await media.run({ type: "leg.sdp", legId: "held", remoteSdp: peer.sdp({ formats: PCMU_ONLY, direction: "sendonly", version: 2 }) });
    expect(hold.localSdp).toContain("a=recvonly");
    expect(sipSdp(hold.localSdp ?? "").origin?.sessionVersion).toBe("2");
    const heldAt = performance.now();
    peer.stopTone();
    await sleep(100);
    const lastBefore = peer.audioSince().at(-1)?.packet;
    const countBefore = peer.audioSince().length;
    // Held for longer than the no-RTP timeout, the peer silent: the call stays up and we send nothing.
    await sleep(1_500);
    expect(peer.audioSince().length).toBe(countBefore);
    expect(media.events.some((event) => event.type === "leg.ended")).toBe(false);
    const resume = await media.run({ type: "leg.sdp", legId: "held", remoteSdp: peer.sdp({ formats: PCMU_ONLY, version: 3 }) });
    const resumedAt = performance.now();
    expect(resume.localSdp).toContain("a=sendrecv");
    await waitFor(() => peer.audioSince().length > countBefore, () => "nothing after resume");
    const firstAfter = peer.audioSince()[countBefore]?.packet;
    if (lastBefore === undefined || firstAfter === undefined) throw new Error("missing packets");
    expect(seqDiff(firstAfter.sequenceNumber, lastBefore.sequenceNumber)).toBe(1);
    expect(firstAfter.marker).toBe(true);
    const heldMs = (tsDiff(firstAfter.timestamp, lastBefore.timestamp) / 8000) * 1000;
    expect(heldMs).toBeGreaterThan(resumedAt - heldAt - 150);
    expect(heldMs).toBeLessThan(resumedAt - heldAt + 300);
    // Resumed and still silent: now the watchdog ends it.
    await waitFor(() => media?.events.some((event) => event.type === "leg.ended") === true, () => "not ended", 3_000);
    expect(media.events).toContainEqual(expect.objectContaining({ type: "leg.ended", legId: "held", reason: "no_rtp" }));
  });

  it("bridges a SIP caller (PCMU) with a browser (Opus): each hears the other's tone, transcoded", async () => {
    media = rig();
    const { peer, port } = await media.sipCall("sip");
    const browser = await media.webCall("web");
    peer.playTone(440, port);
    browser.play(1000);
    await media.run({ type: "bridge.join", bridgeId: "b", legId: "sip" });
    await media.run({ type: "bridge.join", bridgeId: "b", legId: "web" });
    await waitFor(() => browser.toneLevel(440) > 0.1 && peer.toneLevel(1000) > 0.1, () => `browser hears 440 at ${browser.toneLevel(440)}, SIP caller hears 1000 at ${peer.toneLevel(1000)}`, 10_000);
    expect(browser.toneLevel(1000)).toBeLessThan(0.02);
    expect(peer.toneLevel(440)).toBeLessThan(0.02);
    expect(peer.audioSince(performance.now() - 400).every((item) => item.packet.payloadType === 0 && item.packet.payload.length === 160)).toBe(true);
  });

  it("bridges two SIP callers of different laws (PCMU, PCMA)", async () => {
    media = rig();
    const a = await media.sipCall("a");
    const b = await media.sipCall("b", { formats: [{ payloadType: 8, encoding: "PCMA/8000" }] });
    expect(b.localSdp).toMatch(/RTP\/AVP 8\r\n/);
    a.peer.playTone(440, a.port);
    b.peer.playTone(1000, b.port, { codec: "pcma" });
    await media.run({ type: "bridge.join", bridgeId: "ab", legId: "a" });
    await media.run({ type: "bridge.join", bridgeId: "ab", legId: "b" });
    await waitFor(() => b.peer.toneLevel(440) > 0.1 && a.peer.toneLevel(1000) > 0.1, () => `b hears 440 at ${b.peer.toneLevel(440)}, a hears 1000 at ${a.peer.toneLevel(1000)}`);
    expect(b.peer.audioSince(performance.now() - 200).every((item) => item.packet.payloadType === 8)).toBe(true);
  });

  it("an outbound leg: our offer, then the answer makes the leg; an unanswered offer's leg.end gives its ports back", async () => {
    media = rig();
    const offer = await media.run({ type: "leg.rtp", legId: "out", codecs: ["PCMU"], peerAddress: "127.0.0.1" });
    expect(offer.localSdp).toMatch(/m=audio \d+ RTP\/AVP 0 101/);
    expect(media.host.stats()).toMatchObject({ legs: 0, rtpPortsInUse: 1 });
    const callee = await RtpPeer.open();
    try {
      const answered = await media.run({ type: "leg.sdp", legId: "out", remoteSdp: callee.sdp({ formats: PCMU_ONLY }) });
      expect(answered.localSdp).toBeUndefined();
      expect(media.host.stats().legs).toBe(1);
      await media.run({ type: "leg.dtmf", legId: "out", digits: "5" });
      await waitFor(() => callee.received.some((item) => item.packet.payloadType === 101), () => "no telephone-event at the callee");
    } finally {
      await callee.close();
    }
    await media.run({ type: "leg.rtp", legId: "cancelled", codecs: ["PCMU"] });
    expect(media.host.stats().rtpPortsInUse).toBe(2);
    await media.run({ type: "leg.end", legId: "cancelled" });
    expect(media.events).toContainEqual({ type: "leg.ended", legId: "cancelled", reason: "hangup" });
    expect(media.host.stats().rtpPortsInUse).toBe(1);
  });

  it("an outbound leg put in a bridge before its answer joins it when the far end's SDP (183) makes it; the 200's copy is applied as the answer again", async () => {
    media = rig();
    const offer = await media.run({ type: "leg.rtp", legId: "dialed", codecs: ["PCMU"], peerAddress: "127.0.0.1" });
    const browser = await media.webCall("agent");
    await media.run({ type: "bridge.join", bridgeId: "room", legId: "dialed" });
    await media.run({ type: "bridge.join", bridgeId: "room", legId: "agent" });
    expect(media.host.stats()).toMatchObject({ legs: 1, bridges: 1 });
    const callee = await RtpPeer.open();
    try {
      const early = callee.sdp({ formats: PCMU_ONLY });
      callee.playTone(440, sipSdp(offer.localSdp ?? "").port);
      expect((await media.run({ type: "leg.sdp", legId: "dialed", remoteSdp: early, role: "answer" })).localSdp).toBeUndefined();
      browser.play(1000);
      await waitFor(() => browser.toneLevel(440) > 0.1 && callee.toneLevel(1000) > 0.1, () => `agent hears 440 at ${browser.toneLevel(440)}, far end hears 1000 at ${callee.toneLevel(1000)}`, 10_000);
      expect((await media.run({ type: "leg.sdp", legId: "dialed", remoteSdp: early, role: "answer" })).localSdp).toBeUndefined();
      expect(media.host.stats()).toMatchObject({ legs: 2, bridges: 1 });
    } finally {
      await callee.close();
    }
  });

  it("refuses with typed codes and keeps running: a used-up port range, SDP it cannot take, leg.sdp on a WebRTC leg", async () => {
    media = rig({ ports: { min: 49_000, max: 49_001 } });
    const { peer } = await media.sipCall("only");
    const second = await media.host.handle({ type: "leg.rtp", legId: "second", codecs: ["PCMU"], remoteSdp: peer.sdp() });
    expect(second).toMatchObject({ ok: false, error: { code: "rtp_ports_exhausted" } });
    expect(await media.host.handle({ type: "leg.rtp", legId: "x", codecs: ["PCMU"], remoteSdp: peer.sdp({ formats: [{ payloadType: 18, encoding: "G729/8000" }] }) })).toMatchObject({ ok: false, error: { code: "no_common_codec" } });
    expect(await media.host.handle({ type: "leg.sdp", legId: "only", remoteSdp: "m=video" })).toMatchObject({ ok: false, error: { code: "invalid_sdp" } });
    expect(await media.host.handle({ type: "leg.rtp", legId: "only", codecs: ["PCMU"], remoteSdp: peer.sdp() })).toMatchObject({ ok: false, error: { code: "leg_exists" } });
    expect(await media.host.handle({ type: "leg.sdp", legId: "nobody", remoteSdp: peer.sdp() })).toMatchObject({ ok: false, error: { code: "leg_not_found" } });
    await media.run({ type: "leg.end", legId: "only" });
    await sleep(20);
    expect((await media.host.handle({ type: "leg.rtp", legId: "third", codecs: ["PCMU"], remoteSdp: peer.sdp() })).ok).toBe(true);
    const bare = new MediaHost({ answerOffer: () => Promise.reject(new Error("no")), record: (leg, path) => recordCall(leg, path), emit: () => undefined });
    expect(await bare.handle({ type: "leg.rtp", legId: "y", codecs: ["PCMU"] })).toMatchObject({ ok: false, error: { code: "rtp_unavailable" } });
  });
});

describe("leg.sdp on a WebRTC leg", () => {
  it("is not_rtp", async () => {
    media = rig();
    await media.webCall("web-only");
    expect(await media.host.handle({ type: "leg.sdp", legId: "web-only", remoteSdp: "v=0" })).toMatchObject({ ok: false, error: { code: "not_rtp" } });
  });
});
