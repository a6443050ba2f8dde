import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollUntil } from "../runtime/test-support/api-client";
import { launchMediaChromium, type MediaChromium, openChromiumCall } from "../runtime/media/test-support/chromium-call";
import { ReceivedAudio } from "../runtime/media/test-support/received-audio";
import { parseRtp } from "../runtime/media/rtp/rtp-packet";
import { RtpAudioSender } from "../runtime/media/test-support/rtp-audio-sender";
import { writeToneWav } from "../runtime/media/test-support/tone-wav";
import { startTurnServer, type TurnServer } from "../runtime/media/test-support/turn-server";
import { iceServersForClient, parseIceServers } from "../runtime/media/transport/ice-servers";
import { answerWebRtcOffer } from "../runtime/media/transport/webrtc-transport";

const SECRET = randomBytes(24).toString("base64");
let dir: string;
let chromium: MediaChromium;
let turn: TurnServer;

beforeAll(async () => {
  turn = await startTurnServer(SECRET);
  dir = mkdtempSync(join(tmpdir(), "switchboard-turn-call-"));
  chromium = await launchMediaChromium(writeToneWav(dir, 440));
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  await turn?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** ICE_SERVERS as an operator writes it, read through the real parser, handed to a browser for `userId`. */
const browserIceServers = (secret: string, userId: string, now = Date.now()) =>
  iceServersForClient(parseIceServers(JSON.stringify([{ urls: turn.url, secret, ttlSeconds: 600 }])), userId, now);

describe("a browser call relayed through coturn (iceTransportPolicy relay, time-limited credentials)", () => {
  it("gathers only relay candidates, connects over the relay, and carries audio both ways", async () => {
    const iceServers = browserIceServers(SECRET, "visitor-1");
    expect(JSON.stringify(iceServers)).not.toContain(SECRET);
    const call = await openChromiumCall(chromium, { iceServers, iceTransportPolicy: "relay" });
    const { transport, answerSdp } = await answerWebRtcOffer(call.offerSdp, { iceServers: [], bindAddress: "127.0.0.1" });
    const heard = new ReceivedAudio();
    transport.onRtp((packet) => {
      const rtp = parseRtp(packet);
      if (rtp?.payloadType === transport.audio.payloadType) heard.pushOpus(rtp.payload);
    });
    const sender = new RtpAudioSender({ ssrc: transport.localSsrc, payloadType: transport.audio.payloadType, send: (packet) => transport.sendRtp(packet) });
    try {
      const candidates = call.offerSdp.split("\r\n").filter((line) => line.startsWith("a=candidate:"));
      expect(candidates.length).toBeGreaterThan(0);
      expect(candidates.every((line) => line.includes(" typ relay "))).toBe(true);
      const applied = performance.now();
      await call.applyAnswer(answerSdp);
      await call.waitForConnected();
      console.log(`Chromium over TURN → connected ${Math.round(performance.now() - applied)} ms after the answer was applied`);
      const pair = (await call.stats()).selectedPair;
      expect(pair?.local.candidateType).toBe("relay");
      expect(pair?.local.relayProtocol).toBe("udp");
      await pollUntil(async () => (heard.toneLevel(440) > 0.05 ? true : undefined), 5_000, () => `440 Hz at the transport ${heard.toneLevel(440)}`);
      sender.play(1000);
      await pollUntil(async () => ((await call.toneLevel(1000)) > 0.05 ? true : undefined), 5_000, () => "no 1000 Hz in Chromium over the relay");
    } finally {
      sender.stop();
      transport.close();
      await call.close();
    }
  });

  it.each([
    ["a credential from the wrong secret", () => browserIceServers("not-the-secret", "visitor-2")],
    ["an expired credential", () => browserIceServers(SECRET, "visitor-3", Date.now() - 2 * 3600_000)],
  ])("%s: coturn refuses it (401), no relay candidate, no connection", async (_, servers) => {
    const call = await openChromiumCall(chromium, { iceServers: servers(), iceTransportPolicy: "relay" });
    const { transport, answerSdp } = await answerWebRtcOffer(call.offerSdp, { iceServers: [], bindAddress: "127.0.0.1", connectTimeoutMs: 3000 });
    const ends: [string, string | undefined][] = [];
    transport.onState((state, reason) => ends.push([state, reason]));
    try {
      expect(call.offerSdp).not.toContain("a=candidate:");
      expect((await call.candidateErrors()).map((error) => error.errorCode)).toContain(401);
      await call.applyAnswer(answerSdp);
      await pollUntil(async () => (transport.state === "failed" ? true : undefined), 6_000, () => `transport ${transport.state}`);
      expect(ends).toEqual([["failed", "ice_timeout"]]);
      expect(await call.connectionState()).not.toBe("connected");
    } finally {
      transport.close();
      await call.close();
    }
  });
});
