import { afterEach, describe, expect, it } from "vitest";
import { addressPolicy } from "../callbacks/address-policy";
import { OpenAiTranscriptionEngine, retryAfterSeconds, type TranscriptionConfig, TranscriptionError } from "./openai-transcription-engine";
import { SpeechResult } from "./speech-result";
import { VoiceActivityOptions } from "./voice-activity";
import { type SpeechEvent, SpeechStream } from "./speech-stream";
import { frames20ms, rmsDbfs, speak } from "./test-support/spoken-audio";
import { type StandInOptions, TranscriptionStandIn } from "./test-support/transcription-stand-in";

const LOOPBACK = addressPolicy(["127.0.0.1"]);
const standIns: TranscriptionStandIn[] = [];
afterEach(async () => {
  await Promise.all(standIns.splice(0).map((standIn) => standIn.close()));
});

async function standIn(options: StandInOptions = {}): Promise<TranscriptionStandIn> {
  const started = await TranscriptionStandIn.start({ apiKey: "sk-test-1234", ...options });
  standIns.push(started);
  return started;
}

const engineFor = (server: TranscriptionStandIn, config: Partial<TranscriptionConfig> = {}) =>
  new OpenAiTranscriptionEngine({ baseUrl: server.url, apiKey: "sk-test-1234", model: "whisper-1", timeoutSeconds: 5, ...config }, LOOPBACK);

/** 1 s of a 440 Hz tone at 16 kHz: audio of a known length (the stand-in hears nothing anyway). */
const tone = (seconds = 1) => Int16Array.from({ length: Math.round(16000 * seconds) }, (_, index) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * index) / 16000)));

async function failure(promise: Promise<unknown>): Promise<TranscriptionError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof TranscriptionError)) throw new Error(`expected a TranscriptionError, got ${String(error)}`);
  return error;
}

/** Two utterances spoken by espeak-ng with a pause between them, at `rate`. */
function twoUtterances(rate: 8000 | 16000): Int16Array {
  const first = speak("I would like to pay my bill", { sampleRate: rate, padBeforeSeconds: 0.6, padAfterSeconds: 1 });
  const second = speak("and change my address", { sampleRate: rate, padBeforeSeconds: 0.2, padAfterSeconds: 1 });
  const joined = new Int16Array(first.samples.length + second.samples.length);
  joined.set(first.samples);
  joined.set(second.samples, first.samples.length);
  return joined;
}

const results = (events: SpeechEvent[]) => events.flatMap((event) => (event.type === "result" ? [SpeechResult.parse(event.result)] : []));

