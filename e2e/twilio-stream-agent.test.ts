import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readWav } from "../runtime/media/audio-files/wav-reader";
import { muLawToneLevel } from "../runtime/media/test-support/mulaw-tone";
import { TwilioStreamClient } from "../runtime/media/test-support/twilio-stream-client";
import { mediaChromiumArgs } from "../runtime/media/test-support/chromium-call";
import { writeToneWav } from "../runtime/media/test-support/tone-wav";
import { TEST_ACCOUNT } from "../runtime/channels/test-support/fake-twilio";
import { element, readTwiml } from "../runtime/channels/test-support/twiml-reader";
import { PUBLIC_URL, type TestCall } from "../runtime/channels/test-support/voice-fixture";
import { until } from "../runtime/test-support/api-client";
import { launchBrowser, screenshot } from "./support/browser";
import { ConsoleDesk } from "./support/console-desk";
import { callControls, FarEnd, offerCards, openSeat, signIn, type SoftphoneSeat, voiceStatus } from "./support/softphone-seat";

/**
 * Issue 15 end to end: a Twilio voice caller heard by an agent in a real browser. Ann's console
 * runs in Debian's Chromium whose microphone plays 1,000 Hz (pulsed, so the console's noise
 * suppression keeps it); the caller comes in through the signed voice webhooks, waits in the
 * support queue, and Ann clicks Accept. The Calls API stand-in sees the call moved to
 * `<Connect><Stream>`; a stand-in for Twilio's media stream opens the socket (the upgrade signed
 * over the wss URL, as Twilio signs it) and sends μ-law 20 ms frames of 440 Hz. Ann's page must
 * play 440 Hz (its inbound WebRTC stats gain energy, and a WebAudio tap on the softphone's audio
 * element finds the tone), and the stream must get Ann's 1,000 Hz back as μ-law `media` frames.
 * Hold in the console sends hold music (hold.wav's own μ-law frames) into the stream; Resume
 * brings Ann's tone back.
 */

const PULSE = { onMs: 400, offMs: 200 };
const CALLER_HZ = 440;
const AGENT_HZ = 1000;
/** A tone "is heard" above this amplitude (the microphone plays 0.125, pulsed; the caller 0.3), "is not" below the quiet level. */
const HEARD = 0.02;
const QUIET = 0.006;
const CALLS = `/2010-04-01/Accounts/${TEST_ACCOUNT.accountSid}/Calls`;
const HOLD_WAV = join(import.meta.dirname, "../audio/hold.wav");

const desk = new ConsoleDesk();
let dir: string;
let browser: Browser | undefined;
let ann: SoftphoneSeat;
let call: TestCall;
let stream: TwilioStreamClient | undefined;
let conversationId = "";
let connect = { url: "", parameters: {} as Record<string, string> };

const round = (value: number) => Math.round(value * 1000) / 1000;

/** What Ann's console plays from its softphone (tone levels and RMS over the last ~340 ms). */
const pageHears = async (page: Page) => {
  const { tones, rms } = await new FarEnd(page).levels([CALLER_HZ, AGENT_HZ]);
  return { caller: round(tones[CALLER_HZ] ?? 0), agent: round(tones[AGENT_HZ] ?? 0), rms: round(rms) };
};

/** The softphone's inbound audio as Chromium counts it: every RTCPeerConnection the page made, summed (the console keeps its own reference). */
const INBOUND_ENERGY = `(async () => {
  let energy = 0, samples = 0, duration = 0;
  for (const pc of window.__pcs) {
    if (pc.connectionState === "closed") continue;
    (await pc.getStats()).forEach((entry) => {
      if (entry.type !== "inbound-rtp" || entry.kind !== "audio") return;
      energy += entry.totalAudioEnergy ?? 0;
      samples += entry.totalSamplesReceived ?? 0;
      duration += entry.totalSamplesDuration ?? 0;
    });
  }
  return { energy, samples, duration };
})()`;
/** Keeps every RTCPeerConnection the page creates reachable by the test (read-only: the console's code is unchanged). */
const KEEP_PEER_CONNECTIONS = `
  window.__pcs = [];
  window.RTCPeerConnection = class extends window.RTCPeerConnection {
    constructor(...args) { super(...args); window.__pcs.push(this); }
  };
`;
const inboundEnergy = async (page: Page) => {
  const value: unknown = await page.evaluate(INBOUND_ENERGY);
  if (typeof value !== "object" || value === null || !("energy" in value) || !("duration" in value) || !("samples" in value)) throw new Error(`no stats: ${JSON.stringify(value)}`);
  return { energy: Number(value.energy), samples: Number(value.samples), duration: Number(value.duration) };
};

