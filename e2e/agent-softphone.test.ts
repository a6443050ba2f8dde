import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { voiceDeskFlow } from "../runtime/channels/webvoice/test-support/voice-desk-flow";
import { WebvoiceCaller } from "../runtime/channels/webvoice/test-support/webvoice-caller";
import { WebchatClient } from "../runtime/channels/webchat/test-support/webchat-client";
import { webchatSocketUrl } from "../runtime/channels/webchat/webchat-driver";
import { mediaChromiumArgs } from "../runtime/media/test-support/chromium-call";
import { writeToneWav } from "../runtime/media/test-support/tone-wav";
import { dtmfDigit } from "../runtime/media/dtmf/telephone-event";
import { until } from "../runtime/test-support/api-client";
import { exampleFlow } from "../runtime/test-support/example-flows";
import { startTestServer, type TestServer } from "../runtime/test-support/test-server";
import { ADMIN } from "./support/admin";
import { launchBrowser, screenshot } from "./support/browser";
import type { DeskAgent } from "./support/console-desk";
import { allowMicrophone, callControls, denyMicrophone, FarEnd, offerCards, openSeat, room, signIn, type SoftphoneSeat, voiceStatus } from "./support/softphone-seat";

/**
 * The agent softphone (issue 13) with real browsers and real audio. The caller is a werift peer
 * on a webvoice channel playing 440 Hz (the flow: press 1 for the support team); Ann's console runs
 * in a Chromium whose microphone plays 1,000 Hz, Bob's in another playing 700 Hz (the fake
 * microphone file is per browser process). Cid's Chromium has no fake permission prompt and the
 * microphone refused. The consoles open the microphone with voice processing on, as agents'
 * consoles do: the tones are pulsed (400 ms on, 200 ms off) so noise suppression keeps them.
 */

const SHOP = "http://shop.example.test:8080";
const PULSE = { onMs: 400, offMs: 200 };
const CALLER_HZ = 440;
const ANN_HZ = 1000;
const BOB_HZ = 700;
/** A tone "is heard" above this amplitude (the microphones play 0.125, the caller 0.25), "is not" below the quiet level. */
const HEARD = 0.02;
const QUIET = 0.006;
/** Errors a browser logs by itself while the network is off (the console reconnects). */
const OFFLINE_NOISE = /ERR_INTERNET_DISCONNECTED|WebSocket connection to .* failed/;

const Created = z.object({ id: z.string() });

let server: TestServer;
let dir: string;
let voiceChannel = "";
let chatChannel = "";
const browsers: Browser[] = [];
let ann: SoftphoneSeat;
let bob: SoftphoneSeat;
let cid: SoftphoneSeat;
let caller: WebvoiceCaller;
let chat: WebchatClient | undefined;
let conversationId = "";

async function createAgent(name: string): Promise<DeskAgent> {
  const email = `${name.toLowerCase().replaceAll(" ", ".")}@acme.test`;
  const password = `${name} password`;
  const created = await server.api("POST", "/api/users", { email, name, role: "agent", password });
  expect(created.status, created.text).toBe(201);
  const agent = { id: Created.parse(created.body).id, name, email, password };
  expect((await server.api("POST", "/api/teams/support/members", { userId: agent.id })).status).toBe(200);
  return agent;
}

async function browserWith(args: string[]): Promise<Browser> {
  const browser = await launchBrowser(args);
  browsers.push(browser);
  return browser;
}

const round = (value: number) => Math.round(value * 1000) / 1000;
/** What the caller (werift) hears: the level of each tone over the last 400 ms, and the energy. */
const callerHears = () => ({
  ann: round(caller.peer.toneLevel(ANN_HZ)),
  bob: round(caller.peer.toneLevel(BOB_HZ)),
  self: round(caller.peer.toneLevel(CALLER_HZ)),
  energy: round(caller.peer.receivedEnergy()),
});
/** What an agent's console plays. */
const pageHears = async (page: Page) => {
  const { tones, rms } = await new FarEnd(page).levels([CALLER_HZ, ANN_HZ, BOB_HZ]);
  return { caller: round(tones[CALLER_HZ] ?? 0), ann: round(tones[ANN_HZ] ?? 0), bob: round(tones[BOB_HZ] ?? 0), rms: round(rms) };
};

