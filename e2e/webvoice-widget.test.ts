import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { toneLevel } from "../runtime/media/analysis/goertzel";
import { mediaChromiumArgs } from "../runtime/media/test-support/chromium-call";
import { ffmpegDecodePcm, ffprobeDuration } from "../runtime/media/test-support/ffmpeg-audio";
import { writeToneWav } from "../runtime/media/test-support/tone-wav";
import { voiceDeskFlow } from "../runtime/channels/webvoice/test-support/voice-desk-flow";
import { pollUntil } from "../runtime/test-support/api-client";
import type { FlowJson } from "../runtime/test-support/example-flows";
import { startTestServer, TEST_API_KEY, type TestServer } from "../runtime/test-support/test-server";
import { collectConsoleErrors, launchBrowser, screenshot } from "./support/browser";
import { flowSession } from "./support/console-customer";
import { type StaticSite, startStaticSite } from "./support/static-site";
import { VoiceVisitor, voiceWidgetPage } from "./support/voice-widget-page";

/**
 * The voice widget on a customer's site (another origin than the runtime), in Debian chromium
 * whose fake microphone plays a 440 Hz WAV: the visitor calls with the keyboard, hears the flow,
 * presses keys, cuts a greeting short, mutes and hangs up; what the server received is read back
 * from the call's recording. Bad cases: a refused microphone, a browser that cannot complete ICE,
 * the per-address call limit.
 */

const GREETING = "Welcome to the voice desk.";
const LONG_GREETING =
  "Welcome to the quiet desk. This greeting is long on purpose: it tells you about our opening hours, our address, the parking behind the building and the weather, so that you have plenty of time to press a key and cut it short.";

/**
 * A long interruptible greeting, then a four digit code (its own prompt in the same barge-in run),
 * then goodbye; a caller who never enters it goes to support (which records whole calls, so these
 * calls are recorded too).
 */
function quietDeskFlow(): FlowJson {
  const at = { x: 0, y: 0 };
  return {
    schemaVersion: 1,
    id: "quiet-desk",
    name: "Quiet desk",
    entry: "welcome",
    nodes: [
      { id: "welcome", type: "greeting", position: at, data: { prompt: { text: LONG_GREETING }, interruptible: true } },
      { id: "code", type: "gather", position: at, data: { prompt: { text: "Enter your four digit code." }, minDigits: 4, maxDigits: 4, storeAs: "code", timeoutSeconds: 20, maxRetries: 1 } },
      { id: "bye", type: "hangup", position: at, data: { prompt: { text: "Goodbye." } } },
      { id: "help", type: "transfer", position: at, data: { teamId: "support", timeoutSeconds: 30 } },
    ],
    edges: [
      { id: "e1", source: "welcome", sourceHandle: "next", target: "code" },
      { id: "e2", source: "code", sourceHandle: "next", target: "bye" },
      { id: "e3", source: "code", sourceHandle: "timeout", target: "bye" },
      { id: "e4", source: "code", sourceHandle: "max_retries", target: "help" },
      { id: "e5", source: "help", sourceHandle: "completed", target: "bye" },
      { id: "e6", source: "help", sourceHandle: "no_answer", target: "bye" },
    ],
    variables: { code: "" },
    settings: { language: "en-US", channels: ["voice"] },
  };
}

const CallJson = z.object({
  id: z.string(),
  channelId: z.string().nullable(),
  channelType: z.string(),
  from: z.string().nullable(),
  state: z.string(),
  sessionId: z.string().nullable(),
  endReason: z.string().nullable(),
  hungUpBy: z.string().nullable(),
  recording: z.object({ mode: z.string(), status: z.string(), url: z.string().nullable(), durationMs: z.number().nullable() }),
});
const CallsPage = z.object({ items: z.array(CallJson) });
const Created = z.object({ id: z.string() });

let dir: string;
let server: TestServer;
let site: StaticSite;
let browser: Browser;
let context: BrowserContext;
let deskChannel = "";
let quietChannel = "";
let shopChannel = "";
let chatChannel = "";
let consoleErrors: string[] = [];

const call = async (id: string) => {
  const response = await server.api("GET", `/api/calls/${id}`);
  expect(response.status, response.text).toBe(200);
  return CallJson.parse(response.body);
};
const callsOn = async (channelId: string) => CallsPage.parse((await server.api("GET", "/api/calls?channel=webvoice&limit=100")).body).items.filter((item) => item.channelId === channelId);

