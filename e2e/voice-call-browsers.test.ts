import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { toneLevel } from "../runtime/media/analysis/goertzel";
import { ffprobeDuration } from "../runtime/media/test-support/ffmpeg-audio";
import { mediaChromiumArgs } from "../runtime/media/test-support/chromium-call";
import { writeToneWav } from "../runtime/media/test-support/tone-wav";
import { voiceDeskFlow } from "../runtime/channels/webvoice/test-support/voice-desk-flow";
import { pollUntil, until } from "../runtime/test-support/api-client";
import { startTestServer, TEST_API_KEY, type TestServer } from "../runtime/test-support/test-server";
import { ADMIN } from "./support/admin";
import { launchBrowser, screenshot } from "./support/browser";
import { flowSession } from "./support/console-customer";
import { callControls, FarEnd, offerCards, openSeat, signIn, type SoftphoneSeat, voiceStatus, WIDGET_FAR_END } from "./support/softphone-seat";
import { startStaticSite, type StaticSite } from "./support/static-site";
import { VoiceVisitor, voiceWidgetPage } from "./support/voice-widget-page";

/**
 * A whole call in two real browsers (issue 13): a visitor on a customer's site calls through the
 * voice widget with a microphone playing 440 Hz, and an agent takes it in the console with a
 * microphone playing 1,000 Hz (each Chromium has its own fake microphone file; the tones are pulsed
 * so the browsers' noise suppression keeps them). Tones are measured where they arrive: WebAudio
 * analysers on the remote tracks of both pages, Goertzel in the test.
 */

const CALLER_HZ = 440;
const AGENT_HZ = 1000;
const PULSE = { onMs: 400, offMs: 200 };
const HEARD = 0.02;
const QUIET = 0.006;
const Created = z.object({ id: z.string() });
const Recording = z.object({ recording: z.object({ status: z.string(), url: z.string().nullable(), durationMs: z.number().nullable(), mode: z.string() }), hungUpBy: z.string().nullable(), holdMs: z.number() });

let dir = "";
let server: TestServer;
let site: StaticSite;
const browsers: Browser[] = [];
let ann: SoftphoneSeat;
let visitor: VoiceVisitor;
let channelId = "";

const round = (value: number) => Math.round(value * 1000) / 1000;
const hears = async (page: Page, track?: string) => {
  const { tones, rms } = await new FarEnd(page, track).levels([CALLER_HZ, AGENT_HZ]);
  return { caller: round(tones[CALLER_HZ] ?? 0), agent: round(tones[AGENT_HZ] ?? 0), rms: round(rms) };
};
const callerHears = () => hears(visitor.page, WIDGET_FAR_END);
const agentHears = () => hears(ann.page);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "switchboard-voice-browsers-"));
  server = await startTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  site = await startStaticSite(() => voiceWidgetPage(server.url, channelId));
  expect((await server.api("POST", "/api/flows", voiceDeskFlow("voice-desk", { transferTimeoutSeconds: 300 }))).status).toBe(201);
  expect((await server.api("POST", "/api/flows/voice-desk/publish", { note: "v1" })).status).toBe(201);
  expect((await server.api("PATCH", "/api/teams/support", { recording: "agent" })).status).toBe(200);
  const channel = await server.api("POST", "/api/channels", { type: "webvoice", name: "Site voice", flowId: "voice-desk", settings: { allowedOrigins: [site.url] } });
  expect(channel.status, channel.text).toBe(201);
  channelId = Created.parse(channel.body).id;
  const agent = { name: "Ann Agent", email: "ann@acme.test", password: "Ann Agent password" };
  const created = await server.api("POST", "/api/users", { ...agent, role: "agent" });
  expect(created.status, created.text).toBe(201);
  const id = Created.parse(created.body).id;
  expect((await server.api("POST", "/api/teams/support/members", { userId: id })).status).toBe(200);

  const launch = async (hz: number) => {
    const browser = await launchBrowser(mediaChromiumArgs(writeToneWav(dir, hz, { pulse: PULSE })));
    browsers.push(browser);
    return browser;
  };
  ann = await openSeat(await launch(AGENT_HZ), { id, ...agent });
  const callerBrowser = await launch(CALLER_HZ);
  const page = await (await callerBrowser.newContext()).newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(`${site.url}/`);
  visitor = new VoiceVisitor(page);
  await visitor.widget.getByRole("button", { name: "Call us" }).waitFor();
}, 120_000);

