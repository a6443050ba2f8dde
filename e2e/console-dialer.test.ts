import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { mediaChromiumArgs } from "../runtime/media/test-support/chromium-call";
import { writeToneWav } from "../runtime/media/test-support/tone-wav";
import { startTestServer, type TestServer } from "../runtime/test-support/test-server";
import { ADMIN } from "./support/admin";
import { launchBrowser, screenshot } from "./support/browser";
import { openSeat, signIn, type SoftphoneSeat, voiceStatus } from "./support/softphone-seat";

/**
 * The console's dialer (seeds 002 and 003) in a real browser: Ann, an agent of the support team,
 * with a softphone (Chromium's fake microphone). The SIP trunks are created through the admin API.
 */

const Created = z.object({ id: z.string() });

let server: TestServer;
let dir: string;
let browser: Browser;
let ann: SoftphoneSeat;
let acme = "";
let backup = "";

/** The header's Call button and the reason beside it when it is off. */
const callButton = (page: Page): Locator => page.locator(".console-header").getByRole("button", { name: "Call", exact: true });
const dialer = (page: Page): Locator => page.getByRole("dialog", { name: "Call a number" });
const numberField = (page: Page): Locator => dialer(page).getByLabel("Number", { exact: true });
/** What the dialer says under the number (its `aria-describedby`). */
async function numberNote(page: Page): Promise<string> {
  const id = await numberField(page).getAttribute("aria-describedby");
  return (await page.locator(`[id="${id}"]`).textContent()) ?? "";
}
const callsStored = (): number => z.object({ n: z.number() }).parse(server.store.database.sqlite.prepare("SELECT count(*) AS n FROM calls").get()).n;

async function createTrunk(name: string, domain: string): Promise<string> {
  const created = await server.api("POST", "/api/channels", { type: "sip_trunk", name, flowId: "support-line", settings: { domain, inboundAddresses: ["127.0.0.1"], transport: "udp" } });
  expect(created.status, created.text).toBe(201);
  return Created.parse(created.body).id;
}

