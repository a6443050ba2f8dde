import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeSamples, ffprobe, rms } from "../audio/test-support/audio-fixtures";
import { EspeakEngine } from "./espeak-engine";
import { ttsKey } from "./tts-cache";
import { TtsService } from "./tts-service";

const TWENTY_WORDS = "Thank you for calling Acme support. Your account balance is forty two dollars. Press one to pay it now, please.";

let dataDir: string;
let synthesised = 0;
let tts: TtsService;

/** The real espeak-ng engine, counting its syntheses. */
class CountingEspeak extends EspeakEngine {
  override async synthesize(text: string, voice: string, outFile: string): Promise<void> {
    synthesised += 1;
    await super.synthesize(text, voice, outFile);
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "switchboard-tts-"));
  tts = new TtsService(dataDir, new CountingEspeak());
  expect(await tts.checkEngines()).toEqual({ espeak: true });
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("espeak-ng", () => {
  it("speaks a 20-word prompt: a few seconds of sound, not silence, as 8 kHz μ-law and Opus", async () => {
    expect(TWENTY_WORDS.split(/\s+/)).toHaveLength(20);
    const rendered = await tts.renderEspeak({ text: TWENTY_WORDS, language: "en-US" });
    const wav = tts.cache.filePath(rendered.key, "wav");
    const phone = ffprobe(wav);
    expect(phone).toMatchObject({ codec: "pcm_mulaw", sampleRate: 8000, channels: 1 });
    // espeak-ng speaks about 175 words a minute: 20 words (and pauses at the full stops) take 6-10 s.
    expect(phone.duration).toBeGreaterThan(5);
    expect(phone.duration).toBeLessThan(12);
    const samples = decodeSamples(wav);
    expect(rms(samples)).toBeGreaterThan(0.03);
    // Speech has pauses: some 100 ms windows are much quieter than the loudest.
    const windows = Array.from({ length: Math.floor(samples.length / 800) }, (_, i) => rms(samples, i * 800, (i + 1) * 800));
    expect(Math.min(...windows)).toBeLessThan(Math.max(...windows) / 10);
    expect(ffprobe(tts.cache.filePath(rendered.key, "ogg"))).toMatchObject({ codec: "opus" });
    expect(Math.abs(ffprobe(tts.cache.filePath(rendered.key, "ogg")).duration - phone.duration) / phone.duration).toBeLessThan(0.05);
  });

  it("picks a voice from the language, and refuses nothing it cannot name", async () => {
    const espeak = new EspeakEngine();
    expect(await espeak.resolveVoice(undefined, "en-GB")).toBe("en-gb");
    expect(await espeak.resolveVoice(undefined, "es-MX")).toMatch(/^es/);
    expect(await espeak.resolveVoice("en-us+f3", undefined)).toBe("en-us+f3");
    expect(await espeak.resolveVoice("no such voice; rm -rf /", "fr-FR")).toMatch(/^fr/);
  });
});

describe("the rendered prompt cache", () => {
  it("renders once: the second render of the same text, voice and engine is a cache hit", async () => {
    const before = synthesised;
    const first = await tts.renderEspeak({ text: "Please hold while we connect you.", voice: "en-gb" });
    expect(first.cached).toBe(false);
    const written = statSync(tts.cache.filePath(first.key, "wav")).mtimeMs;
    const second = await tts.renderEspeak({ text: "Please hold while we connect you.", voice: "en-gb" });
    expect(second).toMatchObject({ key: first.key, cached: true });
    expect(synthesised - before).toBe(1);
    expect(statSync(tts.cache.filePath(first.key, "wav")).mtimeMs).toBe(written);
    expect(first.key).toBe(ttsKey({ engine: "espeak", voice: "en-gb", text: "Please hold while we connect you." }));
    // Another voice is another entry.
    const other = await tts.renderEspeak({ text: "Please hold while we connect you.", voice: "en-us" });
    expect(other.key).not.toBe(first.key);
    expect(synthesised - before).toBe(2);
  });

  it("shares one synthesis between concurrent renders of the same prompt", async () => {
    const before = synthesised;
    const results = await Promise.all([1, 2, 3].map(() => tts.renderEspeak({ text: "One moment please.", language: "en-US" })));
    expect(new Set(results.map((result) => result.key)).size).toBe(1);
    expect(synthesised - before).toBe(1);
  });
});

describe("what the voice TwiML asks", () => {
  it("gives an asset id for espeak and piper voices, rendering it at once; nothing for channel voices", async () => {
    const id = tts.audioFor({ text: "Your balance is 42 dollars.", voice: "espeak:en-us" });
    expect(id).toMatch(/^tts-[0-9a-f]{64}$/);
    const key = id?.slice(4) ?? "";
    await tts.cache.pending(key);
    expect(await tts.cache.has(key)).toBe(true);
    // A piper voice with no rendered asset (dynamic text): espeak-ng speaks it, voice from the language.
    const piper = tts.audioFor({ text: "Your balance is 43 dollars.", voice: "piper:en_US-lessac-medium", language: "en-US" });
    expect(piper).toMatch(/^tts-/);
    await tts.cache.pending(piper?.slice(4) ?? "");
    expect(tts.audioFor({ text: "Hello", voice: "Polly.Joanna" })).toBeUndefined();
    expect(tts.audioFor({ text: "Hello" })).toBeUndefined();
    expect(tts.audioFor({ text: "  ", voice: "espeak" })).toBeUndefined();
  });

  it("leaves everything to the channel when espeak-ng is not installed", async () => {
    const without = new TtsService(dataDir, new EspeakEngine("espeak-ng-not-installed"));
    expect(await without.checkEngines()).toEqual({ espeak: false });
    expect(without.audioFor({ text: "Hello", voice: "espeak:en-us" })).toBeUndefined();
  });
});
