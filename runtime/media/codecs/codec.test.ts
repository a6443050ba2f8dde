import { describe, expect, it } from "vitest";
import { readPcapUdpPayloads, SIPP_PCAP_DIR } from "../test-support/read-pcap";
import { parseRtp } from "../rtp/rtp-packet";
import { CODECS, payloadDuration } from "./codec";
import { aLawToPcm, muLawToPcm } from "./g711";
import { createOpusDecoder } from "./opus-codec";

describe("CODECS", () => {
  it("gives each codec's RTP clock, static payload type and 20 ms step", () => {
    expect(CODECS.opus).toMatchObject({ clockRate: 48000, staticPayloadType: undefined, samplesPer20ms: 960 });
    expect(CODECS.pcmu).toMatchObject({ clockRate: 8000, staticPayloadType: 0, samplesPer20ms: 160 });
    expect(CODECS.pcma).toMatchObject({ clockRate: 8000, staticPayloadType: 8, samplesPer20ms: 160 });
  });

  it("has silence payloads that decode to 20 ms of silence", () => {
    expect(createOpusDecoder(48000).decode(CODECS.opus.silence20ms)).toEqual(new Int16Array(960));
    expect(muLawToPcm(CODECS.pcmu.silence20ms)).toEqual(new Int16Array(160));
    expect(aLawToPcm(CODECS.pcma.silence20ms).every((x) => Math.abs(x) <= 8)).toBe(true);
    expect(aLawToPcm(CODECS.pcma.silence20ms)).toHaveLength(160);
  });
});

describe("payloadDuration", () => {
  it("takes sipp's 30 ms A-law packets as 240 samples, matching their timestamps", () => {
    const packets = readPcapUdpPayloads(`${SIPP_PCAP_DIR}/g711a.pcap`).flatMap((b) => parseRtp(b) ?? []);
    for (let i = 1; i < packets.length; i++) {
      const previous = packets[i - 1];
      const current = packets[i];
      if (previous === undefined || current === undefined) continue;
      expect(current.timestamp - previous.timestamp).toBe(payloadDuration("pcma", previous.payload));
    }
  });

  it("reads Opus durations from the TOC and refuses empty payloads", () => {
    expect(payloadDuration("opus", CODECS.opus.silence20ms)).toBe(960);
    expect(payloadDuration("opus", Buffer.from([0xf0, 0xff, 0xfe]))).toBe(480);
    expect(payloadDuration("pcmu", Buffer.alloc(0))).toBeUndefined();
    expect(payloadDuration("opus", Buffer.alloc(0))).toBeUndefined();
  });
});
