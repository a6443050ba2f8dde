import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { callParams, FakeTwilio, newCallSid, TEST_ACCOUNT } from "../runtime/channels/test-support/fake-twilio";
import { element } from "../runtime/channels/test-support/twiml-reader";
import { CallbackServer } from "../runtime/sessions/test-support/callback-server";
import { mediaChromiumArgs } from "../runtime/media/test-support/chromium-call";
import { muLawToneLevel } from "../runtime/media/test-support/mulaw-tone";
import { writeToneWav } from "../runtime/media/test-support/tone-wav";
import { TwilioStreamClient } from "../runtime/media/test-support/twilio-stream-client";
import { pollUntil } from "../runtime/test-support/api-client";
import { alwaysOpenSupportLine } from "../runtime/test-support/example-flows";
import { startTestServer, type TestServer } from "../runtime/test-support/test-server";
import { ADMIN } from "./support/admin";
import { launchBrowser, screenshot } from "./support/browser";
import { callControls, FarEnd, offerCards, openSeat, room, signIn, type SoftphoneSeat, voiceStatus } from "./support/softphone-seat";

/**
 * Issue 15 in the console: a Twilio caller (the stand-in Media Stream, μ-law 440 Hz) accepted by
 * Ann, whose console runs in a Chromium whose microphone plays 1,000 Hz. The call is bridged to
 * her softphone over the stream, and her console gives it the softphone call's controls: Mute
 * works as on the media plane's own calls, and the Keypad says why keys cannot reach this caller.
 */
const PUBLIC_URL = "https://console-stream.example.test";
const CALLS = `/2010-04-01/Accounts/${TEST_ACCOUNT.accountSid}/Calls`;
const CALLER_HZ = 440;
const ANN_HZ = 1000;
const HEARD = 0.02;

const provider = new CallbackServer();
let server: TestServer;
let twilio: FakeTwilio;
let dir: string;
let browser: Browser | undefined;
let ann: SoftphoneSeat;
let stream: TwilioStreamClient | undefined;
let channelId = "";

const polled = <T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> => pollUntil(probe, ms, () => what, 50);
const updatesOf = (callSid: string): string[] =>
  provider.requests.filter((seen) => seen.method === "POST" && seen.url === `${CALLS}/${callSid}.json`).map((seen) => new URLSearchParams(seen.body).get("Twiml") ?? "");

beforeAll(async () => {
  await provider.listen();
  server = await startTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, PUBLIC_URL, TWILIO_API_BASE_URL: provider.url });
  twilio = new FakeTwilio(server, PUBLIC_URL);
  expect((await server.api("POST", "/api/flows", alwaysOpenSupportLine("console-stream"))).status).toBe(201);
  expect((await server.api("POST", "/api/flows/console-stream/publish", { note: "v1" })).status).toBe(201);
  const channel = await server.api("POST", "/api/channels", { type: "twilio_voice", name: "Phone line", flowId: "console-stream", credentials: TEST_ACCOUNT });
  expect(channel.status, channel.text).toBe(201);
  channelId = z.object({ id: z.string() }).parse(channel.body).id;
  const created = await server.api("POST", "/api/users", { email: "ann@acme.test", name: "Ann Agent", role: "agent", password: "Ann Agent password" });
  expect(created.status, created.text).toBe(201);
  const agent = { id: z.object({ id: z.string() }).parse(created.body).id, name: "Ann Agent", email: "ann@acme.test", password: "Ann Agent password" };
  expect((await server.api("POST", "/api/teams/support/members", { userId: agent.id })).status).toBe(200);
  dir = mkdtempSync(join(tmpdir(), "switchboard-console-stream-"));
  browser = await launchBrowser(mediaChromiumArgs(writeToneWav(dir, ANN_HZ, { pulse: { onMs: 400, offMs: 200 } })));
  ann = await openSeat(browser, agent);
  await signIn(ann, server.url);
}, 120_000);

afterAll(async () => {
  stream?.close();
  await browser?.close().catch(() => undefined);
  await server?.stop();
  await provider.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe("a Twilio caller on a Media Stream in the agent console", () => {
  it("Ann accepts: the call is bridged to her softphone; Mute silences her at the caller; the Keypad says keys cannot reach this caller", async () => {
    await expect.poll(() => voiceStatus(ann.page).textContent(), { timeout: 15_000 }).toBe("Voice: connected");
    const callSid = newCallSid();
    provider.reply(`${CALLS}/${callSid}.json`, { status: 200, body: JSON.stringify({ sid: callSid, status: "in-progress" }) });
    const path = `/webhooks/twilio/voice/${channelId}`;
    const menu = await twilio.post(path, callParams(callSid, { CallStatus: "ringing" }));
    await twilio.post(element(menu.text, "Gather").attributes.action ?? "", callParams(callSid, { Digits: "2" }));
    await expect.poll(() => offerCards(ann.page).count(), { timeout: 10_000 }).toBe(1);
    await offerCards(ann.page).getByRole("button", { name: "Accept" }).click();

    // Twilio opens the stream of the <Connect><Stream> the accept moved the call to.
    const connected = await polled("the Calls update to the stream", async () => updatesOf(callSid)[0]);
    const streamVerb = element(connected, "Connect").inside.find((inner) => inner.name === "Stream");
    const url = streamVerb?.attributes.url ?? "";
    const parameters = Object.fromEntries((streamVerb?.inside ?? []).filter((inner) => inner.name === "Parameter").map((inner) => [inner.attributes.name ?? "", inner.attributes.value ?? ""]));
    const opened = await TwilioStreamClient.open(`${server.url.replace(/^http/, "ws")}${new URL(url).pathname}`, url, TEST_ACCOUNT.authToken);
    if (!opened.ok) throw new Error(`stream refused: ${opened.status}`);
    const caller = opened.client;
    stream = caller;
    caller.start(callSid, parameters);
    caller.playTone(CALLER_HZ);
    await polled("each hears the other", async () => {
      const heard = await new FarEnd(ann.page).levels([CALLER_HZ]);
      return (heard.tones[CALLER_HZ] ?? 0) > HEARD && muLawToneLevel(caller.frames, ANN_HZ) > HEARD ? true : undefined;
    });

    // The softphone call's controls: Mute and Keypad, as on a media-plane call.
    const mute = callControls(ann.page).getByRole("button", { name: /^Mute/ });
    await expect.poll(() => mute.count(), { timeout: 10_000 }).toBe(1);
    await mute.click();
    await expect.poll(() => mute.getAttribute("aria-pressed")).toBe("true");
    await polled("Ann silent at the caller while muted", async () => (muLawToneLevel(caller.frames, ANN_HZ) < 0.006 ? true : undefined));
    await mute.click();
    await expect.poll(() => mute.getAttribute("aria-pressed")).toBe("false");
    await polled("Ann back at the caller", async () => (muLawToneLevel(caller.frames, ANN_HZ) > HEARD ? true : undefined));

    await callControls(ann.page).getByRole("button", { name: "Keypad" }).click();
    const keypad = room(ann.page).getByRole("group", { name: "Keypad" });
    expect(await keypad.getByRole("note").textContent()).toMatch(/Keys cannot reach this caller: their call comes through Twilio Media Streams/);
    expect(await keypad.getByRole("button").count()).toBe(0);
    await screenshot(ann.page, "twilio-stream-keypad");

    caller.stop(callSid);
    await twilio.post(`${path}/status`, callParams(callSid, { CallStatus: "completed", CallDuration: "20" }));
    await expect.poll(() => callControls(ann.page).count(), { timeout: 10_000 }).toBe(0);
  }, 90_000);
});
