import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pollUntil } from "../../test-support/api-client";
import { recordCall } from "../recording/call-recorder";
import { WeriftPeer } from "../test-support/werift-peer";
import { execFileSync } from "node:child_process";
import { ffprobeDuration } from "../test-support/ffmpeg-audio";
import { toneLevel } from "../analysis/goertzel";
import { answerWebRtcOffer } from "../transport/webrtc-transport";
import { MediaHost } from "./media-host";
import type { MediaCommand, MediaEvent } from "./media-protocol";

const SHIPPED = join(import.meta.dirname, "../../../audio");
const HOLD = { ogg: join(SHIPPED, "hold.ogg"), wav: join(SHIPPED, "hold.wav") };
const RINGBACK = { ogg: join(SHIPPED, "ringback.ogg"), wav: join(SHIPPED, "ringback.wav") };

/** The media process's host, in this process, with real WebRTC legs on loopback. */
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
  const peers: WeriftPeer[] = [];
  /** A werift peer (a browser) connected to a new leg `legId`. */
  const call = async (legId: string) => {
    const peer = await WeriftPeer.offer();
    peers.push(peer);
    const reply = await run({ type: "leg.webrtc", legId, offerSdp: peer.offerSdp, iceServers: [] });
    await peer.applyAnswer(reply.answerSdp ?? "");
    await pollUntil(async () => (events.some((event) => event.type === "leg.connected" && event.legId === legId) ? true : undefined), 10_000, () => `${legId} not connected`);
    return peer;
  };
  const close = async () => {
    host.shutdown();
    await Promise.all(peers.map((peer) => peer.close()));
  };
  return { host, events, run, call, close };
}

/** A stereo file decoded by ffmpeg to 16-bit PCM, one array per channel. */
function decodeStereo(path: string, sampleRate = 16_000) {
  const out = execFileSync("ffmpeg", ["-v", "error", "-i", path, "-ac", "2", "-ar", String(sampleRate), "-f", "s16le", "-"], { maxBuffer: 64 * 1024 * 1024 });
  const samples = new Int16Array(out.buffer, out.byteOffset, out.length >> 1);
  const left = new Int16Array(samples.length >> 1);
  const right = new Int16Array(samples.length >> 1);
  for (let i = 0; i < left.length; i += 1) {
    left[i] = samples[2 * i] ?? 0;
    right[i] = samples[2 * i + 1] ?? 0;
  }
  return { left, right, sampleRate, durationMs: ffprobeDuration(path) * 1000 };
}

const level = (peer: WeriftPeer, frequency: number) => peer.toneLevel(frequency, 400);
const waitFor = (what: () => boolean, describe: () => string, ms = 5_000) => pollUntil(async () => (what() ? true : undefined), ms, describe, 20);

