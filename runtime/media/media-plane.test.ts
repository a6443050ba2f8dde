import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getPriority } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { pollUntil } from "../test-support/api-client";
import { readMediaConfig } from "./media-config";
import { MediaPlane, MediaPlaneError } from "./media-plane";
import type { MediaEvent } from "./process/media-protocol";
import { RtpPeer, sipSdp } from "./test-support/rtp-peer";
import { WeriftPeer } from "./test-support/werift-peer";

describe("the media process (a child process driven over IPC)", () => {
  const events: MediaEvent[] = [];
  const logs: string[] = [];
  const plane = new MediaPlane({ log: (line) => logs.push(line), config: readMediaConfig({ MEDIA_BIND_ADDRESS: "127.0.0.1" }) });
  plane.onEvent((event) => events.push(event));
  const peers: WeriftPeer[] = [];
  afterAll(async () => {
    await plane.stop();
    await Promise.all(peers.map((peer) => peer.close()));
  });

  const connect = async (legId: string) => {
    const peer = await WeriftPeer.offer();
    peers.push(peer);
    const reply = await plane.send({ type: "leg.webrtc", legId, offerSdp: peer.offerSdp, iceServers: [] });
    await peer.applyAnswer(reply.answerSdp ?? "");
    await pollUntil(async () => (events.some((event) => event.type === "leg.connected" && event.legId === legId) ? true : undefined), 10_000, () => `${legId} did not connect`);
    return peer;
  };

  it("starts on the first command, answers an offer with a leg that connects, and reports stats", async () => {
    expect(plane.running).toBe(false);
    await connect("leg-1");
    expect(plane.running).toBe(true);
    const stats = await plane.stats();
    expect(stats).toMatchObject({ legs: 1, bridges: 0 });
    expect(stats?.clock.ticks).toBeGreaterThan(0);
    // Frames before flows: it runs at niceness −10 where the system allows it, and says so where not.
    const pid = await plane.pid();
    expect(getPriority(pid) === -10 || logs.some((line) => line.includes("runs at normal priority"))).toBe(true);
  });

  it("refuses a bad command with its code, and a command the protocol does not know as invalid_command", async () => {
    await expect(plane.send({ type: "leg.play", legId: "nobody", playbackId: "p", clips: [] })).rejects.toMatchObject({ code: "leg_not_found" });
    await expect(plane.send({ type: "leg.webrtc", legId: "x", offerSdp: "garbage", iceServers: [] })).rejects.toBeInstanceOf(MediaPlaneError);
  });

  it("answers a SIP offer with an RTP leg on a port of RTP_PORT_MIN–MAX that sends to the caller", async () => {
    const caller = await RtpPeer.open();
    try {
      const reply = await plane.send({ type: "leg.rtp", legId: "sip-1", codecs: ["PCMA", "PCMU"], remoteSdp: caller.sdp() });
      const audio = sipSdp(reply.localSdp ?? "");
      expect(audio.codecs.map((codec) => codec.payloadType)).toEqual([8, 101]);
      expect(audio.port).toBeGreaterThanOrEqual(10_000);
      expect(audio.port).toBeLessThanOrEqual(20_000);
      await pollUntil(async () => (caller.received.length >= 5 ? true : undefined), 5_000, () => `${caller.received.length} packets at the caller`);
      expect(caller.received[0]?.packet).toMatchObject({ payloadType: 8 });
      expect((await plane.stats())?.rtpPortsInUse).toBe(1);
      await plane.send({ type: "leg.end", legId: "sip-1" });
      expect(events).toContainEqual({ type: "leg.ended", legId: "sip-1", reason: "hangup" });
    } finally {
      await caller.close();
    }
  });

  it("when the process dies, every leg it held is reported ended (media_process_exit); the next command starts a new one", async () => {
    const before = (await plane.stats())?.legs ?? 0;
    expect(before).toBeGreaterThan(0);
    // What a native crash in libdatachannel would do to it.
    const pid = await plane.pid();
    process.kill(pid ?? 0, "SIGKILL");
    await pollUntil(async () => (events.some((event) => event.type === "leg.ended" && event.legId === "leg-1") ? true : undefined), 10_000, () => "leg-1 not ended");
    expect(events).toContainEqual({ type: "leg.ended", legId: "leg-1", reason: "media_process_exit" });
    expect(logs.some((line) => line.includes("the media process exited"))).toBe(true);
    await connect("leg-2");
    expect((await plane.stats())?.legs).toBe(1);
  });
});

describe("the media process's node flags", () => {
  it("runs with the extra flags it is given: --cpu-prof leaves a profile when it stops", async () => {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-media-prof-"));
    const plane = new MediaPlane({ log: () => {}, config: readMediaConfig({ MEDIA_BIND_ADDRESS: "127.0.0.1" }), nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${dir}`] });
    try {
      await plane.start();
      expect((await plane.stats())?.legs).toBe(0);
      await plane.stop();
      // One per thread (tsx's loader runs in a thread of its own).
      expect(readdirSync(dir).filter((name) => name.endsWith(".cpuprofile")).length).toBeGreaterThan(0);
    } finally {
      await plane.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