beforeAll(async () => {
  server = await startTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  const created = await server.api("POST", "/api/users", { email: "ann@acme.test", name: "Ann Agent", role: "agent", password: "Ann Agent password" });
  expect(created.status, created.text).toBe(201);
  const agent = { id: Created.parse(created.body).id, name: "Ann Agent", email: "ann@acme.test", password: "Ann Agent password" };
  expect((await server.api("POST", "/api/teams/support/members", { userId: agent.id })).status).toBe(200);
  dir = mkdtempSync(join(tmpdir(), "switchboard-dialer-"));
  browser = await launchBrowser(mediaChromiumArgs(writeToneWav(dir, 1000, { pulse: { onMs: 400, offMs: 200 } })));
  ann = await openSeat(browser, agent);
  ann.page.setDefaultTimeout(10_000);
}, 120_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe("the console's dialer", () => {
  it("shows no Call button while there is no SIP trunk", async () => {
    await signIn(ann, server.url);
    await expect.poll(() => voiceStatus(ann.page).textContent(), { timeout: 15_000 }).toBe("Voice: connected");
    expect(await callButton(ann.page).count()).toBe(0);
  });

  it("with a SIP trunk: Call is off while the softphone is, saying why (also to a screen reader and on a press), and on once Voice is connected", async () => {
    acme = await createTrunk("Acme carrier", "sip.acme-carrier.example");
    // The trunks are read when the console starts (and after a reconnect).
    await ann.page.reload();
    await expect.poll(() => voiceStatus(ann.page).textContent(), { timeout: 15_000 }).toBe("Voice: connected");
    await expect.poll(() => callButton(ann.page).getAttribute("aria-disabled")).toBe("false");

    await ann.page.getByRole("radio", { name: "Away" }).click();
    await expect.poll(() => voiceStatus(ann.page).textContent()).toBe("Voice: off");
    const button = callButton(ann.page);
    await expect.poll(() => button.getAttribute("aria-disabled")).toBe("true");
    const reason = "Your softphone is off: set yourself Available to place calls.";
    expect(await ann.page.locator(`[id="${await button.getAttribute("aria-describedby")}"]`).textContent()).toBe(reason);
    expect(await ann.page.locator(".console-header").textContent()).toContain(reason);
    // Still focusable (aria-disabled, not disabled): pressing it says why.
    await button.focus();
    await ann.page.keyboard.press("Enter");
    await expect.poll(() => ann.page.getByRole("status").filter({ hasText: reason }).count()).toBe(1);
    expect(await dialer(ann.page).isVisible()).toBe(false);
    await screenshot(ann.page, "dialer-call-off");

    await ann.page.getByRole("radio", { name: "Available" }).click();
    await expect.poll(() => voiceStatus(ann.page).textContent(), { timeout: 15_000 }).toBe("Voice: connected");
    await expect.poll(() => button.getAttribute("aria-disabled")).toBe("false");
    expect(await button.getAttribute("aria-describedby")).toBeNull();
  });

  it("opens from the keyboard with the number focused, checks it as it is typed, takes keypad presses and typed keys, and refuses a bad number without calling", async () => {
    const page = ann.page;
    await callButton(page).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => dialer(page).isVisible()).toBe(true);
    expect(await numberField(page).evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await dialer(page).textContent()).toContain("Through Acme carrier"); // one trunk: no choice to make

    await page.keyboard.type("5550100123");
    await expect.poll(() => numberNote(page)).toBe("Start with + and the country code (e.g. +1 for the US, +44 for the UK), not the bare number");
    expect(await numberField(page).getAttribute("aria-invalid")).toBe("true");
    await numberField(page).fill("");

    // The keypad: clicks, then keys typed while a key has focus, Backspace deletes.
    const pad = dialer(page).getByRole("group", { name: "Keypad" });
    for (const key of ["+", "1", "5", "5", "5"]) await pad.getByRole("button", { name: key, exact: true }).click();
    expect(await numberField(page).inputValue()).toBe("+1555");
    await expect.poll(() => numberNote(page)).toBe("Too short: 4 digits, a number has 8 to 15");
    expect(await numberField(page).getAttribute("aria-invalid")).toBe("false"); // still being typed: a hint
    await pad.getByRole("button", { name: "5", exact: true }).focus();
    await page.keyboard.type("0109*");
    await expect.poll(() => numberField(page).inputValue()).toBe("+15550109*");
    await expect.poll(() => numberNote(page)).toBe("Only digits after the +: remove “*”");
    await page.keyboard.press("Backspace");
    expect(await numberField(page).inputValue()).toBe("+15550109");
    await expect.poll(() => numberNote(page)).toBe("Calls +15550109");
    await pad.getByRole("button", { name: "Delete the last digit" }).click();
    expect(await numberField(page).inputValue()).toBe("+1555010");

    // Call with a number that is too short: said as an error, the number focused again, nothing called.
    await dialer(page).getByRole("button", { name: "Call", exact: true }).click();
    await expect.poll(() => numberField(page).getAttribute("aria-invalid")).toBe("true");
    expect(await numberNote(page)).toBe("Too short: 7 digits, a number has 8 to 15");
    expect(await numberField(page).evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await dialer(page).isVisible()).toBe(true);
    expect(callsStored()).toBe(0);
    await screenshot(page, "dialer-bad-number");

    // Escape closes it; it opens empty again.
    await page.keyboard.press("Escape");
    await expect.poll(() => dialer(page).isVisible()).toBe(false);
    await callButton(page).click();
    expect(await numberField(page).inputValue()).toBe("");
    await page.keyboard.press("Escape");
  });

  it("offers the trunks when there are several and remembers the one chosen", async () => {
    backup = await createTrunk("Backup carrier", "sip.backup-carrier.example");
    await ann.page.reload();
    await expect.poll(() => callButton(ann.page).getAttribute("aria-disabled"), { timeout: 15_000 }).toBe("false");
    await callButton(ann.page).click();
    const trunk = dialer(ann.page).getByLabel("Call through", { exact: true });
    expect(await trunk.locator("option").allTextContents()).toEqual(["Acme carrier", "Backup carrier"]);
    expect(await trunk.inputValue()).toBe(acme);
    await trunk.selectOption(backup);
    await ann.page.keyboard.press("Escape");
    await ann.page.reload();
    await expect.poll(() => callButton(ann.page).getAttribute("aria-disabled"), { timeout: 15_000 }).toBe("false");
    await callButton(ann.page).click();
    expect(await dialer(ann.page).getByLabel("Call through", { exact: true }).inputValue()).toBe(backup);
    await screenshot(ann.page, "dialer-trunks");
    await ann.page.keyboard.press("Escape");

    // A disabled trunk is not offered; with none enabled, Call says so.
    for (const id of [acme, backup]) expect((await server.api("PUT", `/api/channels/${id}`, { enabled: false })).status).toBe(200);
    await ann.page.reload();
    await expect.poll(() => callButton(ann.page).getAttribute("aria-disabled"), { timeout: 15_000 }).toBe("true");
    expect(await ann.page.locator(".console-header").textContent()).toContain("Every SIP trunk is disabled: an admin can enable one under Settings → Channels.");
    for (const id of [acme, backup]) expect((await server.api("PUT", `/api/channels/${id}`, { enabled: true })).status).toBe(200);
  });

  it("lists Ann's calls under Calls: direction, number, when, the outcome in words; Call back opens the dialer with the number and the call's trunk", async () => {
    const { store } = server;
    const page = ann.page;
    // An inbound browser call Ann took, then two she placed: one busy, one answered for 65 s.
    const inbound = await store.calls.create({ channelId: null, channelType: "webvoice", direction: "inbound", from: "visitor_7f3a9c2b4d", to: null });
    await store.calls.answered(inbound.id, inbound.createdAt + 2_000);
    await store.calls.agentJoined(inbound.id, ann.agent.id, inbound.createdAt + 2_000);
    await store.calls.ended(inbound.id, { at: inbound.createdAt + 32_000, reason: "hangup", hungUpBy: "caller" });
    const placed = async (to: string, channelId: string) => {
      const { conversation } = await store.rooms.conversations.openOutbound({ agentId: ann.agent.id, agentName: "Ann Agent", teamId: "support", channelType: "sip_trunk", channelId, contact: to, subject: `Call to ${to}`, message: `Ann Agent called ${to}` });
      const call = await store.calls.create({ channelId, channelType: "sip_trunk", direction: "outbound", from: null, to });
      await store.calls.linkConversation(call.id, conversation.id);
      return { call, conversationId: conversation.id };
    };
    const busy = await placed("+442079460000", backup);
    await store.calls.ended(busy.call.id, { at: busy.call.createdAt + 4_000, reason: "busy", hungUpBy: "system" });
    await server.rooms.closeFromChannel(busy.conversationId, "busy", "Busy");
    const answered = await placed("+15550100123", acme);
    await store.calls.answered(answered.call.id, answered.call.createdAt + 6_000);
    await store.calls.ended(answered.call.id, { at: answered.call.createdAt + 71_000, reason: "hangup", hungUpBy: "agent" });
    await server.rooms.closeFromChannel(answered.conversationId, "completed", "+15550100123 hung up");

    await page.reload();
    await page.getByRole("tab", { name: "Calls" }).click();
    const rows = page.getByRole("list", { name: "Your calls" }).getByRole("listitem");
    await expect.poll(() => rows.count()).toBe(3);
    const texts = await rows.evaluateAll((items) => items.map((item) => item.textContent ?? ""));
    expect(texts[0]).toMatch(/^↗\+15550100123Outbound · .*Answered · 1 min 5 sCall back$/);
    expect(texts[1]).toMatch(/^↗\+442079460000Outbound · .*BusyCall back$/);
    expect(texts[2]).toMatch(/^↙Web caller visitoInbound · .*Answered · 30 s$/);
    expect(await rows.nth(2).getByRole("button").count()).toBe(0); // a web visitor cannot be called back
    expect(await rows.nth(0).getByRole("link", { name: "+15550100123" }).getAttribute("href")).toBe(`/console/${answered.conversationId}`);
    await screenshot(page, "dialer-call-history");

    // Call back: the number filled in, the call's own trunk chosen (not the remembered one).
    await rows.nth(0).getByRole("button", { name: "Call +15550100123 back" }).click();
    await expect.poll(() => dialer(page).isVisible()).toBe(true);
    expect(await numberField(page).inputValue()).toBe("+15550100123");
    expect(await numberNote(page)).toBe("Calls +15550100123");
    expect(await dialer(page).getByLabel("Call through", { exact: true }).inputValue()).toBe(acme);
    await page.keyboard.press("Escape");
    await page.getByRole("tab", { name: "Mine" }).click();
  });

  it("logged no console errors", () => {
    expect(ann.errors).toEqual([]);
  });
});
