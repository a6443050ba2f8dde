import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeSamples, ffprobe, rms } from "../audio/test-support/audio-fixtures";
import { exampleFlow, withNodeData } from "../test-support/example-flows";
import { readTwiml } from "./test-support/twiml-reader";
import { PUBLIC_URL, VoiceFixture } from "./test-support/voice-fixture";

const fx = new VoiceFixture();
let line = "";
let work = "";

beforeAll(async () => {
  await fx.start();
  work = mkdtempSync(join(tmpdir(), "switchboard-voice-speech-"));
  const balance = exampleFlow("account-balance");
  // A Piper voice for the whole flow: no asset was rendered for these prompts, so espeak-ng speaks them.
  const flow = { ...balance, id: "tw-spoken-balance", name: "Balance spoken by the server", settings: { language: "en-US", channels: ["voice"], voice: "piper:en_US-lessac-medium" } };
  await fx.publish(withNodeData(flow, "lookup", { url: `${fx.provider.url}/accounts/{{vars.account_number}}/balance` }));
  line = await fx.channel("tw-spoken-balance");
  fx.provider.reply("/accounts/12345678/balance", { status: 200, body: JSON.stringify({ balance: 42.5, due_date: "July 1" }) });
});
afterAll(async () => {
  await fx.stop();
  rmSync(work, { recursive: true, force: true });
});

/** Fetches a `<Play>` URL (PUBLIC_URL is not this server's address) and checks it is speech for a phone line. */
async function fetchSpoken(url: string): Promise<number> {
  expect(url.startsWith(`${PUBLIC_URL}/audio/tts-`)).toBe(true);
  const res = await fetch(`${fx.server.url}${url.slice(PUBLIC_URL.length)}`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("audio/wav");
  const file = join(work, `${Math.random().toString(36).slice(2)}.wav`);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  expect(ffprobe(file)).toMatchObject({ codec: "pcm_mulaw", sampleRate: 8000, channels: 1 });
  expect(rms(decodeSamples(file))).toBeGreaterThan(0.02);
  return ffprobe(file).duration;
}

describe("prompts spoken by espeak-ng on a Twilio call", () => {
  it("plays rendered prompts, including the dynamic balance after interpolation", async () => {
    const call = fx.call(line);
    const first = await call.incoming();
    expect(first.status, first.text).toBe(200);
    const gather = readTwiml(first.text).find((verb) => verb.name === "Gather");
    const played = gather?.inside.map((verb) => [verb.name, verb.text]) ?? [];
    expect(played.map(([name]) => name)).toEqual(["Play", "Play"]);
    for (const [, url] of played) expect(await fetchSpoken(url ?? "")).toBeGreaterThan(1);

    const second = await call.answer(first.text, { Digits: "12345678", FinishedOnKey: "#" });
    expect(second.status, second.text).toBe(200);
    const verbsPlayed = readTwiml(second.text).flatMap((verb) => (verb.name === "Gather" ? verb.inside : [verb]));
    expect(verbsPlayed.some((verb) => verb.name === "Say")).toBe(false);
    const balance = verbsPlayed.find((verb) => verb.name === "Play");
    // "Your balance is 42.5 dollars, due on July 1." – rendered for this caller, then cached.
    expect(await fetchSpoken(balance?.text ?? "")).toBeGreaterThan(2);
  });
});