beforeAll(async () => {
  server = await startTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  for (const flow of [voiceDeskFlow("softphone-desk", { transferTimeoutSeconds: 300 }), { ...exampleFlow("chat-escalation"), id: "softphone-chat", name: "Softphone chat" }]) {
    expect((await server.api("POST", "/api/flows", flow)).status).toBe(201);
    expect((await server.api("POST", `/api/flows/${flow.id}/publish`, { note: "v1" })).status).toBe(201);
  }
  const voice = await server.api("POST", "/api/channels", { type: "webvoice", name: "Site voice", flowId: "softphone-desk", settings: { allowedOrigins: [SHOP] } });
  expect(voice.status, voice.text).toBe(201);
  voiceChannel = Created.parse(voice.body).id;
  const webchat = await server.api("POST", "/api/channels", { type: "webchat", name: "Site chat", flowId: "softphone-chat", settings: { allowedOrigins: [SHOP] } });
  expect(webchat.status, webchat.text).toBe(201);
  chatChannel = Created.parse(webchat.body).id;

  dir = mkdtempSync(join(tmpdir(), "switchboard-softphone-"));
  ann = await openSeat(await browserWith(mediaChromiumArgs(writeToneWav(dir, ANN_HZ, { pulse: PULSE }))), await createAgent("Ann Agent"));
  bob = await openSeat(await browserWith(mediaChromiumArgs(writeToneWav(dir, BOB_HZ, { pulse: PULSE }))), await createAgent("Bob Agent"));
  // No --use-fake-ui-for-media-stream: the permission is Chromium's own, and refused.
  cid = await openSeat(await browserWith(["--use-fake-device-for-media-stream", "--allow-loopback-in-peer-connection", "--autoplay-policy=no-user-gesture-required"]), await createAgent("Cid Agent"));
}, 120_000);