/** The Calls updates of the call (in order), as their TwiML documents. */
const updates = (): string[] =>
  desk.voice.provider.requests.filter((seen) => seen.method === "POST" && seen.url === `${CALLS}/${call.callSid}.json`).map((seen) => new URLSearchParams(seen.body).get("Twiml") ?? "");

const openStream = async (): Promise<TwilioStreamClient> => {
  const opened = await TwilioStreamClient.open(`${desk.server.url.replace(/^http/, "ws")}${new URL(connect.url).pathname}`, connect.url, TEST_ACCOUNT.authToken);
  if (!opened.ok) throw new Error(`stream refused: ${opened.status} ${opened.body}`);
  return opened.client;
};

beforeAll(async () => {
  await desk.start();
  dir = mkdtempSync(join(tmpdir(), "switchboard-twilio-stream-"));
  browser = await launchBrowser(mediaChromiumArgs(writeToneWav(dir, AGENT_HZ, { pulse: PULSE })));
  ann = await openSeat(browser, await desk.agent("Ann Agent"));
  await ann.context.addInitScript({ content: KEEP_PEER_CONNECTIONS });
}, 120_000);

afterAll(async () => {
  stream?.close();
  await browser?.close().catch(() => undefined);
  await desk.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe("a Twilio voice caller heard by an agent in Chromium (Media Streams)", () => {
  it("Ann signs in and her softphone connects", async () => {
    await signIn(ann, desk.server.url);
    await expect.poll(() => voiceStatus(ann.page).textContent(), { timeout: 15_000 }).toBe("Voice: connected");
  });

  it("the caller presses 2 and waits; Ann accepts in the console: the Calls API moves the call to <Connect><Stream> with the call's parameters", async () => {
    call = desk.voice.call(desk.channelId, "+15557000042");
    desk.voice.provider.reply(`${CALLS}/${call.callSid}.json`, { status: 200, body: JSON.stringify({ sid: call.callSid, status: "in-progress" }) });
    const first = await call.incoming();
    const queued = await call.answer(first.text, { Digits: "2" });
    expect(element(queued.text, "Enqueue").text).toBe("support");

    await expect.poll(() => offerCards(ann.page).count(), { timeout: 15_000 }).toBe(1);
    await offerCards(ann.page).getByRole("button", { name: "Accept" }).click();
    await ann.page.waitForURL(/\/console\/[^/]+$/);
    conversationId = new URL(ann.page.url()).pathname.split("/").at(-1) ?? "";

    const moved = await until(() => updates()[0], (twiml) => twiml !== undefined, "the Calls update after Accept");
    const document = readTwiml(moved ?? "");
    expect(document.map((verb) => verb.name)).toEqual(["Say", "Connect"]);
    const streamVerb = document[1]?.inside.find((inner) => inner.name === "Stream");
    connect = {
      url: streamVerb?.attributes.url ?? "",
      parameters: Object.fromEntries((streamVerb?.inside ?? []).filter((inner) => inner.name === "Parameter").map((inner) => [inner.attributes.name ?? "", inner.attributes.value ?? ""])),
    };
    expect(connect.url).toBe(`${PUBLIC_URL.replace(/^https/, "wss")}/media/twilio/${desk.channelId}`);
    expect(connect.parameters).toMatchObject({ callSid: call.callSid, conversationId });
  }, 30_000);

  it("the stream connects (signed upgrade) and sends μ-law 440 Hz: Ann's console plays 440 Hz, and the stream receives Ann's 1,000 Hz as μ-law", async () => {
    stream = await openStream();
    const before = await inboundEnergy(ann.page);
    stream.start(call.callSid, connect.parameters);
    stream.playTone(CALLER_HZ);
    const live = stream;

    await until(() => pageHears(ann.page), (heard) => heard.caller > HEARD, "440 Hz in Ann's console");
    // Chromium's own count: the softphone's inbound audio gained energy since the stream started.
    const after = await until(() => inboundEnergy(ann.page), (stats) => stats.energy > before.energy && stats.duration > before.duration + 1, "inbound audio energy in Ann's softphone");
    const power = (after.energy - before.energy) / (after.duration - before.duration);
    expect(power).toBeGreaterThan(1e-4);

    await until(() => round(muLawToneLevel(live.frames, AGENT_HZ, 600)), (level) => level > HEARD, "Ann's 1,000 Hz in the stream's media frames");
    expect(muLawToneLevel(live.frames, CALLER_HZ, 600)).toBeLessThan(QUIET); // the caller does not hear themself
    expect(desk.server.media.streamAgents.agentsOn(conversationId)).toEqual([ann.agent.id]);
    await screenshot(ann.page, "twilio-stream-call");
  }, 30_000);

  it("Hold in the console: the stream gets a clear, then hold music (hold.wav's μ-law frames), not Ann's tone; Ann's console goes quiet", async () => {
    const live = stream;
    if (live === undefined) throw new Error("no stream");
    const framesBeforeHold = live.frames.length;
    await callControls(ann.page).getByRole("button", { name: "Hold" }).click();
    await expect.poll(() => callControls(ann.page).getByRole("button", { name: "Resume" }).getAttribute("aria-pressed")).toBe("true");

    await until(() => live.clears.some((at) => at >= framesBeforeHold) && live.frames.length > framesBeforeHold + 60, (ok) => ok, "a clear and hold music in the stream");
    const clearAt = live.clears.find((at) => at >= framesBeforeHold) ?? 0;
    const wav = readWav(readFileSync(HOLD_WAV));
    live.frames.slice(clearAt, clearAt + 50).forEach((frame, k) => expect(frame.equals(wav.data.subarray(k * 160, (k + 1) * 160)), `hold frame ${k}`).toBe(true));
    expect(muLawToneLevel(live.frames.slice(clearAt, clearAt + 50), AGENT_HZ, 1000)).toBeLessThan(QUIET);
    await until(() => pageHears(ann.page), (heard) => heard.caller < QUIET, "nothing of the held caller in Ann's console");
    expect(updates()).toHaveLength(1); // hold music came through the stream, not a TwiML round trip
    await screenshot(ann.page, "twilio-stream-hold");
  }, 30_000);

  it("Resume: Ann's 1,000 Hz in the stream again, and the caller's 440 Hz in her console", async () => {
    const live = stream;
    if (live === undefined) throw new Error("no stream");
    const framesBeforeResume = live.frames.length;
    await callControls(ann.page).getByRole("button", { name: "Resume" }).click();
    await expect.poll(() => callControls(ann.page).getByRole("button", { name: "Hold" }).getAttribute("aria-pressed")).toBe("false");
    await until(() => round(muLawToneLevel(live.frames.slice(framesBeforeResume), AGENT_HZ, 600)), (level) => level > HEARD, "Ann's tone in the stream after resume");
    await until(() => pageHears(ann.page), (heard) => heard.caller > HEARD, "the caller in Ann's console after resume");
    expect(updates()).toHaveLength(1);
  }, 30_000);

  it("the caller hangs up (stop): the socket closes and Ann's softphone stays connected; no page errors", async () => {
    const live = stream;
    if (live === undefined) throw new Error("no stream");
    live.stop(call.callSid);
    await until(() => live.closedWith, (closed) => closed !== undefined, "the socket still open after stop");
    await call.status("completed");
    expect(await voiceStatus(ann.page).textContent()).toBe("Voice: connected");
    expect(ann.errors).toEqual([]);
  }, 20_000);
});
