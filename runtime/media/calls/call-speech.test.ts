import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Effect } from "../../engine/index";
import { PocketsphinxEngine } from "../../speech/pocketsphinx-engine";
import type { GrammarEngine } from "../../speech/speech-stream";
import { requirePocketsphinx } from "../../speech/test-support/require-pocketsphinx";
import { frames20ms, speak } from "../../speech/test-support/spoken-audio";
import { CallSpeech, type HeardSpeech } from "./call-speech";

type CollectEffect = Extract<Effect, { type: "collect" }>;

const menu = (token: string): CollectEffect => ({
  type: "collect",
  nodeId: "main_menu",
  token,
  mode: "menu",
  input: "both",
  timeoutSeconds: 8,
  options: [
    { key: "1", label: "Yes", say: ["yeah"] },
    { key: "2", label: "Support", say: [] },
  ],
});

/** PCM frames of `text` as `leg.audio` carries them (16 kHz, 20 ms, little-endian). */
function legAudio(text: string): Buffer[] {
  return frames20ms(speak(text, { sampleRate: 16000, padBeforeSeconds: 0.4, padAfterSeconds: 0.8 }).samples, 16000).map((frame) => Buffer.from(frame.samples.buffer, frame.samples.byteOffset, frame.samples.byteLength));
}

/** Until `check` holds (the VAD and pocketsphinx run asynchronously). */
async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("CallSpeech: a call's recognition, with real speech and pocketsphinx", () => {
  let engine: PocketsphinxEngine;
  beforeAll(() => {
    requirePocketsphinx();
    engine = new PocketsphinxEngine();
  });
  afterAll(() => engine?.close());

  it("gives the listened-to collect's results, runs one recognition at a time across collects, drops an older collect's, and asks the leg for audio only while listening", async () => {
    let running = 0;
    let mostAtOnce = 0;
    const counted: GrammarEngine = {
      name: engine.name,
      recognize: async (audio, grammar) => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        try {
          return await engine.recognize(audio, grammar);
        } finally {
          running--;
        }
      },
    };
    const legListening: boolean[] = [];
    const started: string[] = [];
    const heard: { token: string; heard: HeardSpeech }[] = [];
    const speech = new CallSpeech(counted, (on) => legListening.push(on), { started: (token) => started.push(token), heard: (token, result) => heard.push({ token, heard: result }) }, () => undefined);

    speech.collect({ ...menu("keys"), input: "dtmf" });
    expect(legListening).toEqual([]);
    speech.collect(menu("a"));
    expect(legListening).toEqual([true]);
    await until(() => speech.listening);
    // The stream starts asynchronously (the VAD's session): give it its first frame once it runs.
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const frame of legAudio("support")) speech.audio(16000, frame);
    await until(() => heard.length === 1);
    expect(started).toEqual(["a"]);
    expect(heard[0]).toMatchObject({ token: "a", heard: { kind: "speech", text: "support" } });

    // Collect b is replaced by c while b's utterance is being recognised: c's waits its turn, b's result is dropped.
    speech.collect(menu("b"));
    await new Promise((resolve) => setTimeout(resolve, 200));
    // A long one: its recognition (~0.5 s) outlasts the cutting of c's short answer.
    for (const frame of legAudio("I would like to talk to someone about the account I opened last year please thank you")) speech.audio(16000, frame);
    await until(() => running === 1);
    speech.collect(menu("c"));
    // c's stream is up within milliseconds; its utterance ends while b's pocketsphinx still runs (~0.1–0.2 s).
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (const frame of legAudio("yes")) speech.audio(16000, frame);
    await until(() => heard.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(heard.map((entry) => entry.token)).toEqual(["a", "c"]);
    expect(heard[1]?.heard).toMatchObject({ kind: "speech", text: "yes" });
    expect(mostAtOnce).toBe(1);
    expect(legListening).toEqual([true]);

    speech.collect(undefined);
    expect(legListening).toEqual([true, false]);
    speech.close();
    speech.collect(menu("d"));
    expect(legListening).toEqual([true, false]);
    expect(speech.listening).toBe(false);
  }, 60_000);
});