afterAll(async () => {
  await caller?.hangUp().catch(() => undefined);
  await chat?.close().catch(() => undefined);
  for (const browser of browsers) await browser.close().catch(() => undefined);
  await server?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe("the agent softphone, with a caller and three agents each in their own browser", () => {
  it("Ann and Bob sign in and their softphones connect; Cid's microphone is refused: the console says so and how to fix it", async () => {
    await signIn(ann, server.url);
    await signIn(bob, server.url);
    for (const seat of [ann, bob]) await expect.poll(() => voiceStatus(seat.page).textContent(), { timeout: 15_000 }).toBe("Voice: connected");

    await denyMicrophone(cid, new URL(server.url).origin);
    await signIn(cid, server.url);
    await expect.poll(() => voiceStatus(cid.page).textContent(), { timeout: 15_000 }).toBe("Voice: off (microphone blocked)");
    const notice = cid.page.getByRole("alert", { name: "Microphone" });
    expect(await notice.textContent()).toMatch(/Microphone blocked: you will not be offered calls.*Allow.*Try again.*Chats are still offered to you/);
    expect(await notice.getByRole("button", { name: "Try again" }).isVisible()).toBe(true);
    // Still available: chats come.
    expect(await cid.page.getByRole("radio", { name: "Available" }).getAttribute("aria-checked")).toBe("true");
    await screenshot(cid.page, "softphone-microphone-blocked");
  });

  it("a caller asks for an agent: Ann and Bob are offered the call (Voice badge), Cid is not, and Cid is offered a chat", async () => {
    caller = await WebvoiceCaller.dial(server, voiceChannel, SHOP, "visitor_softphone_0123456");
    caller.peer.play(CALLER_HZ);
    const conversation = await caller.askForAgent();
    conversationId = conversation.id;
    for (const seat of [ann, bob]) {
      await expect.poll(() => offerCards(seat.page).count(), { timeout: 10_000 }).toBe(1);
      expect(await offerCards(seat.page).locator(".channel-badge").first().textContent()).toBe("Voice");
    }
    // The caller waits with hold music.
    await until(async () => callerHears(), (heard) => heard.energy > 0.01 && heard.ann < QUIET, "hold music at the caller");

    chat = (await WebchatClient.join(webchatSocketUrl(server.url, chatChannel), SHOP)).client;
    await expect.poll(() => offerCards(cid.page).count(), { timeout: 15_000 }).toBe(1);
    expect(await offerCards(cid.page).locator(".channel-badge").first().textContent()).toBe("Web chat");
    // Routing is done (the chat's offer came after the call's): the call was never offered to Cid.
    await server.rooms.settled();
    const offered = z.array(z.object({ userId: z.string() })).parse(server.store.database.sqlite.prepare("SELECT user_id AS userId FROM conversation_offers WHERE conversation_id = ?").all(conversationId));
    expect(offered.map((offer) => offer.userId).sort()).toEqual([ann.agent.id, bob.agent.id].sort());
    await screenshot(ann.page, "softphone-voice-offer");
    // Cid takes the chat (Ann's and Bob's offers of it go away).
    await offerCards(cid.page).getByRole("button", { name: "Accept" }).click();
    for (const seat of [ann, bob]) await expect.poll(() => offerCards(seat.page).count()).toBe(1);
  });

  it("Ann accepts: at once the caller hears Ann's 1,000 Hz and Ann's console plays the caller's 440 Hz", async () => {
    const card = offerCards(ann.page);
    const acceptedAt = performance.now();
    await card.getByRole("button", { name: "Accept" }).click();
    let callerAt = 0;
    let agentAt = 0;
    await until(
      async () => {
        const now = performance.now() - acceptedAt;
        // A 60 ms window: Ann's tone pauses 200 ms in every 600, the onset is what counts.
        if (callerAt === 0 && caller.peer.toneLevel(ANN_HZ, 60) > HEARD) callerAt = now;
        if (agentAt === 0 && (await pageHears(ann.page)).caller > HEARD) agentAt = performance.now() - acceptedAt;
        return { callerAt, agentAt };
      },
      (times) => times.callerAt > 0 && times.agentAt > 0,
      "both directions after Accept",
    );
    // The target is one second: measured 0.15–0.65 s here (printed). The bound is looser, for a
    // loaded machine: on this 2-core box the accept request alone has taken 400 ms.
    console.log(`after Accept: the caller heard Ann ${Math.round(callerAt)} ms, Ann's console played the caller ${Math.round(agentAt)} ms`);
    expect(Math.max(callerAt, agentAt)).toBeLessThan(2_000);

    await ann.page.waitForURL(/\/console\/[^/]+$/);
    expect(await room(ann.page).locator(".room-facts .channel-badge").textContent()).toBe("Voice");
    await expect.poll(() => offerCards(bob.page).count()).toBe(0);
    const heard = await pageHears(ann.page);
    expect(heard.ann).toBeLessThan(QUIET); // Ann does not hear herself
    await screenshot(ann.page, "softphone-call");
  });

  it("hold: the caller hears hold music and Ann's console plays silence; resume: both tones again", async () => {
    const hold = callControls(ann.page).getByRole("button", { name: "Hold" });
    await hold.click();
    await expect.poll(() => callControls(ann.page).getByRole("button", { name: "Resume" }).getAttribute("aria-pressed")).toBe("true");
    await until(async () => callerHears(), (heard) => heard.energy > 0.01 && heard.ann < QUIET, "hold music, not Ann, at the caller");
    await until(() => pageHears(ann.page), (heard) => heard.caller < QUIET && heard.rms < 0.003, "silence in Ann's console");

    await callControls(ann.page).getByRole("button", { name: "Resume" }).click();
    await until(async () => callerHears(), (heard) => heard.ann > HEARD, "Ann at the caller after resume");
    await until(() => pageHears(ann.page), (heard) => heard.caller > HEARD, "the caller in Ann's console after resume");
  });

  it("mute: the caller stops hearing Ann, Ann still hears the caller, and the button says so; unmute brings Ann back", async () => {
    const mute = callControls(ann.page).getByRole("button", { name: /^Mute/ });
    expect(await mute.getAttribute("aria-pressed")).toBe("false");
    await mute.click();
    await expect.poll(() => mute.getAttribute("aria-pressed")).toBe("true");
    expect(await mute.textContent()).toBe("Muted");
    expect(await room(ann.page).getByRole("status").filter({ hasText: "You are muted" }).count()).toBe(1);
    await until(async () => callerHears(), (heard) => heard.ann < QUIET, "Ann silent at the caller while muted");
    expect((await pageHears(ann.page)).caller).toBeGreaterThan(HEARD);
    await screenshot(ann.page, "softphone-muted");

    await mute.click();
    await expect.poll(() => mute.getAttribute("aria-pressed")).toBe("false");
    expect(await mute.textContent()).toBe("Mute");
    await until(async () => callerHears(), (heard) => heard.ann > HEARD, "Ann back at the caller");
  });

  it("Ann's keypad: a key pressed in the console reaches the caller as an RFC 4733 event", async () => {
    const before = caller.peer.receivedEvents.length;
    await callControls(ann.page).getByRole("button", { name: "Keypad" }).click();
    const keypad = room(ann.page).getByRole("group", { name: "Keypad" });
    await keypad.getByRole("button", { name: "5", exact: true }).click();
    await keypad.getByRole("button", { name: "#", exact: true }).click();
    const ends = () => caller.peer.receivedEvents.slice(before).filter((event) => event.end);
    await until(async () => [...new Set(ends().map((event) => dtmfDigit(event.event)))].join(""), (digits) => digits === "5#", "the keys at the caller");
    expect(await keypad.getByLabel("Keys sent").textContent()).toBe("5#");
    await screenshot(ann.page, "softphone-keypad");
    await callControls(ann.page).getByRole("button", { name: "Keypad" }).click();
  });

  it("Ann adds Bob: a three-way call where each hears the two others and not themself", async () => {
    await callControls(ann.page).getByRole("button", { name: "Add agent" }).click();
    const dialog = ann.page.getByRole("dialog", { name: "Add an agent to the call" });
    await dialog.getByLabel("Agent").selectOption({ label: "Bob Agent — available" });
    await dialog.getByRole("button", { name: "Add to call" }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);

    await until(async () => callerHears(), (heard) => heard.ann > HEARD && heard.bob > HEARD && heard.self < QUIET, "Ann and Bob at the caller");
    await until(() => pageHears(ann.page), (heard) => heard.caller > HEARD && heard.bob > HEARD && heard.ann < QUIET, "the caller and Bob in Ann's console");
    await until(() => pageHears(bob.page), (heard) => heard.caller > HEARD && heard.ann > HEARD && heard.bob < QUIET, "the caller and Ann in Bob's console");
    // Bob's console learns he is on the call and links to it.
    const link = bob.page.getByRole("navigation", { name: "Your calls" }).getByRole("link");
    await expect.poll(() => link.count(), { timeout: 10_000 }).toBe(1);
    await link.click();
    await expect.poll(() => callControls(bob.page).getByRole("button", { name: /^Mute/ }).count()).toBe(1);
    expect(await callControls(bob.page).getByRole("button", { name: "Hang up" }).count()).toBe(0);
    await screenshot(bob.page, "softphone-three-way-bob");
  });

  it("Ann transfers the call to the team: the caller waits with hold music, both agents are out; Bob takes it and talks with the caller", async () => {
    await callControls(ann.page).getByRole("button", { name: "Transfer" }).click();
    const dialog = ann.page.getByRole("dialog", { name: "Transfer" });
    await dialog.getByLabel("Team").selectOption({ label: "Support" });
    await dialog.getByRole("button", { name: "Transfer" }).click();
    await until(async () => callerHears(), (heard) => heard.energy > 0.01 && heard.ann < QUIET && heard.bob < QUIET, "hold music, no agent, at the caller");
    // Bob's console drops the call from his calls; the call rings again for the team.
    await expect.poll(() => bob.page.getByRole("navigation", { name: "Your calls" }).count()).toBe(0);
    await expect.poll(() => offerCards(bob.page).count(), { timeout: 10_000 }).toBe(1);
    await offerCards(bob.page).getByRole("button", { name: "Accept" }).click();
    await until(async () => callerHears(), (heard) => heard.bob > HEARD && heard.ann < QUIET, "Bob, not Ann, at the caller");
    await until(() => pageHears(bob.page), (heard) => heard.caller > HEARD && heard.ann < QUIET, "the caller, not Ann, in Bob's console");
    await until(() => pageHears(ann.page), (heard) => heard.caller < QUIET, "nothing of the caller in Ann's console");
  });

  it("Bob hangs up: the caller's call ends and every softphone stays connected for the next call", async () => {
    await callControls(bob.page).getByRole("button", { name: "Hang up" }).click();
    const dialog = bob.page.getByRole("dialog", { name: "Hang up" });
    await dialog.getByRole("button", { name: "Hang up" }).click();
    await caller.client.next("ended", () => true, 30_000);
    for (const seat of [ann, bob]) expect(await voiceStatus(seat.page).textContent()).toBe("Voice: connected");
  });

  it("the softphone follows the agent: off while away, back when available; it reconnects on its own after the network drops", async () => {
    await ann.page.getByRole("radio", { name: "Away" }).click();
    await expect.poll(() => voiceStatus(ann.page).textContent()).toBe("Voice: off");
    await ann.page.getByRole("radio", { name: "Available" }).click();
    await expect.poll(() => voiceStatus(ann.page).textContent(), { timeout: 15_000 }).toBe("Voice: connected");

    await ann.context.setOffline(true);
    await expect.poll(() => voiceStatus(ann.page).textContent()).toBe("Voice: reconnecting…");
    await ann.context.setOffline(false);
    await expect.poll(() => voiceStatus(ann.page).textContent(), { timeout: 20_000 }).toBe("Voice: connected");
  });

  it("a second console window of Ann takes the softphone; the first says so, and takes it back when the second closes", async () => {
    const second = await ann.context.newPage();
    await second.goto(`${server.url}/console`);
    await expect.poll(() => voiceStatus(second).textContent(), { timeout: 15_000 }).toBe("Voice: connected");
    await expect.poll(() => voiceStatus(ann.page).textContent()).toBe("Voice: in another window");
    expect(await ann.page.getByRole("button", { name: "Use voice here" }).isVisible()).toBe(true);
    await second.close();
    await expect.poll(() => voiceStatus(ann.page).textContent(), { timeout: 45_000 }).toBe("Voice: connected");
  }, 60_000);

  it("Cid allows the microphone: his console notices, the notice goes and his softphone connects", async () => {
    await allowMicrophone(cid, new URL(server.url).origin);
    await expect.poll(() => voiceStatus(cid.page).textContent(), { timeout: 15_000 }).toBe("Voice: connected");
    expect(await cid.page.getByRole("alert", { name: "Microphone" }).count()).toBe(0);
  });

  it("no page errors", () => {
    expect(ann.errors.filter((error) => !OFFLINE_NOISE.test(error))).toEqual([]);
    expect(bob.errors).toEqual([]);
    expect(cid.errors.filter((error) => !/Permission denied|NotAllowedError/.test(error))).toEqual([]);
  });
});
