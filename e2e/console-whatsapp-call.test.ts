import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { WHATSAPP, whatsappCase, whatsappPayload, whatsappPost, GRAPH_VERSION, graphMessagesPath } from "../runtime/channels/conformance/chat-cases";
import { ProviderStandIn } from "../runtime/channels/conformance/provider-stand-in";
import { mediaChromiumArgs } from "../runtime/media/test-support/chromium-call";
import { writeToneWav } from "../runtime/media/test-support/tone-wav";
import { startTestServer, type TestServer } from "../runtime/test-support/test-server";
import { ADMIN } from "./support/admin";
import { launchBrowser, screenshot } from "./support/browser";
import { openSeat, room, signIn, type SoftphoneSeat, voiceStatus } from "./support/softphone-seat";

/**
 * Seed 003's "agents can place outbound calls to contacts from the chat view", in a real browser:
 * Ann's console on a WhatsApp conversation, Meta's Graph API a local stand-in, its webhooks signed
 * as Meta signs them. The Call button says why it is off while the customer has not allowed calls,
 * asks them, turns on once they allow, and the call's progress and outcome are lines in the room.
 */

const Created = z.object({ id: z.string() });
const callsPath = `/${GRAPH_VERSION}/${WHATSAPP.phoneNumberId}/calls`;
const permissionsPath = `/${GRAPH_VERSION}/${WHATSAPP.phoneNumberId}/call_permissions`;
const user = `1555${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
const wacid = `wacid.${randomBytes(18).toString("base64url")}`;

let server: TestServer;
let standIn: ProviderStandIn;
let dir: string;
let browser: Browser;
let ann: SoftphoneSeat;
let channelId = "";
let conversationId = "";
let allowed = false;

const panel = (page: Page): Locator => room(page).getByRole("group", { name: "WhatsApp call" });
const callButton = (page: Page): Locator => panel(page).getByRole("button", { name: "Call", exact: true });
const lines = (page: Page): Locator => room(page).getByRole("list", { name: "Messages" });

function permissions() {
  return {
    status: 200,
    body: {
      messaging_product: "whatsapp",
      permission: allowed ? { status: "temporary", expiration_time: Math.floor(Date.now() / 1000) + 7 * 86400 } : { status: "no_permission" },
      actions: [
        { action_name: "send_call_permission_request", can_perform_action: !allowed, limits: [{ time_period: "PT24H", max_allowed: 1, current_usage: 0 }] },
        { action_name: "start_call", can_perform_action: allowed, limits: [{ time_period: "PT24H", max_allowed: 100, current_usage: 0 }] },
      ],
    },
  };
}

const post = async (payload: unknown) => {
  const signed = whatsappPost(channelId, payload);
  const response = await fetch(`${server.url}${signed.path}`, { method: "POST", headers: signed.headers, body: signed.body });
  expect(response.status).toBe(200);
};
const callsChange = (value: Record<string, unknown>) => ({
  object: "whatsapp_business_account",
  entry: [{ id: "1", changes: [{ field: "calls", value: { messaging_product: "whatsapp", metadata: { display_phone_number: "15550001234", phone_number_id: WHATSAPP.phoneNumberId }, ...value } }] }],
});

beforeAll(async () => {
  standIn = new ProviderStandIn();
  await standIn.listen();
  standIn.reply(permissionsPath, () => permissions());
  standIn.reply(callsPath, (request) => (JSON.parse(request.body).action === "connect" ? { status: 200, body: { messaging_product: "whatsapp", calls: [{ id: wacid }] } } : undefined));
  server = await startTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, WHATSAPP_GRAPH_BASE_URL: standIn.url });
  const created = await server.api("POST", "/api/users", { email: "ann@acme.test", name: "Ann Agent", role: "agent", password: "Ann Agent password" });
  expect(created.status, created.text).toBe(201);
  const agent = { id: Created.parse(created.body).id, name: "Ann Agent", email: "ann@acme.test", password: "Ann Agent password" };
  expect((await server.api("POST", "/api/teams/support/members", { userId: agent.id })).status).toBe(200);
  const chat = whatsappCase();
  const channel = await server.api("POST", "/api/channels", { type: chat.type, name: "Acme WhatsApp", flowId: "support-line", credentials: chat.credentials, settings: { calling: { enabled: true, flowId: "support-line" } } });
  expect(channel.status, channel.text).toBe(201);
  channelId = Created.parse(channel.body).id;
  // Ann has the customer's WhatsApp chat (as after accepting it).
  const opened = await server.store.rooms.conversations.openOutbound({ agentId: agent.id, agentName: agent.name, teamId: "support", channelType: "whatsapp_cloud", channelId, contact: user, subject: `WhatsApp chat with +${user}`, message: "Ann took the chat" });
  conversationId = opened.conversation.id;
  dir = mkdtempSync(join(tmpdir(), "switchboard-wa-call-"));
  browser = await launchBrowser(mediaChromiumArgs(writeToneWav(dir, 1000)));
  ann = await openSeat(browser, agent);
  ann.page.setDefaultTimeout(10_000);
}, 120_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  await standIn?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe("calling a WhatsApp customer from the chat view", () => {
  it("without permission: Call is off, the room says so and offers 'Ask to allow calls', which sends the request", async () => {
    await signIn(ann, server.url);
    await expect.poll(() => voiceStatus(ann.page).textContent(), { timeout: 15_000 }).toBe("Voice: connected");
    await ann.page.goto(`${server.url}/console/${conversationId}`);
    await expect.poll(() => panel(ann.page).textContent()).toContain("This customer has not allowed calls.");
    expect(await callButton(ann.page).getAttribute("aria-disabled")).toBe("true");
    // The reason is the button's description (a screen reader says it with the button).
    const described = await callButton(ann.page).getAttribute("aria-describedby");
    expect(await ann.page.locator(`[id="${described}"]`).textContent()).toBe("This customer has not allowed calls.");
    // Still focusable (aria-disabled): pressing it places nothing.
    await callButton(ann.page).focus();
    await ann.page.keyboard.press("Enter");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(standIn.to(callsPath)).toEqual([]);
    await screenshot(ann.page, "whatsapp-call-no-permission");

    await panel(ann.page).getByRole("button", { name: "Ask to allow calls" }).click();
    await expect.poll(() => lines(ann.page).textContent()).toContain("asked the customer to allow WhatsApp calls");
    const sent = standIn.to(graphMessagesPath).map((request) => JSON.parse(request.body));
    expect(sent).toMatchObject([{ to: user, type: "interactive", interactive: { type: "call_permission_request" } }]);
  });

  it("the customer allows calls: the line appears, Call turns on; the call shows Calling…, ringing and the outcome as lines", async () => {
    allowed = true;
    const expires = Math.floor(Date.now() / 1000) + 7 * 86400;
    await post(
      whatsappPayload(
        [{ from: user, id: `wamid.${randomBytes(12).toString("hex")}`, timestamp: String(Math.floor(Date.now() / 1000)), type: "interactive", interactive: { type: "call_permission_reply", call_permission_reply: { response: "accept", is_permanent: false, expiration_timestamp: expires, response_source: "user_action" } } }],
        { from: user },
      ),
    );
    await expect.poll(() => lines(ann.page).textContent()).toContain("The customer allowed calls for 7 days");
    await expect.poll(() => callButton(ann.page).getAttribute("aria-disabled")).toBe("false");
    expect(await panel(ann.page).textContent()).toContain("The customer allows calls until");

    await callButton(ann.page).click();
    await expect.poll(() => panel(ann.page).textContent()).toContain("Calling on WhatsApp…");
    const connect = standIn.to(callsPath).map((request) => JSON.parse(request.body)).find((body) => body.action === "connect");
    expect(connect).toMatchObject({ to: user, session: { sdp_type: "offer" } });
    await post(callsChange({ statuses: [{ id: wacid, type: "call", status: "RINGING", timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: user }] }));
    await expect.poll(() => lines(ann.page).textContent()).toContain(`Ringing +${user} on WhatsApp`);
    await screenshot(ann.page, "whatsapp-call-ringing");
    await post(callsChange({ statuses: [{ id: wacid, type: "call", status: "REJECTED", timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: user }] }));
    await expect.poll(() => lines(ann.page).textContent()).toContain(`+${user} declined the WhatsApp call`);
    await expect.poll(() => callButton(ann.page).count()).toBe(1);
    expect(ann.errors).toEqual([]);
  }, 60_000);
});
