import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { pollUntil } from "../../test-support/api-client";
import { readWav } from "../audio-files/wav-reader";
import { recordCall } from "../recording/call-recorder";
import { MuLawTone, muLawToneLevel } from "../test-support/mulaw-tone";
import { WeriftPeer } from "../test-support/werift-peer";
import { answerWebRtcOffer } from "../transport/webrtc-transport";
import { MediaHost } from "./media-host";
import type { MediaCommand, MediaEvent } from "./media-protocol";

const SHIPPED = join(import.meta.dirname, "../../../audio");
const HOLD = { ogg: join(SHIPPED, "hold.ogg"), wav: join(SHIPPED, "hold.wav") };
const waitFor = (what: () => boolean, describe: () => string, ms = 5_000) => pollUntil(async () => (what() ? true : undefined), ms, describe, 20);

/** The media host in this process: stream legs fed as the runtime feeds them, WebRTC legs from werift peers on loopback. */
function rig() {
  const events: MediaEvent[] = [];
  const host = new MediaHost({
    answerOffer: (offerSdp, iceServers) => answerWebRtcOffer(offerSdp, { iceServers: [...iceServers], bindAddress: "127.0.0.1" }),
    record: (leg, path) => recordCall(leg, path),
    emit: (event) => events.push(event),
  });
  const run = async (command: MediaCommand) => {
    const reply = await host.handle(command);
    if (!reply.ok) throw new Error(`${command.type}: ${reply.error?.code}: ${reply.error?.message}`);
    return reply;
  };
  const closers: (() => void | Promise<void>)[] = [];
  /** A Twilio stream's caller sending a tone every 20 ms (frames as `stream.media` inputs). */
  const streamCall = async (legId: string, frequency: number) => {
    await run({ type: "leg.stream", legId });
    const tone = new MuLawTone(frequency);
    const timer = setInterval(() => host.streamInput({ type: "stream.media", legId, payload: tone.next().toString("base64") }), 20);
    closers.push(() => clearInterval(timer));
    return () => clearInterval(timer);
  };
  const webCall = async (legId: string) => {
    const peer = await WeriftPeer.offer();
    closers.push(() => peer.close());
    const reply = await run({ type: "leg.webrtc", legId, offerSdp: peer.offerSdp, iceServers: [] });
    await peer.applyAnswer(reply.answerSdp ?? "");
    await waitFor(() => events.some((event) => event.type === "leg.connected" && event.legId === legId), () => `${legId} not connected`, 10_000);
    return peer;
  };
  /** The μ-law frames the stream leg sent, in order. */
  const sent = (legId: string) => events.flatMap((event) => (event.type === "stream.media" && event.legId === legId ? [Buffer.from(event.payload, "base64")] : []));
  const close = async () => {
    host.shutdown();
    for (const closer of closers) await closer();
  };
  return { host, events, run, streamCall, webCall, sent, close };
}

let media: ReturnType<typeof rig> | undefined;
afterEach(async () => {
  await media?.close();
  media = undefined;
});