describe("the media host: legs, prompts, keys, bridges (real WebRTC on loopback)", () => {
  let media: ReturnType<typeof rig>;
  beforeAll(() => {
    media = rig();
  });
  afterAll(async () => {
    await media.close();
  });

  it("plays a prompt to a caller (audio energy arrives), then silence after it is stopped", async () => {
    const caller = await media.call("prompt-caller");
    const reply = await media.run({ type: "leg.play", legId: "prompt-caller", playbackId: "p1", clips: [RINGBACK], loop: true });
    expect(reply.durationMs).toBeGreaterThan(5_000);
    await waitFor(() => level(caller, 440) > 0.02, () => `ringback's 440 Hz at the caller: ${level(caller, 440)}`);
    await media.run({ type: "leg.stop", legId: "prompt-caller" });
    await waitFor(() => caller.receivedEnergy(300) < 0.002, () => `energy after stop: ${caller.receivedEnergy(300)}`);
    expect(media.events).toContainEqual(expect.objectContaining({ type: "leg.playback_ended", legId: "prompt-caller", playbackId: "p1", how: "stopped" }));
  });

  it("reports each key once, and a prompt that may be interrupted stops on the first", async () => {
    const caller = await media.call("keys-caller");
    await media.run({ type: "leg.play", legId: "keys-caller", playbackId: "menu", clips: [HOLD], stopOnDtmf: true });
    await waitFor(() => caller.receivedEnergy() > 0.01, () => `hold music energy ${caller.receivedEnergy()}`);
    await caller.sendDigits("42#", { toneMs: 120, gapMs: 80 });
    const digits = () => media.events.flatMap((event) => (event.type === "leg.dtmf" && event.legId === "keys-caller" ? [event.digit] : [])).join("");
    await waitFor(() => digits().length >= 3, () => `digits ${digits()}`);
    expect(digits()).toBe("42#");
    expect(media.events).toContainEqual(expect.objectContaining({ type: "leg.playback_ended", legId: "keys-caller", playbackId: "menu", how: "interrupted" }));
    await waitFor(() => caller.receivedEnergy(300) < 0.002, () => `energy after the interruption: ${caller.receivedEnergy(300)}`);
  });

  describe("a bridge", () => {
    let caller: WeriftPeer;
    let agent: WeriftPeer;
    beforeAll(async () => {
      caller = await media.call("bridge-caller");
      agent = await media.call("bridge-agent");
      caller.play(440);
      agent.play(1000);
      await media.run({ type: "bridge.join", bridgeId: "b1", legId: "bridge-caller" });
      await media.run({ type: "bridge.join", bridgeId: "b1", legId: "bridge-agent" });
    });

    it("two legs hear each other (relayed), not themselves", async () => {
      await waitFor(() => level(agent, 440) > 0.1 && level(caller, 1000) > 0.1, () => `agent hears 440 at ${level(agent, 440)}, caller hears 1000 at ${level(caller, 1000)}`);
      expect(level(caller, 440)).toBeLessThan(0.02);
      expect(level(agent, 1000)).toBeLessThan(0.02);
    });

    it("hold: the caller hears hold music, the agent hears nothing of the caller; resume brings both tones back", async () => {
      await media.run({ type: "leg.hold", legId: "bridge-caller", clips: [HOLD] });
      await waitFor(() => level(agent, 440) < 0.01 && level(caller, 1000) < 0.02 && caller.receivedEnergy() > 0.01, () => `held: agent 440 ${level(agent, 440)}, caller 1000 ${level(caller, 1000)}, caller energy ${caller.receivedEnergy()}`);
      await media.run({ type: "leg.hold", legId: "bridge-caller", clips: null });
      await waitFor(() => level(agent, 440) > 0.1 && level(caller, 1000) > 0.1, () => `resumed: agent 440 ${level(agent, 440)}, caller 1000 ${level(caller, 1000)}`);
    });

    it("mute silences the muted leg's tone only", async () => {
      await media.run({ type: "leg.mute", legId: "bridge-agent", muted: true });
      await waitFor(() => level(caller, 1000) < 0.01, () => `muted: caller still hears 1000 at ${level(caller, 1000)}`);
      expect(level(agent, 440)).toBeGreaterThan(0.1);
      await media.run({ type: "leg.mute", legId: "bridge-agent", muted: false });
      await waitFor(() => level(caller, 1000) > 0.1, () => `unmuted: caller hears 1000 at ${level(caller, 1000)}`);
    });

    it("three legs are mixed: each hears the two others and not itself", async () => {
      const third = await media.call("bridge-third");
      third.play(700);
      await media.run({ type: "bridge.join", bridgeId: "b1", legId: "bridge-third" });
      await waitFor(
        () => level(caller, 1000) > 0.05 && level(caller, 700) > 0.05 && level(agent, 440) > 0.05 && level(agent, 700) > 0.05 && level(third, 440) > 0.05 && level(third, 1000) > 0.05,
        () => `caller 1000/700 ${level(caller, 1000)}/${level(caller, 700)}, agent 440/700 ${level(agent, 440)}/${level(agent, 700)}, third 440/1000 ${level(third, 440)}/${level(third, 1000)}`,
      );
      expect(level(caller, 440)).toBeLessThan(0.02);
      expect(level(agent, 1000)).toBeLessThan(0.02);
      expect(level(third, 700)).toBeLessThan(0.02);
      // The third leaves: the two others are relayed again, without a gap in their streams.
      await media.run({ type: "leg.end", legId: "bridge-third" });
      await waitFor(() => level(caller, 700) < 0.01 && level(caller, 1000) > 0.1, () => `after the third left: caller 700 ${level(caller, 700)}, 1000 ${level(caller, 1000)}`);
      expect(media.events).toContainEqual({ type: "leg.ended", legId: "bridge-third", reason: "hangup" });
    });
  });

  it("refuses what it cannot do with a code, and keeps running", async () => {
    expect(await media.host.handle({ type: "leg.webrtc", legId: "bad", offerSdp: "not sdp", iceServers: [] })).toMatchObject({ ok: false, error: { code: "invalid_sdp" } });
    expect(await media.host.handle({ type: "leg.play", legId: "nobody", playbackId: "x", clips: [HOLD] })).toMatchObject({ ok: false, error: { code: "leg_not_found" } });
    expect(media.host.stats().legs).toBeGreaterThan(0);
  });

  it("stats with resetLateness starts a new measuring window: the clock's lateness counts only the ticks since", async () => {
    await media.call("stats-caller");
    await waitFor(() => media.host.stats().clock.ticks > 50, () => `ticks ${media.host.stats().clock.ticks}`);
    const before = (await media.run({ type: "stats", resetLateness: true })).stats;
    expect(before?.clock.ticks).toBeGreaterThan(50);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const after = (await media.run({ type: "stats" })).stats;
    // About 20 ticks in 400 ms; the window before held every tick since the first leg.
    expect(after?.clock.ticks).toBeGreaterThan(5);
    expect(after?.clock.ticks).toBeLessThan(60);
    expect(after?.clock.skippedFrames).toBeLessThanOrEqual(before?.clock.skippedFrames ?? 0);
    expect(after?.legs).toBe(before?.legs);
  });
});

