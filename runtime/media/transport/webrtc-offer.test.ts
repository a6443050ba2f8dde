import { describe, expect, it } from "vitest";
import { pollUntil } from "../../test-support/api-client";
import { parseRtp } from "../rtp/rtp-packet";
import { ReceivedAudio } from "../test-support/received-audio";
import { RtpAudioSender } from "../test-support/rtp-audio-sender";
import { WeriftPeer } from "../test-support/werift-peer";
import { offerWebRtc, type WebRtcOptions } from "./webrtc-transport";

const LOOPBACK: WebRtcOptions = { iceServers: [], bindAddress: "127.0.0.1" };

describe("our own WebRTC offer, answered by Meta's ICE-lite side (werift as WhatsApp, business-initiated calls)", () => {
  it("offers only Opus 48000/2 and telephone-event/8000 with setup:actpass and one declared SSRC; Meta's active answer connects (we are the ICE-controlling side and the DTLS server) and audio flows both ways", async () => {
    const offer = await offerWebRtc(LOOPBACK);
    const lines = offer.offerSdp.split("\r\n");
    expect(lines.find((line) => line.startsWith("m=audio"))).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF 111 126$/);
    expect(lines).toContain("a=rtpmap:111 opus/48000/2");
    expect(lines).toContain("a=rtpmap:126 telephone-event/8000");
    expect(lines.filter((line) => line.startsWith("a=rtpmap:"))).toHaveLength(2);
    expect(lines).toContain("a=setup:actpass");
    expect(lines).toContain("a=rtcp-mux");
    expect(lines).not.toContain("a=ice-lite");
    expect(new Set(lines.filter((line) => line.startsWith("a=ssrc:")).map((line) => line.split(" ")[0])).size).toBe(1);
    expect(lines.some((line) => line.startsWith("a=candidate:"))).toBe(true);

    const meta = await WeriftPeer.answer(offer.offerSdp, { shape: "meta" });
    try {
      expect(meta.answerSdp).toContain("a=ice-lite");
      expect(meta.answerSdp).toContain("a=setup:active");
      const started = performance.now();
      const transport = offer.complete(meta.answerSdp);
      try {
        expect(transport.audio).toEqual({ codec: "opus", payloadType: 111, clockRate: 48000, telephoneEvent: { payloadType: 126, clockRate: 8000 } });
        await pollUntil(async () => (transport.state === "connected" ? true : undefined), 10_000, () => `transport ${transport.state}`, 10);
        await meta.waitForConnected();
        console.log(`our offer, Meta's ICE-lite answer → connected ${Math.round(performance.now() - started)} ms after the answer was applied`);
        const heard = new ReceivedAudio();
        transport.onRtp((packet) => {
          const rtp = parseRtp(packet);
          if (rtp?.payloadType === 111) heard.pushOpus(rtp.payload);
        });
        meta.play(440);
        const sender = new RtpAudioSender({ ssrc: transport.localSsrc, payloadType: 111, send: (packet) => transport.sendRtp(packet) });
        sender.play(1000);
        try {
          await pollUntil(async () => (heard.toneLevel(440) > 0.1 && meta.toneLevel(1000) > 0.1 ? true : undefined), 5_000, () => `440 at us ${heard.toneLevel(440)}, 1000 at Meta ${meta.toneLevel(1000)}`);
        } finally {
          sender.stop();
        }
      } finally {
        transport.close();
      }
    } finally {
      await meta.close();
    }
  }, 30_000);

  it("refuses an answer that is not SDP, or puts Opus elsewhere, naming the answer; the offer still takes a good answer after", async () => {
    const offer = await offerWebRtc(LOOPBACK);
    try {
      expect(() => offer.complete("v=0\r\nnot an answer\r\n")).toThrow(/the answer/);
      const meta = await WeriftPeer.answer(offer.offerSdp, { shape: "meta" });
      try {
        expect(() => offer.complete(meta.answerSdp.replace(/a=rtpmap:111 opus\/48000\/2/, "a=rtpmap:111 PCMU/8000"))).toThrow(expect.objectContaining({ code: "no_common_codec" }));
        const transport = offer.complete(meta.answerSdp);
        await pollUntil(async () => (transport.state === "connected" ? true : undefined), 10_000, () => `transport ${transport.state}`, 10);
        transport.close();
      } finally {
        await meta.close();
      }
    } finally {
      offer.close();
    }
  }, 30_000);
});