afterAll(async () => {
  for (const browser of browsers) await browser.close().catch(() => undefined);
  await site?.close();
  await server?.stop();
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

describe("a caller in the voice widget and an agent in the console, each in a real browser", () => {
  let callId = "";
  let sessionId = "";

  it("the caller calls, hears the menu, presses 1 on the keypad and waits with hold music; the agent is offered the call", async () => {
    await signIn(ann, server.url);
    await expect.poll(() => voiceStatus(ann.page).textContent(), { timeout: 15_000 }).toBe("Voice: connected");
    await visitor.button("Call us").click();
    await visitor.button("Call").click();
    const connected = await visitor.next("connected", 15_000);
    callId = z.string().parse(connected.detail.callId);
    sessionId = await pollUntil(async () => z.object({ sessionId: z.string().nullable() }).parse((await server.api("GET", `/api/calls/${callId}`)).body).sessionId ?? undefined, 5_000, () => "no session");
    // The greeting arrives as sound.
    await expect.poll(() => visitor.recentPower(300), { timeout: 5_000 }).toBeGreaterThan(1e-3);
    await expect.poll(async () => (await flowSession(server, sessionId)).path, { timeout: 20_000 }).toContain("main:waiting");
    const keypad = visitor.widget.getByRole("group", { name: "Keypad" });
    if (!(await keypad.isVisible())) await visitor.button("Keypad").click();
    await keypad.getByRole("button", { name: "1", exact: true }).click();
    await expect.poll(async () => (await flowSession(server, sessionId)).path, { timeout: 10_000 }).toContain("main:option:1");
    await expect.poll(() => offerCards(ann.page).count(), { timeout: 10_000 }).toBe(1);
    // The caller is named for the agent by channel, not by an opaque id.
    expect(await offerCards(ann.page).textContent()).toMatch(/Web caller [A-Za-z0-9]{6}/);
    await until(callerHears, (heard) => heard.rms > 0.003 && heard.agent < QUIET, "hold music at the caller");
  });

  it("Accept: within a second or so the agent's console plays the caller's 440 Hz and the caller's page the agent's 1,000 Hz, neither hearing itself", async () => {
    const acceptedAt = performance.now();
    await offerCards(ann.page).getByRole("button", { name: "Accept" }).click();
    let callerAt = 0;
    let agentAt = 0;
    await until(
      async () => {
        if (callerAt === 0 && (await callerHears()).agent > HEARD) callerAt = performance.now() - acceptedAt;
        if (agentAt === 0 && (await agentHears()).caller > HEARD) agentAt = performance.now() - acceptedAt;
        return { callerAt, agentAt };
      },
      (times) => times.callerAt > 0 && times.agentAt > 0,
      "both directions after Accept",
    );
    console.log(`two browsers, after Accept: the caller heard the agent after ${Math.round(callerAt)} ms, the agent the caller after ${Math.round(agentAt)} ms`);
    expect(Math.max(callerAt, agentAt)).toBeLessThan(2_000);
    expect((await callerHears()).caller).toBeLessThan(QUIET);
    expect((await agentHears()).agent).toBeLessThan(QUIET);
    await screenshot(ann.page, "voice-browsers-call");
  });

  it("hold: the caller hears hold music and the agent silence; resume: both tones again", async () => {
    await callControls(ann.page).getByRole("button", { name: "Hold" }).click();
    await until(callerHears, (heard) => heard.rms > 0.003 && heard.agent < QUIET, "hold music, not the agent, at the caller");
    await until(agentHears, (heard) => heard.caller < QUIET && heard.rms < 0.003, "silence in the agent's console");
    await callControls(ann.page).getByRole("button", { name: "Resume" }).click();
    await until(callerHears, (heard) => heard.agent > HEARD, "the agent at the caller after resume");
    await until(agentHears, (heard) => heard.caller > HEARD, "the caller at the agent after resume");
  });

  it("mute silences the agent's tone only", async () => {
    const mute = callControls(ann.page).getByRole("button", { name: /^Mute/ });
    await mute.click();
    await until(callerHears, (heard) => heard.agent < QUIET, "the agent silent at the caller while muted");
    expect((await agentHears()).caller).toBeGreaterThan(HEARD);
    await mute.click();
    await until(callerHears, (heard) => heard.agent > HEARD, "the agent back at the caller");
  });

  it("the agent hangs up: the flow takes the call back and says goodbye; the call's recording holds both tones and lasts as long as the agent was on", async () => {
    await callControls(ann.page).getByRole("button", { name: "Hang up" }).click();
    await ann.page.getByRole("dialog", { name: "Hang up" }).getByRole("button", { name: "Hang up" }).click();
    const ended = await visitor.next("ended", 30_000);
    expect(ended.detail).toMatchObject({ callId, reason: "hangup_node", hungUpBy: "system" });
    expect((await flowSession(server, sessionId)).path.slice(-3)).toEqual(["to_agent:waiting", "to_agent:completed", "after:ended"]);

    const row = await pollUntil(
      async () => {
        const current = Recording.parse((await server.api("GET", `/api/calls/${callId}`)).body);
        return current.recording.status === "available" ? current : undefined;
      },
      30_000,
      () => "no recording",
    );
    expect(row.recording.mode).toBe("agent");
    expect(row.holdMs).toBeGreaterThan(0);
    const file = await fetch(`${server.url}${row.recording.url ?? ""}`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
    const path = join(dir, "call.ogg");
    writeFileSync(path, Buffer.from(await file.arrayBuffer()));
    expect(Math.abs(ffprobeDuration(path) * 1000 - (row.recording.durationMs ?? 0))).toBeLessThan(500);
    const stereo = execFileSync("ffmpeg", ["-v", "error", "-i", path, "-ac", "2", "-ar", "16000", "-f", "s16le", "-"], { maxBuffer: 64 * 1024 * 1024 });
    const samples = new Int16Array(stereo.buffer, stereo.byteOffset, stereo.length >> 1);
    const side = (which: 0 | 1) => Int16Array.from({ length: samples.length >> 1 }, (_, i) => samples[2 * i + which] ?? 0);
    const loudest = (pcm: Int16Array, frequency: number) => Math.max(...Array.from({ length: Math.floor(pcm.length / 8_000) }, (_, i) => toneLevel(pcm.subarray(i * 8_000, (i + 1) * 8_000), 16_000, frequency)));
    expect(loudest(side(0), CALLER_HZ)).toBeGreaterThan(HEARD);
    expect(loudest(side(1), AGENT_HZ)).toBeGreaterThan(HEARD);

    // The agent plays it from the conversation: a player in the room's details, as long as the file.
    const player = ann.page.getByRole("complementary", { name: "Conversation details" }).locator("audio.call-recording");
    await expect.poll(() => player.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => player.evaluate((audio) => (audio instanceof HTMLAudioElement ? audio.duration : 0)), { timeout: 10_000 }).toBeGreaterThan(0);
    const seconds = await player.evaluate((audio) => (audio instanceof HTMLAudioElement ? audio.duration : 0));
    expect(Math.abs(seconds * 1000 - (row.recording.durationMs ?? 0))).toBeLessThan(500);
    await screenshot(ann.page, "voice-browsers-recording");
  }, 60_000);
});
