import { describe, expect, it } from "vitest";
import { toneLevel } from "../analysis/goertzel";
import { createOpusDecoder } from "../codecs/opus-codec";
import { pcmToALaw, pcmToMuLaw } from "../codecs/g711";
import { LegCodec } from "../legs/leg-codec";
import { readOggOpus } from "../ogg/ogg-opus-reader";
import { OggOpusWriter } from "../ogg/ogg-opus-writer";
import { joinPcm, sineFrames } from "../test-support/sine";
import { DirectionTrack } from "./direction-track";

describe("DirectionTrack", () => {
  for (const codec of ["pcmu", "pcma"] as const) {
    it(`writes a ${codec === "pcmu" ? "μ-law" : "A-law"} direction (a SIP caller) as Opus: the file's packets decode, and its 440 Hz tone is in them`, () => {
      const pages: Buffer[] = [];
      const writer = new OggOpusWriter({ write: (chunk) => pages.push(Buffer.from(chunk)) }, { startTimestamp48k: 0 });
      let clock = 0;
      const track = new DirectionTrack(writer, new LegCodec(codec), 0, () => clock);
      const encode = codec === "pcmu" ? pcmToMuLaw : pcmToALaw;
      sineFrames(440, 8000, 50, 0.25).forEach((frame, k) => {
        clock = k * 20;
        track.add(encode(frame), 4000 + k * 160, 1234);
      });
      track.finish(1000);

      const file = readOggOpus(Buffer.concat(pages));
      const decoder = createOpusDecoder(8000);
      const pcm = joinPcm(file.packets.map((packet) => decoder.decode(packet)));
      expect(decoder.corruptPackets).toBe(0);
      expect(pcm.length).toBeGreaterThanOrEqual(7_840);
      // Past the encoder's first frames: the tone at about its level (0.25), nothing at 1 kHz.
      const steady = pcm.subarray(2_000, 7_000);
      expect(toneLevel(steady, 8000, 440)).toBeGreaterThan(0.15);
      expect(toneLevel(steady, 8000, 1000)).toBeLessThan(0.02);
    });
  }
});