describe("recording a call", () => {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-recording-"));
  let media: ReturnType<typeof rig>;
  afterEach(async () => {
    await media.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("one stereo Ogg/Opus file as long as the call: the caller's tone left, what the caller heard right (the agent, hold music)", async () => {
    media = rig();
    const caller = await media.call("rec-caller");
    const agent = await media.call("rec-agent");
    caller.play(440);
    agent.play(1000);
    const path = join(dir, "call.ogg");
    const started = performance.now();
    await media.run({ type: "record.start", recordingId: "r1", legId: "rec-caller", path });
    await media.run({ type: "bridge.join", bridgeId: "b", legId: "rec-caller" });
    await media.run({ type: "bridge.join", bridgeId: "b", legId: "rec-agent" });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await media.run({ type: "leg.hold", legId: "rec-caller", clips: [HOLD] });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await media.run({ type: "record.stop", recordingId: "r1" });
    const callMs = performance.now() - started;
    await waitFor(() => media.events.some((event) => event.type === "record.finished"), () => "no record.finished", 30_000);
    const finished = media.events.find((event) => event.type === "record.finished");
    expect(finished).toMatchObject({ recordingId: "r1", path });
    expect(finished?.type === "record.finished" ? finished.error : "none").toBeUndefined();
    const { left, right, sampleRate, durationMs } = decodeStereo(path);
    expect(Math.abs(durationMs - callMs)).toBeLessThan(500);
    const second = (pcm: Int16Array, from: number) => pcm.subarray(Math.round(from * sampleRate), Math.round((from + 1) * sampleRate));
    expect(toneLevel(second(left, 1), sampleRate, 440)).toBeGreaterThan(0.05);
    expect(toneLevel(second(right, 1), sampleRate, 1000)).toBeGreaterThan(0.05);
    expect(toneLevel(second(right, 1), sampleRate, 440)).toBeLessThan(0.02);
    // Held: the right channel is hold music, not the agent.
    expect(toneLevel(second(right, 2.8), sampleRate, 1000)).toBeLessThan(0.02);
    expect(Math.sqrt(second(right, 2.8).reduce((sum, x) => sum + x * x, 0) / sampleRate)).toBeGreaterThan(100);
  }, 60_000);
});