describe("the OpenAI-compatible engine on a speech stream (espeak-ng speech, the stand-in answering)", () => {
  for (const rate of [16000, 8000] as const) {
    it(`sends each utterance as it ends as a 16 kHz mono WAV of the utterance's length (${rate} Hz in), with model, language and the key, and gives the answers in order in stream time`, async () => {
      const server = await standIn();
      server.plan({ text: "I would like to pay my bill" }, { text: "and change my address" });
      const events: SpeechEvent[] = [];
      const stream = await SpeechStream.transcribe(engineFor(server, { language: "en" }), (event) => events.push(event));
      for (const frame of frames20ms(twoUtterances(rate), rate)) stream.write(frame);
      await stream.end();

      expect(events.filter((event) => event.type === "error")).toEqual([]);
      const heard = results(events);
      expect(heard.map((result) => result.text)).toEqual(["I would like to pay my bill", "and change my address"]);
      expect(server.received).toHaveLength(2);
      for (const [index, request] of server.received.entries()) {
        const result = heard[index];
        if (result === undefined || request.wav === null) throw new Error("missing");
        expect(request.authorization).toBe("Bearer sk-test-1234");
        expect(request.fields).toMatchObject({ model: ["whisper-1"], language: ["en"], response_format: ["verbose_json"], "timestamp_granularities[]": ["word", "segment"] });
        expect(request.fileType).toBe("audio/wav");
        expect(request.wav).toMatchObject({ format: 1, channels: 1, sampleRate: 16000, bitsPerSample: 16 });
        // The utterance: 256 ms of pre-roll before the detected start, to where its end was decided
        // (the VAD's 320 ms of silence after the speech), in 32 ms windows.
        const preRoll = 0.256;
        const endSilence = VoiceActivityOptions.parse({}).endSilenceMs / 1000;
        expect(Math.abs(request.wav.durationSeconds - (result.endSeconds - result.startSeconds + preRoll + endSilence))).toBeLessThanOrEqual(0.032);
        expect(rmsDbfs(request.wav.samples)).toBeGreaterThan(-40); // speech, not silence
        expect(result).toMatchObject({ kind: "final", engine: "openai-compatible", rejected: false });
        expect(result.confidence).toBeCloseTo(Math.exp(-0.25), 5);
        // The provider's word times (the stand-in spreads them over the audio it got) are moved into
        // the stream's time: from where the utterance's audio starts to where it ends.
        expect(result.words.map((word) => word.word).join(" ")).toBe(result.text);
        const audioStart = result.startSeconds - preRoll;
        expect(result.words[0]?.startSeconds).toBeCloseTo(audioStart, 1);
        expect(result.words.at(-1)?.endSeconds).toBeCloseTo(audioStart + request.wav.durationSeconds, 1);
      }
      expect(heard[1]?.startSeconds).toBeGreaterThan(heard[0]?.endSeconds ?? Infinity);
    });
  }

  it("a provider slower than the timeout gives an error for that utterance, on time, and the stream goes on", async () => {
    const server = await standIn();
    server.plan({ text: "too late", delayMs: 6000 }, { text: "and change my address" });
    const events: Array<SpeechEvent & { at: number }> = [];
    const engine = engineFor(server, { timeoutSeconds: 1 });
    const stream = await SpeechStream.transcribe(engine, (event) => events.push({ ...event, at: performance.now() }));
    const started = performance.now();
    for (const frame of frames20ms(twoUtterances(16000), 16000)) stream.write(frame);
    await stream.end();
    const took = performance.now() - started;

    expect(events.filter((event) => event.type !== "speech-start").map((event) => event.type)).toEqual(["error", "result"]);
    const error = events.find((event) => event.type === "error");
    expect(error?.type === "error" && error.message).toMatch(/no answer within 1 s/);
    expect(results(events)[0]?.text).toBe("and change my address");
    expect(took).toBeLessThan(4000); // the 6 s answer was not waited for
  });

  it("sends at most maxInFlight utterances at once and still gives the results in the order they were spoken", async () => {
    const server = await standIn();
    // The first answer is the slowest: with two in flight, the second is answered first but given second.
    server.plan({ text: "I would like to pay my bill", delayMs: 1500 }, { text: "and change my address", delayMs: 10 });
    const events: SpeechEvent[] = [];
    const stream = await SpeechStream.transcribe(engineFor(server), (event) => events.push(event), { maxInFlight: 2 });
    // Both utterances end before the first answer comes: write everything at once.
    for (const frame of frames20ms(twoUtterances(16000), 16000)) stream.write(frame);
    await stream.end();
    expect(results(events).map((result) => result.text)).toEqual(["I would like to pay my bill", "and change my address"]);
    expect(server.maxConcurrent).toBe(2);

    const serial = await standIn();
    serial.plan({ text: "one", delayMs: 300 }, { text: "two" });
    const inOrder: SpeechEvent[] = [];
    const one = await SpeechStream.transcribe(engineFor(serial), (event) => inOrder.push(event), { maxInFlight: 1 });
    for (const frame of frames20ms(twoUtterances(16000), 16000)) one.write(frame);
    await one.end();
    expect(results(inOrder).map((result) => result.text)).toEqual(["one", "two"]);
    expect(serial.maxConcurrent).toBe(1);
  });
});