/**
 * The site: /desk and /quiet embed two voice channels; /both a third with a web chat in one
 * bubble; /unreachable drops ICE candidates; /no-microphone forbids the microphone (Permissions-Policy).
 */
const sitePage = (path: string) => {
  if (path === "/quiet") return voiceWidgetPage(server.url, quietChannel, { title: "Quiet desk" });
  if (path === "/both") return voiceWidgetPage(server.url, shopChannel, { chatChannelId: chatChannel, title: "Acme shop" });
  if (path === "/unreachable") return voiceWidgetPage(server.url, deskChannel, { dropCandidates: true });
  return voiceWidgetPage(server.url, path === "/no-microphone" ? quietChannel : deskChannel);
};
const siteHeaders = (path: string): Record<string, string> => (path === "/no-microphone" ? { "permissions-policy": "microphone=()" } : {});

async function visit(path: string, bubble = "Call us", host?: string): Promise<VoiceVisitor> {
  const page = await context.newPage();
  consoleErrors = collectConsoleErrors(page);
  page.setDefaultTimeout(10_000);
  await page.goto(`${site.url}${path}`);
  const visitor = new VoiceVisitor(page, host);
  await visitor.widget.getByRole("button", { name: bubble }).waitFor();
  return visitor;
}

/** The caller's side (left) of a call's recording, as 48 kHz PCM. */
async function recordedCaller(callId: string): Promise<{ pcm: Int16Array; durationMs: number | null }> {
  const recorded = await pollUntil(async () => {
    const current = await call(callId);
    return current.recording.status === "available" ? current.recording : undefined;
  }, 10_000, () => "the recording is not available");
  expect(recorded.mode).toBe("call");
  const file = await fetch(`${server.url}${recorded.url ?? ""}`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
  expect(file.status).toBe(200);
  const path = join(dir, `${callId}.ogg`);
  writeFileSync(path, Buffer.from(await file.arrayBuffer()));
  return { pcm: ffmpegDecodePcm(path, 48_000, 0), durationMs: recorded.durationMs };
}

/** 440 Hz in the caller's side of the recording, second by second. */
const toneBySecond = (pcm: Int16Array): number[] => {
  const seconds: number[] = [];
  for (let at = 0; at + 48_000 <= pcm.length; at += 48_000) seconds.push(toneLevel(pcm.subarray(at, at + 48_000), 48_000, 440));
  return seconds;
};

/** Seconds of speech espeak-ng renders for `text` (the same cached clip the call plays). */
async function spokenSeconds(text: string): Promise<number> {
  const rendered = await server.api("POST", "/api/tts/render", { text, language: "en-US" });
  expect(rendered.status, rendered.text).toBe(200);
  const wavUrl = z.object({ wavUrl: z.string() }).parse(rendered.body).wavUrl;
  const wav = await fetch(`${server.url}${wavUrl}`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
  expect(wav.status).toBe(200);
  const path = join(dir, "prompt.wav");
  writeFileSync(path, Buffer.from(await wav.arrayBuffer()));
  return ffprobeDuration(path);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "switchboard-voice-widget-"));
  const tone = writeToneWav(dir, 440, 60);
  // Two new calls per channel and address, loopback counted: the third call on the desk is refused.
  server = await startTestServer({ WEBCHAT_NEW_VISITORS_PER_IP: "2", WEBCHAT_LIMIT_LOOPBACK: "1" });
  site = await startStaticSite(sitePage, siteHeaders);
  for (const flow of [voiceDeskFlow(), quietDeskFlow()]) {
    const created = await server.api("POST", "/api/flows", flow);
    expect(created.status, created.text).toBe(201);
    expect((await server.api("POST", `/api/flows/${flow.id}/publish`, { note: "v1" })).status).toBe(201);
  }
  // The desk's flow can transfer to support: support records whole calls, so the desk's calls are recorded from the start.
  const support = await server.api("PATCH", "/api/teams/support", { recording: "call" });
  expect(support.status, support.text).toBe(200);
  const channel = async (name: string, flowId: string) => {
    const created = await server.api("POST", "/api/channels", { type: "webvoice", name, flowId, settings: { allowedOrigins: [site.url] } });
    expect(created.status, created.text).toBe(201);
    return Created.parse(created.body).id;
  };
  deskChannel = await channel("Site voice", "voice-desk");
  quietChannel = await channel("Quiet voice", "quiet-desk");
  shopChannel = await channel("Shop voice", "quiet-desk");
  const chat = await server.api("POST", "/api/channels", { type: "webchat", name: "Shop chat", flowId: "chat-escalation", settings: { allowedOrigins: [site.url] } });
  expect(chat.status, chat.text).toBe(201);
  chatChannel = Created.parse(chat.body).id;
  browser = await launchBrowser(mediaChromiumArgs(tone));
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await server?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe("the voice widget embedded on a customer's site", () => {
  it("calls with the keyboard (microphone asked only then), hears the greeting, takes a key during the menu, and the server hears the page's 440 Hz", async () => {
    const greetingSeconds = await spokenSeconds(GREETING);
    const visitor = await visit("/desk");
    const { page } = visitor;
    expect((await visitor.probe()).gum).toBe(0);

    // Keyboard only: Tab reaches the bubble, Enter opens the panel with focus on Call, Enter calls.
    await page.keyboard.press("Tab");
    expect(await visitor.hasFocus(visitor.button("Call us"))).toBe(true);
    await page.keyboard.press("Enter");
    await visitor.widget.getByRole("dialog", { name: "Acme support line" }).waitFor();
    expect(await visitor.hasFocus(visitor.button("Call"))).toBe(true);
    expect(await visitor.status.textContent()).toBe("Talk to us from your browser.");
    expect((await visitor.probe()).gum, "no microphone before Call").toBe(0);
    await screenshot(page, "voice-widget-idle");
    await page.keyboard.press("Enter");

    await visitor.next("ringing");
    const connected = await visitor.next("connected", 15_000);
    const callId = z.string().parse(connected.detail.callId);
    const probe = await visitor.probe();
    expect(probe.gum).toBe(1);
    expect(probe.constraints[0]).toEqual({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true }, video: false });
    expect(probe.pcs).toBe(1);
    await expect.poll(() => visitor.status.textContent()).toBe("In call");
    await expect.poll(() => visitor.widget.getByRole("timer").textContent()).toMatch(/^0:0\d$/);

    // The greeting arrives as audio energy (totalAudioEnergy grows while samples play).
    await expect.poll(() => visitor.recentPower(300), { timeout: 5_000 }).toBeGreaterThan(1e-3);
    const row = await call(callId);
    expect(row).toMatchObject({ channelId: deskChannel, channelType: "webvoice", state: "active" });
    expect(row.from).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const sessionId = await pollUntil(async () => (await call(callId)).sessionId ?? undefined, 5_000, () => "the call has no session");

    // The menu prompt follows the greeting: a key typed on the keyboard (focus in the call panel) while it plays takes option 2.
    const start = connected.at;
    await page.waitForFunction(`performance.now() > ${start + (greetingSeconds + 1) * 1000}`, undefined, { timeout: 15_000, polling: 50 });
    expect(await visitor.recentPower(300), "a prompt is playing when the key is pressed").toBeGreaterThan(1e-3);
    expect((await flowSession(server, sessionId)).path).toEqual(["welcome:next", "main:waiting"]);
    await page.keyboard.press("2");
    await expect.poll(async () => (await flowSession(server, sessionId)).path, { timeout: 10_000 }).toEqual(["welcome:next", "main:waiting", "main:option:2", "account:waiting"]);
    expect((await visitor.probe()).digits.map((digit) => digit.tones)).toEqual(["2"]);
    expect(await visitor.widget.getByText("Keys sent: 2").count()).toBe(1);
    await screenshot(page, "voice-widget-in-call");

    // The account number through the keypad's buttons (the mouse this time), then the flow says goodbye and hangs up.
    for (const key of ["4", "3", "2", "1"]) await visitor.widget.getByRole("group", { name: "Keypad" }).getByRole("button", { name: key, exact: true }).click();
    await visitor.widget.getByRole("button", { name: "Pound" }).click();
    const ended = await visitor.next("ended", 30_000);
    expect(ended.detail).toEqual({ callId, reason: "hangup_node", hungUpBy: "system", message: "The call has ended." });
    expect(await visitor.status.textContent()).toBe("The call has ended.");
    expect(await visitor.button("Call again").isVisible()).toBe(true);
    expect((await flowSession(server, sessionId)).path).toEqual(["welcome:next", "main:waiting", "main:option:2", "account:waiting", "account:next", "thanks:ended"]);
    expect(await call(callId)).toMatchObject({ state: "ended", endReason: "hangup_node", hungUpBy: "system" });

    // What the server received: the caller's side (left) of the call's recording holds the page's 440 Hz.
    const { pcm: caller, durationMs } = await recordedCaller(callId);
    // Chromium's noise suppression (on, as the widget asks) wears a steady tone down within seconds: every second still holds it.
    const seconds = toneBySecond(caller);
    const other = toneLevel(caller, 48_000, 1000);
    console.log(`recording ${durationMs} ms; caller side, 440 Hz per second: ${seconds.map((level) => level.toFixed(3)).join(" ")}; 1000 Hz overall ${other.toFixed(4)}`);
    expect(seconds.length).toBeGreaterThanOrEqual(5);
    for (const level of seconds) expect(level).toBeGreaterThan(0.005);
    expect(toneLevel(caller, 48_000, 440)).toBeGreaterThan(10 * other);
    expect(consoleErrors).toEqual([]);
    await page.close();
  }, 90_000);

  it("a key cuts the interruptible greeting short (measured), mute silences the microphone with a clear state, Switchboard.hangup() ends the call", async () => {
    const visitor = await visit("/quiet");
    const { page } = visitor;
    // The page's own script places the call: the panel opens on it.
    await page.evaluate("window.Switchboard.call()");
    await visitor.widget.getByRole("dialog", { name: "Quiet desk" }).waitFor();
    const connected = await visitor.next("connected", 15_000);
    const callId = z.string().parse(connected.detail.callId);
    expect(await page.evaluate("window.Switchboard.callState")).toBe("connected");

    // Two seconds into a greeting of about twelve, a key on the keypad.
    await page.waitForFunction(`performance.now() > ${connected.at + 2_000}`, undefined, { polling: 50 });
    const speaking = await visitor.recentPower(1_000);
    expect(speaking, "the greeting plays").toBeGreaterThan(1e-3);
    await visitor.widget.getByRole("group", { name: "Keypad" }).getByRole("button", { name: "7", exact: true }).click();
    const pressedAt = (await visitor.probe()).digits.at(0)?.at ?? 0;
    await page.waitForFunction(`performance.now() > ${pressedAt + 2_500}`, undefined, { polling: 50 });
    // Silence from some moment on, to the end of the 2.5 s watched (the greeting had ten seconds left, and the code's prompt went with it).
    const after = (await visitor.powerWindows(100)).filter((window) => window.from >= pressedAt && window.to <= pressedAt + 2_500);
    const loud = after.filter((window) => window.power > speaking / 100);
    const quietFrom = loud.length === 0 ? pressedAt : (loud.at(-1)?.to ?? pressedAt);
    console.log(`greeting power ${speaking.toExponential(2)}; after the key, audio stopped within ${Math.round(quietFrom - pressedAt)} ms; power after: ${after.map((window) => window.power.toExponential(1)).join(" ")}`);
    expect(after.length).toBeGreaterThan(15);
    expect(quietFrom - pressedAt).toBeLessThan(1_000);
    const sessionId = (await call(callId)).sessionId ?? "";
    expect((await flowSession(server, sessionId)).path).toEqual(["welcome:next", "code:waiting"]);

    // Mute (keyboard: Space on the toggle): pressed, said in the status, heard by the page; the server receives no tone meanwhile.
    const mute = visitor.button("Mute");
    expect(await mute.getAttribute("aria-pressed")).toBe("false");
    await mute.focus();
    await page.keyboard.press("Space");
    expect(await mute.getAttribute("aria-pressed")).toBe("true");
    expect(await visitor.status.textContent()).toBe("In call · your microphone is muted");
    const mutedAt = (await visitor.next("muted")).at;
    expect((await visitor.events("muted")).map((event) => event.detail)).toEqual([{ muted: true }]);
    await screenshot(page, "voice-widget-muted");
    await page.waitForFunction(`performance.now() > ${mutedAt + 2_500}`, undefined, { polling: 50 });
    await page.keyboard.press("Space");
    expect(await mute.getAttribute("aria-pressed")).toBe("false");
    const unmutedAt = (await visitor.next("muted", 5_000, 2)).at;
    expect(await visitor.status.textContent()).toBe("In call");
    await page.waitForFunction(`performance.now() > ${unmutedAt + 1_500}`, undefined, { polling: 50 });

    await page.evaluate("window.Switchboard.hangup()");
    const ended = await visitor.next("ended", 5_000);
    expect(ended.detail).toEqual({ callId, reason: "hangup", hungUpBy: "caller", message: "You hung up." });
    expect(await visitor.status.textContent()).toBe("You hung up.");
    expect(await page.evaluate("window.Switchboard.callState")).toBe("ended");
    expect(await call(callId)).toMatchObject({ state: "ended", endReason: "hangup", hungUpBy: "caller" });

    // The recording (its clock starts about when the page heard `connected`): the tone, none while muted, the tone again.
    const { pcm } = await recordedCaller(callId);
    const level = (fromMs: number, toMs: number) => toneLevel(pcm.subarray(Math.round((fromMs * 48_000) / 1000), Math.round((toMs * 48_000) / 1000)), 48_000, 440);
    const muteFrom = mutedAt - connected.at;
    const muteTo = unmutedAt - connected.at;
    const levels = { before: level(muteFrom - 1_500, muteFrom - 300), muted: level(muteFrom + 500, muteTo - 300), after: level(muteTo + 500, muteTo + 1_300) };
    console.log(`440 Hz at the server: before mute ${levels.before.toFixed(4)}, muted ${levels.muted.toFixed(4)}, after ${levels.after.toFixed(4)}`);
    expect(levels.before).toBeGreaterThan(0.005);
    expect(levels.after).toBeGreaterThan(0.005);
    expect(levels.muted).toBeLessThan(levels.before / 10);
    expect(consoleErrors).toEqual([]);
    await page.close();
  }, 90_000);

  it("leaving the page hangs the call up", async () => {
    const visitor = await visit("/quiet");
    await visitor.page.evaluate("window.Switchboard.call()");
    const callId = z.string().parse((await visitor.next("connected", 15_000)).detail.callId);
    await visitor.page.goto("about:blank");
    await expect.poll(async () => (await call(callId)).state, { timeout: 5_000 }).toBe("ended");
    expect(await call(callId)).toMatchObject({ endReason: "hangup", hungUpBy: "caller" });
    expect(consoleErrors).toEqual([]);
    await visitor.page.close();
  }, 30_000);

  it("a microphone the browser refuses: the visitor reads why, and no socket is opened", async () => {
    const visitor = await visit("/no-microphone");
    const sockets: string[] = [];
    visitor.page.on("websocket", (socket) => sockets.push(socket.url()));
    await visitor.button("Call us").click();
    await visitor.button("Call").click();
    const ended = await visitor.next("ended");
    expect(ended.detail).toMatchObject({ callId: null, reason: "microphone_denied", hungUpBy: "system" });
    await expect.poll(() => visitor.status.textContent()).toBe("Your browser did not allow the microphone, so no call was placed. Allow the microphone for this site, then press Call again.");
    expect((await visitor.probe()).gum).toBe(1);
    expect((await visitor.probe()).pcs).toBe(0);
    expect(sockets).toEqual([]);
    expect(await visitor.hasFocus(visitor.button("Call again"))).toBe(true);
    await screenshot(visitor.page, "voice-widget-microphone-denied");
    // Chromium's own line for the refusal; the widget logs nothing.
    expect(consoleErrors).toEqual(["Permissions policy violation: microphone is not allowed in this document."]);
    await visitor.page.close();
  }, 30_000);

  it("a browser that cannot complete ICE: the call ends as ice_timeout within the server's connect timeout, said in words", async () => {
    const visitor = await visit("/unreachable");
    await visitor.page.evaluate("window.Switchboard.call()");
    const ringing = await visitor.next("ringing");
    const ended = await visitor.next("ended", 25_000);
    const waited = ended.at - ringing.at;
    console.log(`ice_timeout ended the call ${Math.round(waited)} ms after Call`);
    expect(ended.detail).toMatchObject({ reason: "ice_timeout", hungUpBy: "system" });
    expect(waited).toBeGreaterThan(14_000);
    expect(waited).toBeLessThan(20_000);
    expect(await visitor.status.textContent()).toMatch(/^The call could not connect: no network path to the call service/);
    expect((await visitor.events("connected")).length).toBe(0);
    const callId = z.string().parse(ended.detail.callId);
    expect(await call(callId)).toMatchObject({ state: "ended", endReason: "ice_timeout", hungUpBy: "system", sessionId: null });
    expect(consoleErrors).toEqual([]);
    await visitor.page.close();
  }, 40_000);

  it("with data-channel too, one bubble offers the chat and a call", async () => {
    const visitor = await visit("/both", "Open chat or call", "#switchboard-webchat");
    const { page } = visitor;
    await visitor.widget.getByRole("button", { name: "Open chat or call" }).click();
    await visitor.widget.getByRole("dialog", { name: "Acme shop" }).waitFor();
    // The chat starts as usual (its flow greets) and has the focus; the call panel waits above it.
    await visitor.widget.locator('.msg[data-from="bot"]').first().waitFor();
    expect(await visitor.hasFocus(visitor.widget.getByRole("textbox", { name: "Message" }))).toBe(true);
    expect(await visitor.status.textContent()).toBe("Prefer to talk? Call us from your browser.");
    expect((await visitor.probe()).gum).toBe(0);
    await visitor.button("Call").click();
    const callId = z.string().parse((await visitor.next("connected", 15_000)).detail.callId);
    // Next to the chat the keypad starts folded; the Keypad button opens it.
    const keypad = visitor.widget.getByRole("group", { name: "Keypad" });
    expect(await keypad.isVisible()).toBe(false);
    expect(await visitor.button("Keypad").getAttribute("aria-expanded")).toBe("false");
    await visitor.button("Keypad").click();
    expect(await keypad.isVisible()).toBe(true);
    expect(await visitor.button("Keypad").getAttribute("aria-expanded")).toBe("true");
    // Digits typed into the chat's composer are text, not keys.
    await visitor.widget.getByRole("textbox", { name: "Message" }).fill("");
    await visitor.widget.getByRole("textbox", { name: "Message" }).press("5");
    expect((await visitor.probe()).digits).toEqual([]);
    await screenshot(page, "voice-widget-with-chat");
    await visitor.button("Hang up").click();
    expect((await visitor.next("ended", 5_000)).detail).toMatchObject({ callId, reason: "hangup", hungUpBy: "caller" });
    expect(await call(callId)).toMatchObject({ channelId: shopChannel, endReason: "hangup", hungUpBy: "caller" });
    expect(consoleErrors).toEqual([]);
    await page.close();
  }, 30_000);

  it("a dropped socket ends the call, and the panel says a call cannot resume", async () => {
    const visitor = await visit("/both", "Open chat or call", "#switchboard-webchat");
    await visitor.page.evaluate("window.Switchboard.call()");
    const callId = z.string().parse((await visitor.next("connected", 15_000)).detail.callId);
    await visitor.dropCallSocket();
    expect((await visitor.next("ended", 5_000)).detail).toMatchObject({ callId, reason: "connection_lost", hungUpBy: "system" });
    expect(await visitor.status.textContent()).toBe("The connection to the call service dropped, so the call ended (a call cannot resume). Press Call to call again.");
    expect((await visitor.probe()).sockets.filter((url) => url.includes("/ws/webvoice/"))).toHaveLength(1);
    // The server ends its side when the socket closes. The widget closes its peer connection at the
    // same moment, and whichever the server hears first names the end: the socket (`hangup`) or the
    // peer's DTLS close (`peer_gone`); under load either comes first. Both are the caller's.
    await expect.poll(async () => (await call(callId)).state, { timeout: 5_000 }).toBe("ended");
    const ended = await call(callId);
    expect(ended.hungUpBy).toBe("caller");
    expect(["hangup", "peer_gone"]).toContain(ended.endReason);
    expect(consoleErrors).toEqual([]);
    await visitor.page.close();
  }, 30_000);

  it("over the per-address limit of new calls, the server's refusal is shown in words and no call is made", async () => {
    expect(await callsOn(deskChannel)).toHaveLength(2);
    const visitor = await visit("/desk");
    await visitor.page.evaluate("window.Switchboard.call()");
    const ended = await visitor.next("ended");
    expect(ended.detail).toMatchObject({ callId: null, reason: "too_many_calls", hungUpBy: "system" });
    expect(await visitor.status.textContent()).toMatch(/^Too many calls came from your network lately\. Please try again in \d+ seconds\.$/);
    expect(await callsOn(deskChannel)).toHaveLength(2);
    await screenshot(visitor.page, "voice-widget-too-many-calls");
    expect(consoleErrors).toEqual([]);
    await visitor.page.close();
  }, 30_000);
});
