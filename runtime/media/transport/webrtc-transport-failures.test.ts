import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { pollUntil } from "../../test-support/api-client";
import { RtpAudioSender } from "../test-support/rtp-audio-sender";
import { WeriftPeer } from "../test-support/werift-peer";
import { MediaOfferError } from "./media-offer-error";
import type { MediaTransport, TransportState } from "./media-transport";
import { answerWebRtcOffer, type WebRtcOptions } from "./webrtc-transport";

const LOOPBACK: WebRtcOptions = { iceServers: [], bindAddress: "127.0.0.1" };
const CHROMIUM = readFileSync(new URL("./fixtures/chromium-offer.sdp", import.meta.url), "utf8");

async function refusal(sdp: string): Promise<MediaOfferError> {
  const error: unknown = await answerWebRtcOffer(sdp, LOOPBACK).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof MediaOfferError) return error;
  throw new Error(`expected a MediaOfferError, got ${String(error)}`);
}

/** Every state change of a transport, with when it happened. */
function recordStates(transport: MediaTransport) {
  const states: { state: TransportState; reason: string | undefined; at: number }[] = [];
  transport.onState((state, reason) => states.push({ state, reason, at: performance.now() }));
  return states;
}

async function connected(options: WebRtcOptions = LOOPBACK) {
  const peer = await WeriftPeer.offer();
  const { transport, answerSdp } = await answerWebRtcOffer(peer.offerSdp, options);
  const states = recordStates(transport);
  await peer.applyAnswer(answerSdp);
  await pollUntil(async () => (transport.state === "connected" ? true : undefined), 10_000, () => `transport ${transport.state}`, 10);
  return { peer, transport, states, answerSdp };
}

describe("hostile or broken offers get a typed error, never a crash", () => {
  it("garbage, 1 MB of SDP, video only, no ICE credentials, no Opus: refused before any native object", async () => {
    expect((await refusal("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")).code).toBe("invalid_sdp");
    expect((await refusal(`${CHROMIUM}${"a=x:y\r\n".repeat(150_000)}`)).code).toBe("sdp_too_large");
    expect((await refusal(CHROMIUM.replace("m=audio 50761", "m=video 50761"))).code).toBe("no_audio");
    expect((await refusal(CHROMIUM.replace(/a=ice-(ufrag|pwd):\S+\r\n/g, ""))).code).toBe("invalid_sdp");
    expect((await refusal(CHROMIUM.replace("111 63 9 0 8 13 110 126", "0 8"))).code).toBe("no_common_codec");
  });

  it("mutilated real offers (lines dropped, duplicated, swapped, cut, noise added) are answered or refused with a MediaOfferError", async () => {
    const lines = CHROMIUM.split("\r\n");
    const line = fc.oneof(
      fc.constantFrom(...lines),
      fc.string({ maxLength: 60 }).map((text) => `a=${text}`),
      fc.constantFrom("a=candidate:1 1 udp 99 999.1.1.1 1 typ host", "a=ice-ufrag:", "a=fingerprint:sha-256 ", "a=rtpmap:111 opus/48000/2", "m=audio 1 UDP/TLS/RTP/SAVPF 111", "a=mid:", "a=ssrc:99999999999 cname:x", "a=setup:active", "a=ice-lite", "a=inactive"),
    );
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 60 }), fc.nat(lines.length), async (body, cut) => {
        const sdp = `v=0\r\n${[...lines.slice(1, cut), ...body].join("\r\n")}\r\n`;
        try {
          const { transport, answerSdp } = await answerWebRtcOffer(sdp, { ...LOOPBACK, gatherTimeoutMs: 1000 });
          expect(answerSdp).toMatch(/^v=0\r\n/);
          transport.close();
          answered++;
        } catch (error) {
          if (!(error instanceof MediaOfferError)) throw error;
        }
      }),
      { numRuns: 150, seed: 1313 },
    );
    expect(answered).toBeGreaterThan(0);
  }, 60_000);
});

