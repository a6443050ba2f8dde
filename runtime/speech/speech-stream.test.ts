import { describe, expect, it } from "vitest";
import { matchOption } from "../engine/match-option";
import { PocketsphinxEngine } from "./pocketsphinx-engine";
import { menuGrammar } from "./speech-grammar";
import { SpeechResult } from "./speech-result";
import { type SpeechEvent, SpeechStream } from "./speech-stream";
import { pocketsphinxTestsEnabled, requirePocketsphinx } from "./test-support/require-pocketsphinx";
import { frames20ms, speak } from "./test-support/spoken-audio";

const MENU = [
  { key: "1", label: "Billing" },
  { key: "2", label: "Support" },
];

describe.skipIf(!pocketsphinxTestsEnabled())("a speech stream (frames in, speech starts and results out)", () => {
  it("hears a caller say 'support' at a menu in 20 ms frames at 16 kHz: a speech start, then one final result in stream time", async () => {
    requirePocketsphinx();
    const events: SpeechEvent[] = [];
    const engine = new PocketsphinxEngine();
    const stream = await SpeechStream.create(engine, menuGrammar(MENU), (event) => events.push(event));
    const spoken = speak("support", { sampleRate: 16000, padBeforeSeconds: 1, padAfterSeconds: 1 });
    for (const frame of frames20ms(spoken.samples, 16000)) stream.write(frame);
    await stream.end();
    await engine.close();
    expect(events.map((event) => event.type)).toEqual(["speech-start", "result"]);
    const last = events[1];
    if (last?.type !== "result") throw new Error("no result");
    const result = SpeechResult.parse(last.result);
    expect(result).toMatchObject({ kind: "final", engine: "pocketsphinx", text: "support", rejected: false, confidence: 1 });
    expect(matchOption(MENU, result.text)?.key).toBe("2");
    // Word times are in the stream's time: the word lies within the spoken audio.
    const word = result.words[0];
    expect(word?.startSeconds).toBeGreaterThan(spoken.speechStartMs / 1000 - 0.2);
    expect(word?.endSeconds).toBeLessThan(spoken.speechEndMs / 1000 + 0.2);
  });
});
