import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PCMA_SILENCE_20MS, PCMU_SILENCE_20MS } from "./codec";
import { aLawToMuLaw, aLawToPcm, muLawToALaw, muLawToPcm, pcmToALaw, pcmToMuLaw } from "./g711";

const dir = mkdtempSync(join(tmpdir(), "g711-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every 16-bit sample value, −32768 … 32767. */
const everySample = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

/** ffmpeg's own G.711 codec, as an independent reference. */
function ffmpeg(inputFormat: string, input: Buffer, outputFormat: string): Buffer {
  const from = join(dir, `in.${inputFormat}`);
  const to = join(dir, `out.${outputFormat}`);
  writeFileSync(from, input);
  execFileSync("ffmpeg", ["-v", "error", "-y", "-f", inputFormat, "-ar", "8000", "-ac", "1", "-i", from, "-f", outputFormat, to]);
  return readFileSync(to);
}

const laws = [
  { name: "μ-law", ffmpegFormat: "mulaw", decode: muLawToPcm, encode: pcmToMuLaw, silence: PCMU_SILENCE_20MS },
  { name: "A-law", ffmpegFormat: "alaw", decode: aLawToPcm, encode: pcmToALaw, silence: PCMA_SILENCE_20MS },
] as const;

describe.each(laws)("G.711 $name", ({ ffmpegFormat, decode, encode, silence }) => {
  it("decodes every byte exactly as ffmpeg does", () => {
    const reference = ffmpeg(ffmpegFormat, everyByte, "s16le");
    expect(Array.from(decode(everyByte))).toEqual(Array.from(new Int16Array(reference.buffer, reference.byteOffset, 256)));
  });

  it("encodes every sample to one of the two levels around it (ffmpeg agrees on all but boundary values)", () => {
    const levels = [...new Set(decode(everyByte))].sort((a, b) => a - b);
    const decoded = decode(encode(everySample));
    let level = 0;
    for (let i = 0; i < everySample.length; i++) {
      const x = everySample[i] ?? 0;
      while (level < levels.length - 1 && (levels[level + 1] ?? 0) <= x) level++;
      const lo = levels[level] ?? 0;
      const hi = levels[Math.min(level + 1, levels.length - 1)] ?? 0;
      const allowed = x < (levels[0] ?? 0) ? [levels[0]] : [lo, hi];
      if (!allowed.includes(decoded[i])) expect.fail(`${x} encoded to level ${decoded[i]}, not ${allowed.join(" or ")}`);
    }
    const reference = ffmpeg("s16le", Buffer.from(everySample.buffer), ffmpegFormat);
    const agree = encode(everySample).filter((byte, i) => byte === reference[i]).length;
    expect(agree / 65536).toBeGreaterThan(0.985);
  });

  it("keeps silence silent: the 20 ms silence payload decodes to (near) zero and zero encodes to it", () => {
    expect(Math.max(...decode(silence).map(Math.abs))).toBeLessThanOrEqual(8);
    expect(encode(new Int16Array(160))).toEqual(silence);
  });

  it("round-trips every decoded level (μ-law's −0 becomes +0)", () => {
    expect(decode(encode(decode(everyByte)))).toEqual(decode(everyByte));
  });
});

describe("μ-law ↔ A-law", () => {
  it("converts silence to silence's level and keeps every level within one step", () => {
    expect(aLawToPcm(muLawToALaw(PCMU_SILENCE_20MS))).toEqual(aLawToPcm(PCMA_SILENCE_20MS));
    expect(muLawToALaw(PCMU_SILENCE_20MS)).toEqual(PCMA_SILENCE_20MS);
    const viaALaw = muLawToPcm(aLawToMuLaw(muLawToALaw(everyByte)));
    const direct = muLawToPcm(everyByte);
    for (let i = 0; i < 256; i++) {
      const value = direct[i] ?? 0;
      // A-law steps are at most 1/16 of the value (and 16 near zero).
      expect(Math.abs((viaALaw[i] ?? 0) - value)).toBeLessThanOrEqual(Math.max(16, Math.abs(value) / 16));
    }
  });

  it("equals decoding and re-encoding", () => {
    expect(muLawToALaw(everyByte)).toEqual(pcmToALaw(muLawToPcm(everyByte)));
    expect(aLawToMuLaw(everyByte)).toEqual(pcmToMuLaw(aLawToPcm(everyByte)));
  });
});