describe("stream legs (Twilio Media Streams) in the media host", () => {
  it("is connected at once and sends 160-byte μ-law silence frames every 20 ms", async () => {
    media = rig();
    await media.run({ type: "leg.stream", legId: "stream" });
    expect(media.events).toContainEqual({ type: "leg.connected", legId: "stream" });
    const started = performance.now();
    await waitFor(() => (media?.sent("stream").length ?? 0) >= 25, () => `${media?.sent("stream").length} frames`);
    const elapsed = performance.now() - started;
    // Paced by the frame clock: 25 frames take about 500 ms, not a burst.
    expect(elapsed).toBeGreaterThan(400);
    expect(media.sent("stream").every((frame) => frame.length === 160 && frame.equals(Buffer.alloc(160, 0xff)))).toBe(true);
  });

  it("bridges a stream caller (μ-law) with a browser (Opus): each hears the other's tone, transcoded", async () => {
    media = rig();
    await media.streamCall("stream", 440);
    const browser = await media.webCall("web");
    browser.play(1000);
    await media.run({ type: "bridge.join", bridgeId: "b", legId: "stream" });
    await media.run({ type: "bridge.join", bridgeId: "b", legId: "web" });
    await waitFor(
      () => browser.toneLevel(440) > 0.1 && muLawToneLevel(media?.sent("stream") ?? [], 1000) > 0.1,
      () => `browser hears 440 at ${browser.toneLevel(440)}, the stream gets 1000 at ${muLawToneLevel(media?.sent("stream") ?? [], 1000)}`,
      10_000,
    );
    expect(browser.toneLevel(1000)).toBeLessThan(0.02);
    expect(muLawToneLevel(media.sent("stream"), 440)).toBeLessThan(0.02);
  });

  it("a dtmf key is one leg.dtmf event; the leg takes no keys towards Twilio (no_telephone_event)", async () => {
    media = rig();
    await media.streamCall("stream", 440);
    media.host.streamInput({ type: "stream.dtmf", legId: "stream", digit: "5" });
    media.host.streamInput({ type: "stream.dtmf", legId: "stream", digit: "5" });
    media.host.streamInput({ type: "stream.dtmf", legId: "stream", digit: "#" });
    await waitFor(() => (media?.events.filter((event) => event.type === "leg.dtmf").length ?? 0) >= 3, () => "keys");
    expect(media.events.filter((event) => event.type === "leg.dtmf")).toEqual([
      { type: "leg.dtmf", legId: "stream", digit: "5" },
      { type: "leg.dtmf", legId: "stream", digit: "5" },
      { type: "leg.dtmf", legId: "stream", digit: "#" },
    ]);
    const reply = await media.host.handle({ type: "leg.dtmf", legId: "stream", digits: "1" });
    expect(reply.error?.code).toBe("no_telephone_event");
  });

  it("hold sends hold.wav's μ-law frames into the stream after a clear and a mark; resume clears again for the agent", async () => {
    media = rig();
    await media.streamCall("stream", 440);
    const browser = await media.webCall("web");
    browser.play(1000);
    await media.run({ type: "bridge.join", bridgeId: "b", legId: "stream" });
    await media.run({ type: "bridge.join", bridgeId: "b", legId: "web" });
    await waitFor(() => muLawToneLevel(media?.sent("stream") ?? [], 1000) > 0.1, () => "no agent tone");
    const before = media.events.length;
    await media.run({ type: "leg.hold", legId: "stream", clips: [HOLD] });
    await waitFor(() => (media?.events.slice(before).filter((event) => event.type === "stream.media").length ?? 0) >= 50, () => "no hold music");
    const held = media.events.slice(before);
    const clear = held.findIndex((event) => event.type === "stream.clear");
    expect(clear).toBeGreaterThanOrEqual(0);
    expect(held[clear + 1]).toMatchObject({ type: "stream.mark", legId: "stream" });
    const music = held.slice(clear + 2).flatMap((event) => (event.type === "stream.media" ? [Buffer.from(event.payload, "base64")] : [])).slice(0, 40);
    const wav = readWav(readFileSync(HOLD.wav));
    music.forEach((frame, k) => expect(frame.equals(wav.data.subarray(k * 160, (k + 1) * 160)), `frame ${k}`).toBe(true));
    // The browser hears nothing of the held caller.
    await waitFor(() => browser.toneLevel(440) < 0.02, () => `browser still hears 440 at ${browser.toneLevel(440)}`);
    const resumed = media.events.length;
    await media.run({ type: "leg.hold", legId: "stream", clips: null });
    await waitFor(() => muLawToneLevel(media?.sent("stream") ?? [], 1000) > 0.1, () => "no agent tone after resume");
    expect(media.events.slice(resumed).some((event) => event.type === "stream.clear")).toBe(true);
  });

  it("a stop ends the leg as hung up; a socket that dropped without one ends it as peer_gone; frames after the end are ignored", async () => {
    media = rig();
    await media.run({ type: "leg.stream", legId: "a" });
    await media.run({ type: "leg.stream", legId: "b" });
    media.host.streamInput({ type: "stream.end", legId: "a", how: "stop" });
    media.host.streamInput({ type: "stream.end", legId: "b", how: "dropped" });
    media.host.streamInput({ type: "stream.media", legId: "a", payload: Buffer.alloc(160, 0xff).toString("base64") });
    expect(media.events.filter((event) => event.type === "leg.ended")).toEqual([
      { type: "leg.ended", legId: "a", reason: "hangup", detail: "stream_stopped" },
      { type: "leg.ended", legId: "b", reason: "peer_gone", detail: "stream_dropped" },
    ]);
    expect(media.host.stats().legs).toBe(0);
  });
});
