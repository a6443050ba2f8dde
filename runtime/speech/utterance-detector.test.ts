import { describe, expect, it } from "vitest";
import { frames20ms, pinkNoise, rmsDbfs, speak, type SpokenAudio } from "./test-support/spoken-audio";
import { UtteranceDetector, type UtteranceEvent } from "./utterance-detector";

async function detect(samples: Int16Array, sampleRate: 8000 | 16000): Promise<UtteranceEvent[]> {
  const events: UtteranceEvent[] = [];
  const detector = await UtteranceDetector.create((event) => events.push(event));
  for (const frame of frames20ms(samples, sampleRate)) detector.write(frame);
  await detector.end();
  return events;
}

/**
 * Start within `startMs` (150 ms; 250 under noise, which masks the first soft sound) of the
 * speech's first sound; end from 100 ms before its last sound to 200 ms after.
 */
function expectBounds(events: UtteranceEvent[], spoken: SpokenAudio, startMs = 150): void {
  expect(events.map((event) => event.type)).toEqual(["speech-start", "speech-end"]);
  const [start, end] = events;
  if (start?.type !== "speech-start" || end?.type !== "speech-end") throw new Error("unreachable");
  expect(Math.abs(start.atMs - spoken.speechStartMs)).toBeLessThanOrEqual(startMs);
  expect(end.endMs - spoken.speechEndMs).toBeGreaterThanOrEqual(-100);
  expect(end.endMs - spoken.speechEndMs).toBeLessThanOrEqual(200);
  // The utterance's audio covers the speech (16 kHz).
  expect(end.audioStartMs).toBeLessThanOrEqual(spoken.speechStartMs);
  expect(end.audioStartMs + (end.audio.length / 16000) * 1000).toBeGreaterThanOrEqual(spoken.speechEndMs);
}

describe("voice activity on real speech (espeak-ng) with silence around it", () => {
  for (const sampleRate of [16000, 8000] as const) {
    const how = sampleRate === 8000 ? "8 kHz through G.711 μ-law" : "16 kHz";
    it(`finds one utterance and where it starts and stops, at ${how}`, async () => {
      const spoken = speak("I would like to talk about billing please", { sampleRate, padBeforeSeconds: 1, padAfterSeconds: 1.5 });
      expectBounds(await detect(spoken.samples, sampleRate), spoken);
    });

    it(`finds two utterances with a pause between them, at ${how}`, async () => {
      const first = speak("yes", { sampleRate, voice: "en-gb", padBeforeSeconds: 0.6, padAfterSeconds: 1 });
      const second = speak("four five six", { sampleRate, speed: 200, padBeforeSeconds: 0, padAfterSeconds: 1 });
      const both = new Int16Array(first.samples.length + second.samples.length);
      both.set(first.samples);
      both.set(second.samples, first.samples.length);
      const events = await detect(both, sampleRate);
      expect(events.map((event) => event.type)).toEqual(["speech-start", "speech-end", "speech-start", "speech-end"]);
      expectBounds(events.slice(0, 2), first);
      const offsetMs = (first.samples.length / sampleRate) * 1000;
      expectBounds(events.slice(2), { ...second, speechStartMs: second.speechStartMs + offsetMs, speechEndMs: second.speechEndMs + offsetMs });
    });

    for (const level of [-45, -35]) {
      it(`hears no utterance in pink noise at ${level} dBFS, at ${how}`, async () => {
        const noise = pinkNoise(sampleRate, 5, level);
        expect(Math.abs(rmsDbfs(noise) - level)).toBeLessThan(1.5);
        expect(await detect(noise, sampleRate)).toEqual([]);
      });
    }
  }

  it("still finds the speech with pink noise under it (-35 dBFS, 8 kHz μ-law)", async () => {
    const spoken = speak("support", { sampleRate: 8000, padBeforeSeconds: 1, padAfterSeconds: 1.5 });
    const noise = pinkNoise(8000, spoken.samples.length / 8000 + 0.1, -35);
    const mixed = spoken.samples.map((sample, index) => Math.max(-32768, Math.min(32767, sample + (noise[index] ?? 0))));
    expectBounds(await detect(mixed, 8000), spoken, 250);
  });
});