describe("the OpenAI-compatible engine's answers and errors", () => {
  it("reads whisper.cpp server's verbose_json (words in segments, with probabilities) and sends no Authorization without a key", async () => {
    const server = await standIn({ style: "whispercpp", apiKey: undefined, model: "ggml-base.en" });
    server.plan({ text: "press one for billing" });
    const heard = await engineFor(server, { apiKey: undefined, model: "ggml-base.en" }).transcribe(tone(2));
    expect(heard).toMatchObject({ text: "press one for billing", format: "verbose_json", language: "english", confidence: 0.9 });
    expect(heard.words.map((word) => [word.word, word.startSeconds, word.endSeconds])).toEqual([
      ["press", 0, 0.5],
      ["one", 0.5, 1],
      ["for", 1, 1.5],
      ["billing", 1.5, 2],
    ]);
    expect(server.received[0]?.authorization).toBeNull();
    expect(server.received[0]?.wav?.durationSeconds).toBe(2);
  });

  it("falls back to json for good when the provider refuses verbose_json (as gpt-4o-transcribe does)", async () => {
    const server = await standIn({ verbose: false });
    server.plan({ text: "hello there" }, { text: "second" });
    const engine = engineFor(server);
    expect(await engine.transcribe(tone())).toMatchObject({ text: "hello there", words: [], confidence: 1, format: "json" });
    expect(server.received.map((request) => [request.status, request.fields.response_format?.[0]])).toEqual([
      [400, "verbose_json"],
      [200, "json"],
    ]);
    expect(await engine.transcribe(tone())).toMatchObject({ text: "second", format: "json" });
    expect(server.received).toHaveLength(3); // straight to json the second time
  });

  for (const style of ["openai", "whispercpp"] as const) {
    it(`reports 400, 401, 404 and 500 with the provider's own message (${style} errors)`, async () => {
      const server = await standIn({ style });
      server.plan({ status: 400, message: "Audio file is too short" }, { status: 500, message: "CUDA out of memory" });
      expect(await failure(engineFor(server).transcribe(tone()))).toMatchObject({ status: 400, kind: "refused", message: "transcription provider answered 400: Audio file is too short" });
      expect(await failure(engineFor(server).transcribe(tone()))).toMatchObject({ status: 500, message: "transcription provider answered 500: CUDA out of memory" });
      expect(await failure(engineFor(server, { apiKey: "sk-wrong" }).transcribe(tone()))).toMatchObject({
        status: 401,
        message: "transcription provider answered 401: Incorrect API key provided",
      });
      expect(await failure(engineFor(server, { model: "whisper-9" }).transcribe(tone()))).toMatchObject({
        status: 404,
        message: "transcription provider answered 404: The model 'whisper-9' does not exist",
      });
      expect(server.pending).toBe(0);
    });
  }

  it("honours a 429's Retry-After once when it fits in the timeout", async () => {
    const server = await standIn();
    server.plan({ status: 429, message: "Rate limit reached for requests", retryAfter: "1" }, { text: "after the wait" });
    const started = performance.now();
    expect(await engineFor(server, { timeoutSeconds: 5 }).transcribe(tone())).toMatchObject({ text: "after the wait" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
    expect(server.received.map((request) => request.status)).toEqual([429, 200]);
  });

  it("retries a 429 only once, and not at all when Retry-After (seconds or a date) does not fit in the timeout", async () => {
    const twice = await standIn();
    twice.plan({ status: 429, message: "slow down", retryAfter: "0" }, { status: 429, message: "slow down again", retryAfter: "0" });
    expect(await failure(engineFor(twice).transcribe(tone()))).toMatchObject({ status: 429, kind: "rate_limited", message: expect.stringContaining("slow down again") });
    expect(twice.received).toHaveLength(2);

    const long = await standIn();
    long.plan({ status: 429, message: "quota", retryAfter: "30" }, { status: 429, message: "quota", retryAfter: new Date(Date.now() + 60_000).toUTCString() });
    const started = performance.now();
    expect((await failure(engineFor(long, { timeoutSeconds: 5 }).transcribe(tone()))).message).toBe(
      "transcription provider answered 429 (quota); Retry-After 30 does not fit in the 5 s timeout",
    );
    expect((await failure(engineFor(long, { timeoutSeconds: 5 }).transcribe(tone()))).kind).toBe("rate_limited");
    expect(performance.now() - started).toBeLessThan(1000); // answered at once, not after waiting
    expect(long.received).toHaveLength(2);
  });

  it("gives up at the timeout on a slow provider", async () => {
    const server = await standIn();
    server.plan({ text: "late", delayMs: 4000 });
    const started = performance.now();
    expect(await failure(engineFor(server, { timeoutSeconds: 1 }).transcribe(tone()))).toMatchObject({ kind: "timeout", message: "transcription provider: no answer within 1 s" });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("is behind the SSRF guard: a loopback provider is refused unless allow-listed", async () => {
    const server = await standIn();
    const guarded = new OpenAiTranscriptionEngine({ baseUrl: server.url, model: "whisper-1", timeoutSeconds: 2 }, addressPolicy([]));
    expect(await failure(guarded.transcribe(tone()))).toMatchObject({ kind: "blocked", message: "transcription provider: address 127.0.0.1 is not allowed" });
    expect(server.received).toHaveLength(0);
  });

  it("an answer without text is reported, not taken as silence", async () => {
    const server = await standIn({ style: "whispercpp", apiKey: undefined });
    server.plan({ status: 200, message: "failed to read audio data" });
    expect(await failure(engineFor(server).transcribe(tone()))).toMatchObject({ kind: "refused", message: "transcription provider answered an error: failed to read audio data" });
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(retryAfterSeconds("2")).toBe(2);
    expect(retryAfterSeconds("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 07:27:50 GMT"))).toBe(10);
    expect(retryAfterSeconds("soon")).toBeUndefined();
  });
});
