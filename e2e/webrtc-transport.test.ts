import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollUntil } from "../runtime/test-support/api-client";
import { type ChromiumCall, launchMediaChromium, type MediaChromium, openChromiumCall } from "../runtime/media/test-support/chromium-call";
import { ReceivedAudio } from "../runtime/media/test-support/received-audio";
import { parseRtp } from "../runtime/media/rtp/rtp-packet";
import { RtpAudioSender } from "../runtime/media/test-support/rtp-audio-sender";
import { dtmfDigit, parseTelephoneEvent } from "../runtime/media/dtmf/telephone-event";
import { writeToneWav } from "../runtime/media/test-support/tone-wav";
import type { MediaTransport } from "../runtime/media/transport/media-transport";
import { answerWebRtcOffer } from "../runtime/media/transport/webrtc-transport";

let dir: string;
let chromium: MediaChromium;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "switchboard-webrtc-"));
  chromium = await launchMediaChromium(writeToneWav(dir, 440));
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a WebRTC leg answering Chromium (its microphone plays a 440 Hz WAV)", () => {
  let call: ChromiumCall;
  let transport: MediaTransport;
  let answerSdp: string;
  let connectMs = 0;
  let sender: RtpAudioSender | undefined;
  const heard = new ReceivedAudio();
  const events: { payloadType: number; timestamp: number; event: number; end: boolean }[] = [];

  beforeAll(async () => {
    call = await openChromiumCall(chromium);
    ({ transport, answerSdp } = await answerWebRtcOffer(call.offerSdp, { iceServers: [], bindAddress: "127.0.0.1" }));
    transport.onRtp((packet) => {
      const rtp = parseRtp(packet);
      if (!rtp) return;
      if (rtp.payloadType === transport.audio.payloadType) heard.pushOpus(rtp.payload);
      const event = rtp.payloadType === transport.audio.telephoneEvent?.payloadType ? parseTelephoneEvent(rtp.payload) : undefined;
      if (event) events.push({ payloadType: rtp.payloadType, timestamp: rtp.timestamp, event: event.event, end: event.end });
    });
    const applied = performance.now();
    await call.applyAnswer(answerSdp);
    await pollUntil(async () => (transport.state === "connected" ? true : undefined), 10_000, () => `transport ${transport.state}`, 10);
    connectMs = performance.now() - applied;
    await call.waitForConnected();
  }, 60_000);

  afterAll(async () => {
    sender?.stop();
    transport?.close();
    await call?.close();
  });

  it("connects, with one telephone-event (126/8000) kept from Chromium's two", () => {
    expect(call.offerSdp).toMatch(/a=rtpmap:\d+ telephone-event\/48000/);
    expect(answerSdp.match(/telephone-event/g)).toHaveLength(1);
    expect(answerSdp).toContain(`a=rtpmap:${transport.audio.telephoneEvent?.payloadType} telephone-event/8000`);
    expect(transport.state).toBe("connected");
    console.log(`Chromium → connected ${Math.round(connectMs)} ms after the answer was applied`);
  });

  it("the microphone's 440 Hz arrives in what the transport receives", async () => {
    await pollUntil(async () => (heard.toneLevel(440, 400) > 0.05 ? true : undefined), 5_000, () => `440 Hz level ${heard.toneLevel(440)}, energy ${heard.energy()}`);
    expect(heard.toneLevel(1000, 400)).toBeLessThan(heard.toneLevel(440, 400) / 10);
    expect(heard.decodeErrors).toBe(0);
  });

  it("1000 Hz sent through the transport plays in Chromium (inbound energy and the analyser's tone)", async () => {
    sender = new RtpAudioSender({ ssrc: transport.localSsrc, payloadType: transport.audio.payloadType, send: (packet) => transport.sendRtp(packet) });
    sender.play(1000);
    const level = await pollUntil(
      async () => {
        const tone = await call.toneLevel(1000);
        return tone > 0.05 ? tone : undefined;
      },
      5_000,
      () => "no 1000 Hz in Chromium's received audio",
    );
    expect(await call.toneLevel(440)).toBeLessThan(level / 10);
    // Mean power over half a second (MEDIA.md 1.5): a 0.25 sine has 0.03125.
    const before = (await call.stats()).inbound;
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = (await call.stats()).inbound;
    if (!before || !after) throw new Error("Chromium reports no inbound audio");
    expect(after.totalSamplesReceived).toBeGreaterThan(before.totalSamplesReceived);
    const power = (after.totalAudioEnergy - before.totalAudioEnergy) / (after.totalSamplesDuration - before.totalSamplesDuration);
    expect(power).toBeGreaterThan(0.01);
  });

  it("RTCDTMFSender digits arrive as telephone-event packets on the negotiated payload type", async () => {
    await call.insertDtmf("159#*0", 200, 100);
    const digits = () => {
      const seen = new Set<string>();
      return events
        .filter((event) => {
          const key = `${event.timestamp}:${event.event}`;
          if (!event.end || seen.has(key)) return false;
          seen.add(key);
          return true;
        })
        .map((event) => dtmfDigit(event.event))
        .join("");
    };
    await pollUntil(async () => (digits().length >= 6 ? true : undefined), 5_000, () => `digits so far "${digits()}"`);
    expect(digits()).toBe("159#*0");
    expect(new Set(events.map((event) => event.payloadType))).toEqual(new Set([transport.audio.telephoneEvent?.payloadType]));
  });
});

describe("Chromium offers more than audio, then hangs up", () => {
  it("video and a data channel are rejected in the answer, audio flows; Chromium's close ends the transport: closed, remote_closed", async () => {
    const call = await openChromiumCall(chromium, { videoAndData: true });
    const { transport, answerSdp } = await answerWebRtcOffer(call.offerSdp, { iceServers: [], bindAddress: "127.0.0.1" });
    const heard = new ReceivedAudio();
    transport.onRtp((packet) => {
      const rtp = parseRtp(packet);
      if (rtp?.payloadType === transport.audio.payloadType) heard.pushOpus(rtp.payload);
    });
    const ends: [string, string | undefined][] = [];
    transport.onState((state, reason) => ends.push([state, reason]));
    try {
      expect(call.offerSdp.match(/^m=\w+/gm)).toEqual(["m=video", "m=audio", "m=application"]);
      expect(answerSdp.match(/^m=\w+ \d+/gm)).toEqual(["m=video 0", expect.stringMatching(/^m=audio [1-9]\d*$/), "m=application 0"]);
      await call.applyAnswer(answerSdp);
      await call.waitForConnected();
      await pollUntil(async () => (heard.toneLevel(440) > 0.05 ? true : undefined), 5_000, () => `440 Hz level ${heard.toneLevel(440)}`);
      const hungUp = performance.now();
      await call.close();
      await pollUntil(async () => (transport.state === "closed" || transport.state === "failed" ? true : undefined), 10_000, () => `transport ${transport.state}`, 20);
      expect(ends.at(-1)).toEqual(["closed", "remote_closed"]);
      console.log(`Chromium closed its peer connection → transport closed after ${Math.round(performance.now() - hungUp)} ms`);
    } finally {
      transport.close();
      await call.close();
    }
  });
});
