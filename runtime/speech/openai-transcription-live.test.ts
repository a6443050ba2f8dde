import { describe, expect, it } from "vitest";
import { normalizeText } from "../../flow-schema/index";
import { addressPolicy } from "../callbacks/address-policy";
import { OpenAiTranscriptionEngine, TranscriptionError } from "./openai-transcription-engine";
import { type SpeechEvent, SpeechStream } from "./speech-stream";
import { frames20ms, speak } from "./test-support/spoken-audio";

/**
 * The engine against a real OpenAI-compatible endpoint (`npm run speech:check`), skipped unless
 * SWITCHBOARD_STT_BASE_URL is set: e.g. https://api.openai.com/v1 with SWITCHBOARD_STT_API_KEY, or
 * a whisper.cpp server (`whisper-server --port 8080`: http://127.0.0.1:8080/v1 needs
 * `--inference-path /v1/audio/transcriptions`) or vLLM (`vllm serve openai/whisper-small`).
 * SWITCHBOARD_STT_MODEL (default whisper-1), SWITCHBOARD_STT_LANGUAGE (optional).
 */
const BASE_URL = process.env.SWITCHBOARD_STT_BASE_URL?.replace(/\/+$/, "");
const API_KEY = process.env.SWITCHBOARD_STT_API_KEY || undefined;
const MODEL = process.env.SWITCHBOARD_STT_MODEL || "whisper-1";
const LANGUAGE = process.env.SWITCHBOARD_STT_LANGUAGE || undefined;

describe.skipIf(BASE_URL === undefined)(`a real transcription endpoint (${BASE_URL ?? "SWITCHBOARD_STT_BASE_URL unset"})`, () => {
  const base = BASE_URL ?? "";
  // The endpoint named by the person running the check is trusted, loopback included.
  const policy = addressPolicy([new URL(base || "http://unset").hostname]);
  const engine = (overrides: Partial<ConstructorParameters<typeof OpenAiTranscriptionEngine>[0]> = {}) =>
    new OpenAiTranscriptionEngine({ baseUrl: base, apiKey: API_KEY, model: MODEL, language: LANGUAGE, timeoutSeconds: 30, ...overrides }, policy);

  it("transcribes two espeak-ng utterances from a speech stream, in order", { timeout: 90_000 }, async () => {
    const first = speak("I would like to pay my bill", { sampleRate: 16000, padBeforeSeconds: 0.6, padAfterSeconds: 1 });
    const second = speak("please call me tomorrow morning", { sampleRate: 16000, padBeforeSeconds: 0.2, padAfterSeconds: 1 });
    const events: SpeechEvent[] = [];
    const stream = await SpeechStream.transcribe(engine(), (event) => events.push(event));
    for (const frame of frames20ms(first.samples, 16000)) stream.write(frame);
    for (const frame of frames20ms(second.samples, 16000)) stream.write(frame);
    await stream.end();
    const errors = events.flatMap((event) => (event.type === "error" ? [event.message] : []));
    expect(errors).toEqual([]);
    const texts = events.flatMap((event) => (event.type === "result" ? [event.result] : []));
    for (const result of texts) console.log(`heard "${result.text}" (${result.words.length} words timed, confidence ${result.confidence.toFixed(2)}, ${result.latencyMs.toFixed(0)} ms after the end of speech)`);
    expect(texts).toHaveLength(2);
    expect(normalizeText(texts[0]?.text ?? "")).toContain("bill");
    expect(normalizeText(texts[1]?.text ?? "")).toContain("tomorrow");
  });

  it.skipIf(API_KEY === undefined)("reports a wrong key with the provider's message", { timeout: 60_000 }, async () => {
    const error = await engine({ apiKey: "sk-wrong-key-for-switchboard-check" })
      .transcribe(speak("hello", { sampleRate: 16000 }).samples)
      .then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(TranscriptionError);
    if (error instanceof TranscriptionError) {
      console.log(`wrong key: ${error.message}`);
      expect(error.status).toBe(401);
    }
  });

  it("gives up at its timeout and the stream goes on", { timeout: 60_000 }, async () => {
    const events: SpeechEvent[] = [];
    const stream = await SpeechStream.transcribe(engine({ timeoutSeconds: 0.05 }), (event) => events.push(event));
    const started = performance.now();
    for (const frame of frames20ms(speak("hello there", { sampleRate: 16000 }).samples, 16000)) stream.write(frame);
    await stream.end();
    expect(events.filter((event) => event.type === "error")).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