describe("peers that never connect or go away", () => {
  it("a peer that never completes ICE: failed with ice_timeout after connectTimeoutMs", async () => {
    const peer = await WeriftPeer.offer();
    peer.vanish(); // answers no connectivity check, and never gets our answer
    const started = performance.now();
    const { transport } = await answerWebRtcOffer(peer.offerSdp, { ...LOOPBACK, connectTimeoutMs: 1500 });
    const states = recordStates(transport);
    expect(transport.state).toBe("connecting");
    await pollUntil(async () => (transport.state === "failed" ? true : undefined), 5_000, () => `transport ${transport.state}`);
    expect(states.map(({ state, reason }) => [state, reason])).toEqual([["failed", "ice_timeout"]]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1500);
    transport.sendRtp(Buffer.alloc(40));
    expect(transport.stats().packetsDropped).toBe(1);
    transport.close();
    expect(states).toHaveLength(1);
    await peer.close();
  });

  it("peers that go away mid-call without a DTLS close (werift closed; another silent: no media, no answer to consent checks): failed, ice_consent_expired, within the consent timeout", async () => {
    const closing = await connected();
    const silent = await connected();
    const sender = new RtpAudioSender({ ssrc: silent.transport.localSsrc, payloadType: silent.transport.audio.payloadType, send: (packet) => silent.transport.sendRtp(packet) });
    sender.play(1000);
    silent.peer.play(440);
    await pollUntil(async () => (silent.peer.toneLevel(1000) > 0.1 ? true : undefined), 5_000, () => "no audio before the peer vanished");
    const goneAt = performance.now();
    await closing.peer.close();
    silent.peer.vanish();
    try {
      const ended = (call: { transport: MediaTransport }) => call.transport.state === "failed" || call.transport.state === "closed";
      await pollUntil(async () => (ended(closing) && ended(silent) ? true : undefined), 45_000, () => `transports ${closing.transport.state}, ${silent.transport.state}`, 100);
    } finally {
      sender.stop();
    }
    for (const [name, call] of [["closed", closing], ["vanished", silent]] as const) {
      const last = call.states.at(-1);
      expect(last?.state).toBe("failed");
      expect(last?.reason).toBe("ice_consent_expired");
      console.log(`peer ${name} → transport failed (${last?.reason}) after ${Math.round((last?.at ?? 0) - goneAt)} ms`);
    }
    await silent.peer.close();
  }, 60_000);

  it("a peer whose DTLS certificate does not match its offer's fingerprint: failed, dtls_failed", async () => {
    const peer = await WeriftPeer.offer();
    const forged = peer.offerSdp.replace(/a=fingerprint:sha-256 (\S+)/, (_, hex: string) => `a=fingerprint:sha-256 ${hex.split(":").reverse().join(":")}`);
    const { transport, answerSdp } = await answerWebRtcOffer(forged, { ...LOOPBACK, connectTimeoutMs: 10_000 });
    const states = recordStates(transport);
    await peer.applyAnswer(answerSdp);
    await pollUntil(async () => (transport.state === "failed" ? true : undefined), 10_000, () => `transport ${transport.state}`);
    expect(states.map(({ state, reason }) => [state, reason])).toEqual([["failed", "dtls_failed"]]);
    await peer.close();
  });

  it("close() ends the transport once, with the given reason; sendRtp before connecting or after closing is dropped, not thrown", async () => {
    const peer = await WeriftPeer.offer();
    const { transport, answerSdp } = await answerWebRtcOffer(peer.offerSdp, LOOPBACK);
    const states = recordStates(transport);
    transport.sendRtp(Buffer.alloc(40));
    transport.sendRtp(Buffer.alloc(3));
    await peer.applyAnswer(answerSdp);
    await pollUntil(async () => (transport.state === "connected" ? true : undefined), 10_000, () => `transport ${transport.state}`, 10);
    transport.close("caller_hung_up");
    transport.close("again");
    transport.sendRtp(Buffer.alloc(40));
    expect(states.map(({ state, reason }) => [state, reason])).toEqual([
      ["connected", undefined],
      ["closed", "caller_hung_up"],
    ]);
    expect(transport.stats()).toMatchObject({ packetsSent: 0, packetsDropped: 3 });
    await peer.close();
  });

  it("a listener that throws on every packet does not take the process down: the others keep receiving, the error surfaces as uncaught", async () => {
    // An exception unwinding into node-datachannel's callback aborts the process ("terminate called
    // after throwing an instance of 'Napi::Error'"), whatever uncaughtException handlers exist.
    const script = fileURLToPath(new URL("./fixtures/throwing-listener.ts", import.meta.url));
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, ["--import", "tsx", script], { timeout: 30_000 }, (_, out, err) => resolve({ code: child.exitCode, stdout: out, stderr: err }));
    });
    expect(stderr).not.toContain("terminate called");
    expect(code).toBe(0);
    const seen = z.object({ delivered: z.number(), uncaught: z.number() }).parse(JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}"));
    expect(seen.delivered).toBeGreaterThanOrEqual(25);
    expect(seen.uncaught).toBeGreaterThanOrEqual(25);
  }, 40_000);
});
