import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ProviderStandIn } from "../runtime/channels/conformance/provider-stand-in";
import { callParams, FakeTwilio, newCallSid, TEST_ACCOUNT } from "../runtime/channels/test-support/fake-twilio";
import { startTestServer, type TestServer } from "../runtime/test-support/test-server";
import { collectConsoleErrors, launchBrowser, screenshot } from "./support/browser";
import { ADMIN } from "./support/admin";

/** Where Twilio reaches the server; the channel's webhook URLs and signatures are built from it. */
const PUBLIC_URL = "http://switchboard.example.test";

const ChannelJson = z.object({
  id: z.string(),
  name: z.string(),
  flowId: z.string(),
  enabled: z.boolean(),
  status: z.string(),
  statusMessage: z.string().nullable(),
  credentials: z.record(z.string(), z.string()),
  settings: z.record(z.string(), z.unknown()),
  webhookUrls: z.record(z.string(), z.string()),
});
type ChannelJson = z.infer<typeof ChannelJson>;
const ErrorJson = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

let server: TestServer;
let browser: Browser;
let page: Page;
let consoleErrors: string[];
let twilio: FakeTwilio;
const provider = new ProviderStandIn();
let channelId = "";

async function storedChannels(): Promise<ChannelJson[]> {
  const listed = await server.api("GET", "/api/channels");
  expect(listed.status, listed.text).toBe(200);
  return z.array(ChannelJson).parse(listed.body);
}

async function storedChannel(id: string): Promise<ChannelJson> {
  const got = await server.api("GET", `/api/channels/${id}`);
  expect(got.status, got.text).toBe(200);
  return ChannelJson.parse(got.body);
}

/** What "Check" asks Twilio for: the account, with Basic auth. */
const TWILIO_ACCOUNT_PATH = `/2010-04-01/Accounts/${TEST_ACCOUNT.accountSid}.json`;

beforeAll(async () => {
  // Twilio's REST API, Meta's Graph API and Telegram's Bot API: one local stand-in.
  await provider.listen();
  server = await startTestServer({
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    PUBLIC_URL,
    TWILIO_API_BASE_URL: provider.url,
    WHATSAPP_GRAPH_BASE_URL: provider.url,
    TELEGRAM_API_BASE_URL: provider.url,
  });
  twilio = new FakeTwilio(server, PUBLIC_URL);
  // A flow that was never published, to see the wizard's warning.
  const draft = await server.api("POST", "/api/flows", { schemaVersion: 1, id: "draft-line", name: "Draft line", entry: "bye", nodes: [{ id: "bye", type: "hangup", position: { x: 0, y: 0 }, data: {} }], edges: [] });
  expect(draft.status, draft.text).toBe(201);
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, permissions: ["clipboard-read", "clipboard-write"] });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  consoleErrors = collectConsoleErrors(page);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await provider.close();
});

const field = (name: string) => page.locator(".channel-field", { has: page.getByLabel(name, { exact: true }) });
/** How the form shows an API message under its field: as a sentence. */
const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

describe("the channels screen in a real browser", () => {
  it("signs in and finds no channels yet under Settings → Channels", async () => {
    await page.goto(`${server.url}/settings/channels`);
    await page.waitForURL(/\/login/);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/settings\/channels$/);
    const subnav = page.getByRole("navigation", { name: "Settings" });
    expect(await subnav.getByRole("link", { name: "Channels" }).getAttribute("aria-current")).toBe("page");
    await expect.poll(() => page.getByRole("heading", { name: "No channels yet" }).count()).toBe(1);
  });

  it("adds a Twilio voice channel step by step; a bad Account SID is named next to its field", async () => {
    await page.getByRole("button", { name: "Add channel" }).first().click();
    await page.waitForURL(/\/settings\/channels\/new$/);
    for (const provider of ["Twilio voice", "Twilio SMS / WhatsApp", "WhatsApp Cloud API", "Telegram", "Web chat"]) expect(await page.getByRole("button", { name: provider, exact: true }).count()).toBe(1);
    await screenshot(page, "channels-wizard-provider");
    await page.getByRole("button", { name: "Twilio voice", exact: true }).click();

    const credentials = page.getByRole("form", { name: "Credentials" });
    await expect.poll(() => credentials.count()).toBe(1);
    expect(await field("Account SID").textContent()).toContain("Twilio Console → Account Info");
    await page.getByLabel("Name", { exact: true }).fill("Main line");
    await page.getByLabel("Account SID", { exact: true }).fill("XX0123456789abcdef0123456789abcdef");
    await page.getByLabel("Auth Token", { exact: true }).fill(TEST_ACCOUNT.authToken);
    await page.getByLabel("Phone number (optional)", { exact: true }).fill("+15550001000");
    await page.getByRole("button", { name: "Next: the flow" }).click();

    // The same words the API answers for the same value (the runtime's ChannelConfig is the one schema).
    const refused = await server.api("POST", "/api/channels", {
      type: "twilio_voice",
      name: "x",
      flowId: "support-line",
      credentials: { accountSid: "XX0123456789abcdef0123456789abcdef", authToken: TEST_ACCOUNT.authToken },
    });
    expect(refused.status).toBe(400);
    const serverMessage = ErrorJson.parse(refused.body).error.message;
    expect(serverMessage).toMatch(/^body\.credentials\.accountSid: /);
    await expect.poll(() => field("Account SID").locator(".channel-field-error").textContent()).toBe(sentence(serverMessage.replace(/^body\.credentials\.accountSid: /, "")));
    expect(await page.getByLabel("Account SID", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    expect(await field("Auth Token").locator(".channel-field-error").count()).toBe(0);
    await screenshot(page, "channels-wizard-credentials-error");

    await page.getByLabel("Account SID", { exact: true }).fill(TEST_ACCOUNT.accountSid);
    expect(await field("Account SID").locator(".channel-field-error").count()).toBe(0);
    await page.getByRole("button", { name: "Next: the flow" }).click();

    const flowStep = page.getByRole("form", { name: "The flow it runs" });
    await expect.poll(() => flowStep.getByLabel("Flow").locator("option").count()).toBeGreaterThan(2);
    await flowStep.getByLabel("Flow").selectOption("draft-line");
    await expect.poll(() => flowStep.getByRole("note").textContent()).toContain("“Draft line” has never been published");
    await screenshot(page, "channels-wizard-flow-unpublished");
    await flowStep.getByLabel("Flow").selectOption("support-line");
    expect(await flowStep.getByRole("note").count()).toBe(0);
    await flowStep.getByRole("button", { name: "Create channel" }).click();

    const connect = page.getByRole("region", { name: "Connect", exact: true });
    await expect.poll(() => connect.count()).toBe(1);
    const [stored] = await storedChannels();
    if (stored === undefined) throw new Error("no channel was stored");
    channelId = stored.id;
    expect(stored).toMatchObject({ name: "Main line", flowId: "support-line", enabled: true, status: "setup" });
    expect(stored.credentials).toEqual({ accountSid: TEST_ACCOUNT.accountSid, authToken: "••••••4321" });
    const voiceUrl = `${PUBLIC_URL}/webhooks/twilio/voice/${channelId}`;
    expect(await connect.getByLabel("A call comes in", { exact: true }).inputValue()).toBe(voiceUrl);
    expect(await connect.getByLabel("Call status changes", { exact: true }).inputValue()).toBe(`${voiceUrl}/status`);
    expect(await connect.textContent()).toContain("Voice Configuration");
    expect(await connect.locator(".badge").first().textContent()).toBe("Setup");

    await connect.getByRole("button", { name: "Copy A call comes in" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Copied “A call comes in” to the clipboard");
    expect(await page.evaluate("navigator.clipboard.readText()")).toBe(voiceUrl);

    // Check: the runtime asks Twilio's API (the stand-in) for the account with the stored credentials.
    expect(provider.to(TWILIO_ACCOUNT_PATH)).toHaveLength(0);
    await connect.getByRole("button", { name: "Check" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Checked “Main line”: the provider accepts its credentials");
    const asked = provider.to(TWILIO_ACCOUNT_PATH);
    expect(asked.map((request) => request.method)).toEqual(["GET"]);
    expect(asked[0]?.headers.authorization).toBe(`Basic ${Buffer.from(`${TEST_ACCOUNT.accountSid}:${TEST_ACCOUNT.authToken}`).toString("base64")}`);
    await expect.poll(() => connect.locator(".badge").first().textContent()).toBe("Active");
    expect(await storedChannel(channelId)).toMatchObject({ status: "active", statusMessage: "Twilio account Acme test account is active" });
    await screenshot(page, "channels-wizard-connect");

    await connect.getByRole("button", { name: "Done" }).click();
    await page.waitForURL(/\/settings\/channels$/);
    const row = page.getByRole("row", { name: /Main line/ });
    await expect.poll(() => row.textContent()).toMatch(/Main line.*\+15550001000.*Twilio voice.*Acme support line.*Active/);
    expect(await row.getByRole("switch", { name: "Enabled: Main line" }).isChecked()).toBe(true);
    await screenshot(page, "channels-list");
  });

  it("edits the channel: the secret stays masked and stored, Twilio's signatures still verify", async () => {
    await page.getByRole("row", { name: /Main line/ }).getByRole("link", { name: "Main line" }).click();
    await page.waitForURL(new RegExp(`/settings/channels/${channelId}$`));
    const settings = page.getByRole("form", { name: "Settings" });
    await expect.poll(() => settings.count()).toBe(1);
    const token = settings.getByLabel("Auth Token", { exact: true });
    expect(await token.inputValue()).toBe("••••••4321");
    expect(await token.getAttribute("readonly")).not.toBeNull();
    expect(await page.content()).not.toContain(TEST_ACCOUNT.authToken);

    await settings.getByLabel("Name", { exact: true }).fill("Main line (sales)");
    await settings.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Saved “Main line (sales)”");
    const saved = await storedChannel(channelId);
    expect(saved).toMatchObject({ name: "Main line (sales)", credentials: { accountSid: TEST_ACCOUNT.accountSid, authToken: "••••••4321" } });

    // The stored token is still the original: a call signed with it is answered, one signed with another is refused.
    const incoming = `/webhooks/twilio/voice/${channelId}`;
    const forged = await twilio.post(incoming, callParams(newCallSid(), { CallStatus: "ringing" }), { signature: "bm90IGEgc2lnbmF0dXJl" });
    expect(forged.status).toBe(403);
    const call = await twilio.post(incoming, callParams(newCallSid(), { CallStatus: "ringing" }));
    expect(call.status, call.text).toBe(200);
    expect(call.text).toContain("<Response>");
    expect((await storedChannel(channelId)).status).toBe("active");
    // And Twilio's API is still called with it.
    await page.getByRole("region", { name: "Status" }).getByRole("button", { name: "Check" }).click();
    await expect.poll(() => provider.to(TWILIO_ACCOUNT_PATH).length).toBe(2);
    expect(provider.to(TWILIO_ACCOUNT_PATH)[1]?.headers.authorization).toBe(`Basic ${Buffer.from(`${TEST_ACCOUNT.accountSid}:${TEST_ACCOUNT.authToken}`).toString("base64")}`);

    await page.reload();
    await expect.poll(() => page.getByRole("region", { name: "Status" }).locator(".badge").textContent()).toBe("Active");
    await screenshot(page, "channels-detail");
  });

  it("replacing a secret is explicit, and a server error is shown next to its field", async () => {
    const settings = page.getByRole("form", { name: "Settings" });
    await settings.getByRole("button", { name: "Replace" }).click();
    const token = settings.getByLabel("Auth Token", { exact: true });
    expect(await token.inputValue()).toBe("");
    await token.fill("too short");
    await settings.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => field("Auth Token").locator(".channel-field-error").textContent()).toBe("The auth token is at least 16 characters");
    await settings.getByRole("button", { name: "Keep stored" }).click();
    expect(await token.inputValue()).toBe("••••••4321");
    expect(await field("Auth Token").locator(".channel-field-error").count()).toBe(0);

    // A flow deleted while the page was open: only the server can tell, and it names body.flowId.
    const doomed = await server.api("POST", "/api/flows", { schemaVersion: 1, id: "doomed-line", name: "Doomed line", entry: "bye", nodes: [{ id: "bye", type: "hangup", position: { x: 0, y: 0 }, data: {} }], edges: [] });
    expect(doomed.status, doomed.text).toBe(201);
    await page.reload();
    await expect.poll(() => settings.getByLabel("Flow").locator("option", { hasText: "Doomed line" }).count()).toBe(1);
    expect((await server.api("DELETE", "/api/flows/doomed-line")).status).toBe(204);
    await settings.getByLabel("Flow").selectOption("doomed-line");
    await settings.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => field("Flow").locator(".channel-field-error").textContent()).toBe("Flow doomed-line does not exist");
    expect(await settings.getByLabel("Flow").getAttribute("aria-invalid")).toBe("true");
    await screenshot(page, "channels-detail-server-error");
    await settings.getByLabel("Flow").selectOption("support-line");
    expect(await field("Flow").locator(".channel-field-error").count()).toBe(0);
    expect((await storedChannel(channelId)).flowId).toBe("support-line");
  });

  it("shows the provider's refusal when Check fails, and passes again once Twilio accepts", async () => {
    provider.reply(TWILIO_ACCOUNT_PATH, { status: 401, body: { code: 20003, message: "Authenticate", more_info: "https://www.twilio.com/docs/errors/20003", status: 401 } });
    const status = page.getByRole("region", { name: "Status" });
    const refusal = "Twilio refused the Account SID / Auth Token (HTTP 401): copy both again from the Twilio console";
    await status.getByRole("button", { name: "Check" }).click();
    await expect.poll(() => status.getByRole("alert").textContent()).toBe(refusal);
    expect(await status.locator(".badge").textContent()).toBe("Error");
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Check failed" }).textContent()).toContain(`Check failed: ${refusal}`);
    expect(await storedChannel(channelId)).toMatchObject({ status: "error", statusMessage: refusal });
    expect(await page.content()).not.toContain(TEST_ACCOUNT.authToken);
    await screenshot(page, "channels-detail-check-refused");

    provider.restore(TWILIO_ACCOUNT_PATH);
    await status.getByRole("button", { name: "Check" }).click();
    await expect.poll(() => status.locator(".badge").textContent()).toBe("Active");
    expect(await status.textContent()).toContain("Twilio account Acme test account is active");
    expect(await status.getByRole("alert").count()).toBe(0);
  });

  it("disabling makes the channel inactive", async () => {
    await page.getByRole("switch", { name: "Enabled" }).click();
    await expect.poll(() => page.getByRole("region", { name: "Status" }).locator(".badge").textContent()).toBe("Inactive");
    expect(await storedChannel(channelId)).toMatchObject({ enabled: false, status: "inactive" });
    await page.getByRole("link", { name: "← Channels" }).click();
    await page.waitForURL(/\/settings\/channels$/);
    const row = page.getByRole("row", { name: /Main line \(sales\)/ });
    await expect.poll(() => row.textContent()).toContain("Inactive");
    expect(await row.getByRole("switch").isChecked()).toBe(false);
    await screenshot(page, "channels-list-inactive");
  });

  it("deletes the channel after asking", async () => {
    await page.getByRole("row", { name: /Main line \(sales\)/ }).getByRole("link", { name: "Edit" }).click();
    await page.waitForURL(new RegExp(`/settings/channels/${channelId}$`));
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const confirm = page.getByRole("dialog", { name: "Delete channel" });
    expect(await confirm.textContent()).toContain("Main line (sales)");
    await screenshot(page, "channels-delete-confirm");
    await confirm.getByRole("button", { name: "Delete" }).click();
    await page.waitForURL(/\/settings\/channels$/);
    await expect.poll(() => page.getByRole("heading", { name: "No channels yet" }).count()).toBe(1);
    expect((await server.api("GET", `/api/channels/${channelId}`)).status).toBe(404);
  });

  it("adds a web chat that waits for the first message: a wrong origin is named, then the embed snippet is copied", async () => {
    await page.goto(`${server.url}/settings/channels/new`);
    await page.getByRole("button", { name: "Web chat", exact: true }).click();
    // When the flow starts: each choice says what it does; the chat opening is the default.
    const opens = page.getByRole("radio", { name: "When the chat opens" });
    const firstMessage = page.getByRole("radio", { name: "On the visitor's first message" });
    expect(await page.getByRole("group", { name: "When the flow starts" }).count()).toBe(1);
    expect(await opens.isChecked()).toBe(true);
    expect(await opens.getAttribute("aria-describedby").then((id) => page.locator(`[id="${id}"]`).textContent())).toBe("Start the flow when the visitor opens the chat");
    expect(await firstMessage.getAttribute("aria-describedby").then((id) => page.locator(`[id="${id}"]`).textContent())).toBe("Wait for the visitor's first message (it becomes {{vars.last_message}})");
    await firstMessage.check();
    expect(await opens.isChecked()).toBe(false);
    await screenshot(page, "channels-wizard-webchat-start-on");
    await page.getByLabel("Allowed origins", { exact: true }).fill("https://www.acme.example\nhttps://shop.acme.example/cart");
    await page.getByRole("button", { name: "Next: the flow" }).click();
    await expect.poll(() => field("Allowed origins").locator(".channel-field-error").textContent()).toMatch(/^“https:\/\/shop\.acme\.example\/cart” is not an origin such as/);
    await screenshot(page, "channels-wizard-webchat-origin-error");
    await page.getByLabel("Allowed origins", { exact: true }).fill("https://www.acme.example\nhttps://shop.acme.example");
    await page.getByRole("button", { name: "Next: the flow" }).click();
    await page.getByRole("combobox", { name: "Flow" }).selectOption("appointment-confirmation");
    await page.getByRole("button", { name: "Create channel" }).click();

    const connect = page.getByRole("region", { name: "Connect", exact: true });
    await expect.poll(() => connect.count()).toBe(1);
    const chat = (await storedChannels()).find((channel) => channel.name === "Website chat");
    if (chat === undefined) throw new Error("the web chat channel was not stored");
    expect((await storedChannel(chat.id)).settings).toEqual({ allowedOrigins: ["https://www.acme.example", "https://shop.acme.example"], startOn: "first_message" });
    const snippet = await connect.getByLabel("Embed snippet", { exact: true }).inputValue();
    // The base is PUBLIC_URL, read off the channel's URLs (the web chat driver gives the widget's and the socket's).
    expect(chat.webhookUrls.widget).toBe(`${PUBLIC_URL}/widget.js`);
    expect(snippet).toBe(`<script src="${PUBLIC_URL}/widget.js" data-channel="${chat.id}"></script>`);
    await connect.getByRole("button", { name: "Copy Embed snippet" }).click();
    await expect.poll(() => page.evaluate("navigator.clipboard.readText()")).toBe(snippet);
    await screenshot(page, "channels-wizard-webchat-connect");

    await connect.getByRole("button", { name: "Open the channel" }).click();
    await page.waitForURL(new RegExp(`/settings/channels/${chat.id}$`));
    const settings = page.getByRole("form", { name: "Settings" });
    await expect.poll(() => settings.getByLabel("Allowed origins", { exact: true }).inputValue().catch(() => "")).toBe("https://www.acme.example\nhttps://shop.acme.example");
    expect(await settings.getByRole("radio", { name: "On the visitor's first message" }).isChecked()).toBe(true);
    // Kept across a reload (read back from the server), and changed through Save (PUT /api/channels/:id).
    await page.reload();
    await expect.poll(() => settings.getByRole("radio", { name: "On the visitor's first message" }).isChecked().catch(() => false)).toBe(true);
    expect(await settings.getByRole("radio", { name: "When the chat opens" }).isChecked()).toBe(false);
    await settings.getByRole("radio", { name: "When the chat opens" }).check();
    await settings.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Saved “Website chat”");
    expect((await storedChannel(chat.id)).settings.startOn).toBe("open");
    await settings.getByRole("radio", { name: "On the visitor's first message" }).check();
    await settings.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(async () => (await storedChannel(chat.id)).settings.startOn).toBe("first_message");
    await page.reload();
    await expect.poll(() => settings.getByRole("radio", { name: "On the visitor's first message" }).isChecked().catch(() => false)).toBe(true);
    await screenshot(page, "channels-detail-webchat-start-on");
    expect(await page.getByRole("region", { name: "Connection" }).getByLabel("Embed snippet", { exact: true }).inputValue()).toBe(snippet);
    // Web chat has no provider to call: Check only looks at the allowed origins.
    const status = page.getByRole("region", { name: "Status" });
    await status.getByRole("button", { name: "Check" }).click();
    await expect.poll(() => status.locator(".badge").textContent()).toBe("Active");
    expect(await status.textContent()).toContain("No provider to call: embed the widget on a page of https://www.acme.example, https://shop.acme.example.");
    await screenshot(page, "channels-detail-webchat");
  });

  it("adds a Telegram bot with a generated secret token and registers its webhook", async () => {
    await page.goto(`${server.url}/settings/channels/new`);
    await page.getByRole("button", { name: "Telegram", exact: true }).click();
    expect(await field("Bot token").textContent()).toContain("@BotFather");
    const botToken = `123456789:${"AAE-x_".repeat(6)}`;
    await page.getByLabel("Bot token", { exact: true }).fill(botToken);
    await field("Secret token").getByRole("button", { name: "Generate" }).click();
    const secretToken = await page.getByLabel("Secret token", { exact: true }).inputValue();
    expect(secretToken).toMatch(/^[A-Za-z0-9_-]{16,256}$/);
    await page.getByRole("button", { name: "Next: the flow" }).click();
    await page.getByRole("combobox", { name: "Flow" }).selectOption("chat-escalation");
    await page.getByRole("button", { name: "Create channel" }).click();

    const connect = page.getByRole("region", { name: "Connect", exact: true });
    await expect.poll(() => connect.count()).toBe(1);
    const bot = (await storedChannels()).find((channel) => channel.name === "Telegram bot");
    if (bot === undefined) throw new Error("the Telegram channel was not stored");
    expect(bot.credentials.secretToken).toBe(`••••••${secretToken.slice(-4)}`);
    const webhook = `${PUBLIC_URL}/webhooks/telegram/${bot.id}`;
    expect(bot.webhookUrls.webhook).toBe(webhook);

    // Before registering, Check says the bot works but its webhook is not set.
    await connect.getByRole("button", { name: "Check" }).click();
    await expect.poll(() => connect.getByRole("alert").textContent()).toBe(`@acme_test_bot works, but its webhook is not set, not ${webhook}: use "Register webhook" (POST /api/channels/{id}/set-webhook)`);
    expect(await connect.locator(".badge").first().textContent()).toBe("Error");

    await connect.getByRole("button", { name: "Register webhook" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Registered the webhook" }).textContent()).toContain("Registered the webhook with Telegram");
    const registered = provider.to(`/bot${botToken}/setWebhook`);
    expect(registered).toHaveLength(1);
    expect(registered[0]?.method).toBe("POST");
    expect(JSON.parse(registered[0]?.body ?? "")).toEqual({ url: webhook, secret_token: secretToken, allowed_updates: ["message", "callback_query"] });
    expect((await storedChannel(bot.id)).statusMessage).toMatch(/registered/i);

    // Now Telegram reports the channel's URL: Check passes.
    await connect.getByRole("button", { name: "Check" }).click();
    await expect.poll(() => connect.locator(".badge").first().textContent()).toBe("Active");
    expect(await connect.getByRole("alert").count()).toBe(0);
    expect(provider.to(`/bot${botToken}/getWebhookInfo`).length).toBeGreaterThanOrEqual(2);
    await screenshot(page, "channels-wizard-telegram-connect");
  });

  it("adds a WhatsApp Cloud number: the verify token chosen is shown to paste beside the callback URL", async () => {
    await page.goto(`${server.url}/settings/channels/new`);
    await page.getByRole("button", { name: "WhatsApp Cloud API", exact: true }).click();
    await page.getByLabel("Phone number ID", { exact: true }).fill("106540352242922");
    await page.getByLabel("Access token", { exact: true }).fill(`EAAG${"x".repeat(40)}`);
    await page.getByLabel("App secret", { exact: true }).fill("0123456789abcdef0123456789abcdef");
    await field("Verify token").getByRole("button", { name: "Generate" }).click();
    const verifyToken = await page.getByLabel("Verify token", { exact: true }).inputValue();
    expect(verifyToken.length).toBeGreaterThanOrEqual(16);
    await screenshot(page, "channels-wizard-whatsapp-credentials");
    await page.getByRole("button", { name: "Next: the flow" }).click();
    await page.getByRole("combobox", { name: "Flow" }).selectOption("chat-escalation");
    await page.getByRole("button", { name: "Create channel" }).click();

    const connect = page.getByRole("region", { name: "Connect", exact: true });
    await expect.poll(() => connect.count()).toBe(1);
    expect(await connect.getByLabel("Verify token", { exact: true }).inputValue()).toBe(verifyToken);
    expect(await connect.textContent()).toContain("WhatsApp → Configuration");
    const number = (await storedChannels()).find((channel) => channel.name === "WhatsApp");
    expect(number?.credentials).toEqual({ phoneNumberId: "106540352242922", accessToken: `••••••${"x".repeat(4)}`, appSecret: "••••••cdef", verifyToken: `••••••${verifyToken.slice(-4)}` });
    // Check: the Graph API (the stand-in) is asked for the number with the access token as a bearer.
    await connect.getByRole("button", { name: "Check" }).click();
    await expect.poll(() => connect.locator(".badge").first().textContent()).toBe("Active");
    expect(await connect.textContent()).toContain("WhatsApp number +1 555-000-1234 (Acme Dental) is reachable with this access token");
    const lookedUp = provider.to(/^\/v[0-9.]+\/106540352242922$/);
    expect(lookedUp.map((request) => request.method)).toEqual(["GET"]);
    expect(lookedUp[0]?.headers.authorization).toBe(`Bearer EAAG${"x".repeat(40)}`);
    await screenshot(page, "channels-wizard-whatsapp-connect");

    await connect.getByRole("button", { name: "Done" }).click();
    await page.waitForURL(/\/settings\/channels$/);
    await expect.poll(() => page.getByRole("table", { name: "Channels" }).locator("tbody tr").count()).toBe(3);
    await screenshot(page, "channels-list-providers");
  });

  it("turns WhatsApp calling on with a flow for calls (a missing or deleted flow named under the field), reads it back, and turns it off", async () => {
    const number = (await storedChannels()).find((channel) => channel.name === "WhatsApp");
    if (number === undefined) throw new Error("the WhatsApp channel of the previous step is missing");
    expect(number.settings.calling).toBeUndefined();
    const doomed = await server.api("POST", "/api/flows", { schemaVersion: 1, id: "doomed-calls", name: "Doomed calls", entry: "bye", nodes: [{ id: "bye", type: "hangup", position: { x: 0, y: 0 }, data: {} }], edges: [] });
    expect(doomed.status, doomed.text).toBe(201);
    const published = await server.api("POST", "/api/flows/doomed-calls/publish", {});
    expect(published.status, published.text).toBe(201);
    await page.goto(`${server.url}/settings/channels/${number.id}`);
    const settings = page.getByRole("form", { name: "Settings" });
    const takeCalls = settings.getByRole("checkbox", { name: "Take WhatsApp calls" });
    await expect.poll(() => takeCalls.count()).toBe(1);
    expect(await takeCalls.isChecked()).toBe(false);
    expect(await settings.getByLabel("Flow for calls", { exact: true }).count()).toBe(0);
    const connect = page.getByRole("region", { name: "Connect the provider" });
    const callsField = connect.locator(".connect-steps code", { hasText: /^calls$/ });
    expect(await connect.locator(".connect-steps").textContent()).toContain("subscribe to messages.");
    expect(await callsField.count()).toBe(0);

    await takeCalls.check();
    const callFlow = settings.getByLabel("Flow for calls", { exact: true });
    await expect.poll(() => callFlow.locator("option", { hasText: "Acme support line" }).count()).toBe(1);
    // Published flows only: the never-published draft is not offered.
    expect(await callFlow.locator("option", { hasText: "Draft line" }).count()).toBe(0);
    // Ticked without a flow: refused under the select, nothing saved.
    await settings.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => field("Flow for calls").locator(".channel-field-error").textContent()).toBe("Name the voice flow that answers calls");
    expect((await storedChannel(number.id)).settings.calling).toBeUndefined();
    // A flow deleted while the page was open: the API's 400 (body.settings.calling.flowId) sits under the select.
    await callFlow.selectOption("doomed-calls");
    expect(await field("Flow for calls").locator(".channel-field-error").count()).toBe(0);
    expect((await server.api("DELETE", "/api/flows/doomed-calls")).status).toBe(204);
    await settings.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => field("Flow for calls").locator(".channel-field-error").textContent()).toBe("Flow doomed-calls does not exist");
    expect(await callFlow.getAttribute("aria-invalid")).toBe("true");
    expect((await storedChannel(number.id)).settings.calling).toBeUndefined();

    await callFlow.selectOption("support-line");
    await settings.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(async () => (await storedChannel(number.id)).settings.calling).toEqual({ enabled: true, flowId: "support-line" });
    expect((await storedChannel(number.id)).flowId).toBe("chat-escalation");
    // The connect step now asks for the calls webhook field.
    await expect.poll(() => callsField.count()).toBe(1);
    expect(await connect.locator(".connect-steps").textContent()).toContain("subscribe to messages and to calls");
    await screenshot(page, "channels-detail-whatsapp-calling");

    await page.reload();
    await expect.poll(() => takeCalls.isChecked().catch(() => false)).toBe(true);
    expect(await callFlow.inputValue()).toBe("support-line");

    await takeCalls.uncheck();
    expect(await callFlow.count()).toBe(0);
    await settings.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(async () => (await storedChannel(number.id)).settings.calling).toBeUndefined();
    await expect.poll(() => callsField.count()).toBe(0);
    await page.reload();
    await expect.poll(() => takeCalls.count()).toBe(1);
    expect(await takeCalls.isChecked()).toBe(false);
  });

  it("adds a Browser voice channel: its allowed origins are checked, its embed snippet names it with data-voice-channel", async () => {
    await page.goto(`${server.url}/settings/channels/new`);
    const card = page.getByRole("button", { name: "Browser voice", exact: true });
    expect(await page.locator(`[id="${await card.getAttribute("aria-describedby")}"]`).textContent()).toContain("websites that will embed the call button");
    await card.click();
    await page.getByRole("button", { name: "Next: the flow" }).click();
    await expect.poll(() => field("Allowed origins").locator(".channel-field-error").textContent()).toBe(sentence("list at least one origin allowed to embed the voice widget"));
    await page.getByLabel("Allowed origins", { exact: true }).fill("https://www.acme.example");
    await page.getByRole("button", { name: "Next: the flow" }).click();
    await page.getByRole("combobox", { name: "Flow" }).selectOption("support-line");
    await page.getByRole("button", { name: "Create channel" }).click();

    const connect = page.getByRole("region", { name: "Connect", exact: true });
    await expect.poll(() => connect.count()).toBe(1);
    const voice = (await storedChannels()).find((channel) => channel.name === "Website voice");
    if (voice === undefined) throw new Error("the browser voice channel was not stored");
    expect(voice).toMatchObject({ flowId: "support-line", credentials: {}, settings: { allowedOrigins: ["https://www.acme.example"] } });
    expect(voice.webhookUrls).toEqual({ widget: `${PUBLIC_URL}/widget.js`, socket: `${PUBLIC_URL.replace("http", "ws")}/ws/webvoice/${voice.id}` });
    const snippet = await connect.getByLabel("Embed snippet", { exact: true }).inputValue();
    expect(snippet).toBe(`<script src="${PUBLIC_URL}/widget.js" data-voice-channel="${voice.id}"></script>`);
    expect(await connect.textContent()).toContain("Switchboard.call()");
    // No webhook URL to paste (nor a warning that there is none): the page connects itself.
    expect(await connect.getByText("HTTP POST").count()).toBe(0);
    expect(await connect.getByRole("note").count()).toBe(0);
    await connect.getByRole("button", { name: "Copy Embed snippet" }).click();
    await expect.poll(() => page.evaluate("navigator.clipboard.readText()")).toBe(snippet);
    await screenshot(page, "channels-wizard-webvoice-connect");

    await connect.getByRole("button", { name: "Open the channel" }).click();
    await page.waitForURL(new RegExp(`/settings/channels/${voice.id}$`));
    const connection = page.getByRole("region", { name: "Connection" });
    await expect.poll(() => connection.getByLabel("Embed snippet", { exact: true }).inputValue().catch(() => "")).toBe(snippet);
    const settings = page.getByRole("form", { name: "Settings" });
    expect(await settings.getByLabel("Allowed origins", { exact: true }).inputValue()).toBe("https://www.acme.example");
    await settings.getByLabel("Allowed origins", { exact: true }).fill("https://www.acme.example\nhttps://shop.acme.example");
    await settings.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(async () => (await storedChannel(voice.id)).settings).toEqual({ allowedOrigins: ["https://www.acme.example", "https://shop.acme.example"] });
    // No provider to call: Check looks at the origins and at the media plane.
    const status = page.getByRole("region", { name: "Status" });
    await status.getByRole("button", { name: "Check" }).click();
    await expect.poll(() => status.locator(".badge").textContent()).toBe("Active");
    expect(await status.textContent()).toContain("embed the widget with data-voice-channel on a page of https://www.acme.example, https://shop.acme.example");
    await screenshot(page, "channels-detail-webvoice");

    await page.goto(`${server.url}/settings/channels`);
    const row = page.getByRole("table", { name: "Channels" }).locator("tbody tr", { hasText: "Website voice" });
    await expect.poll(() => row.textContent()).toContain("Browser voice");
  });

  it("adds a SIP trunk: a wrong carrier address and SRTP without TLS are refused under their fields, the stored settings read back, the connect step says what to give the carrier", async () => {
    await page.goto(`${server.url}/settings/channels/new`);
    const card = page.getByRole("button", { name: "SIP trunk", exact: true });
    expect(await page.locator(`[id="${await card.getAttribute("aria-describedby")}"]`).textContent()).toMatch(/SIP domain.*registrar.*addresses.*numbers.*transport.*username and password/);
    await card.click();
    const credentials = page.getByRole("form", { name: "Credentials" });
    await expect.poll(() => credentials.count()).toBe(1);
    await page.getByLabel("Name", { exact: true }).fill("Acme carrier");
    await page.getByLabel("Username (optional)", { exact: true }).fill("switchboard");
    await page.getByLabel("Password (optional)", { exact: true }).fill("trunk-secret-password");
    await page.getByLabel("SIP domain", { exact: true }).fill("sip.carrier.example");
    await page.getByLabel("Carrier addresses", { exact: true }).fill("203.0.113.0/24\n203.0.113.300");
    await page.getByLabel("Numbers", { exact: true }).fill("+15550001234\n+15550001235");
    expect(await page.getByLabel("Transport", { exact: true }).inputValue()).toBe("udp");
    await page.getByRole("checkbox", { name: "Encrypt the audio (SRTP)" }).check();
    await page.getByRole("button", { name: "Next: the flow" }).click();

    // The line at fault is named, with the words the API answers for it (the runtime's schema).
    const refused = await server.api("POST", "/api/channels", {
      type: "sip_trunk",
      name: "x",
      flowId: "support-line",
      settings: { domain: "sip.carrier.example", inboundAddresses: ["203.0.113.0/24", "203.0.113.300"], transport: "udp" },
    });
    expect(refused.status).toBe(400);
    const serverMessage = ErrorJson.parse(refused.body).error.message;
    expect(serverMessage).toMatch(/^body\.settings\.inboundAddresses\.1: /);
    await expect.poll(() => field("Carrier addresses").locator(".channel-field-error").textContent()).toBe(`“203.0.113.300” is not ${serverMessage.replace(/^body\.settings\.inboundAddresses\.1: /, "")}`);
    expect(await page.getByLabel("Carrier addresses", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    await screenshot(page, "channels-wizard-sip-trunk-address-error");
    await page.getByLabel("Carrier addresses", { exact: true }).fill("203.0.113.0/24\n198.51.100.7");
    expect(await field("Carrier addresses").locator(".channel-field-error").count()).toBe(0);
    await page.getByRole("button", { name: "Next: the flow" }).click();
    const srtp = page.locator(".channel-field", { has: page.getByRole("checkbox", { name: "Encrypt the audio (SRTP)" }) });
    await expect.poll(() => srtp.locator(".channel-field-error").textContent()).toBe("SRTP needs transport tls (its keys travel in the SDP)");
    expect(await page.getByRole("checkbox", { name: "Encrypt the audio (SRTP)" }).getAttribute("aria-invalid")).toBe("true");
    await page.getByLabel("Transport", { exact: true }).selectOption("tls");
    // A-law first: the carrier's preference.
    const codecs = page.getByRole("group", { name: "Codecs" });
    expect(await codecs.getByRole("checkbox").evaluateAll((boxes) => boxes.map((box) => box.closest("label")?.textContent))).toEqual(["1. PCMU (G.711 μ-law)", "2. PCMA (G.711 A-law)"]);
    await codecs.getByRole("button", { name: "Move PCMA up" }).click();
    expect(await codecs.getByRole("checkbox").evaluateAll((boxes) => boxes.map((box) => box.closest("label")?.textContent))).toEqual(["1. PCMA (G.711 A-law)", "2. PCMU (G.711 μ-law)"]);
    await screenshot(page, "channels-wizard-sip-trunk");
    await page.getByRole("button", { name: "Next: the flow" }).click();
    await page.getByRole("combobox", { name: "Flow" }).selectOption("support-line");
    await page.getByRole("button", { name: "Create channel" }).click();

    const connect = page.getByRole("region", { name: "Connect", exact: true });
    await expect.poll(() => connect.count()).toBe(1);
    const trunk = (await storedChannels()).find((channel) => channel.name === "Acme carrier");
    if (trunk === undefined) throw new Error("the SIP trunk was not stored");
    expect(trunk).toMatchObject({ flowId: "support-line", enabled: true, credentials: { username: "switchboard", password: "••••••word" } });
    expect(trunk.settings).toEqual({
      domain: "sip.carrier.example",
      inboundAddresses: ["203.0.113.0/24", "198.51.100.7"],
      numbers: ["+15550001234", "+15550001235"],
      transport: "tls",
      codecs: ["PCMA", "PCMU"],
      srtp: true,
    });
    expect(await page.content()).not.toContain("trunk-secret-password");
    // What to give the carrier: our SIP address, the carrier's addresses we accept, the ports to open.
    expect(trunk.webhookUrls.sip).toMatch(/^sip:/);
    expect(await connect.getByLabel("SIP URI", { exact: true }).inputValue()).toBe(trunk.webhookUrls.sip);
    const steps = await connect.locator(".connect-steps").textContent();
    expect(steps).toContain("+15550001234, +15550001235");
    expect(steps).toContain("203.0.113.0/24, 198.51.100.7");
    expect(steps).toMatch(/RTP ports: UDP/);
    expect(await connect.getByRole("region", { name: "Status" }).textContent()).toMatch(/^Registration/);
    await screenshot(page, "channels-wizard-sip-trunk-connect");

    // The channel page reads every setting back into the form.
    await connect.getByRole("button", { name: "Open the channel" }).click();
    await page.waitForURL(new RegExp(`/settings/channels/${trunk.id}$`));
    const settings = page.getByRole("form", { name: "Settings" });
    await expect.poll(() => settings.getByLabel("Numbers", { exact: true }).inputValue().catch(() => "")).toBe("+15550001234\n+15550001235");
    expect(await settings.getByLabel("Carrier addresses", { exact: true }).inputValue()).toBe("203.0.113.0/24\n198.51.100.7");
    expect(await settings.getByLabel("Transport", { exact: true }).inputValue()).toBe("tls");
    expect(await settings.getByRole("checkbox", { name: "Encrypt the audio (SRTP)" }).isChecked()).toBe(true);
    expect(await settings.getByLabel("Password (optional)", { exact: true }).inputValue()).toBe("••••••word");
    // Back to UDP without unticking SRTP: refused, nothing saved.
    await settings.getByLabel("Transport", { exact: true }).selectOption("udp");
    await settings.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => settings.locator(".channel-field", { has: page.getByRole("checkbox", { name: "Encrypt the audio (SRTP)" }) }).locator(".channel-field-error").textContent()).toBe(
      "SRTP needs transport tls (its keys travel in the SDP)",
    );
    expect((await storedChannel(trunk.id)).settings.transport).toBe("tls");
    await settings.getByRole("checkbox", { name: "Encrypt the audio (SRTP)" }).uncheck();
    await settings.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(async () => (await storedChannel(trunk.id)).settings).toEqual({ ...trunk.settings, transport: "udp", srtp: undefined });
    expect((await storedChannel(trunk.id)).credentials).toEqual({ username: "switchboard", password: "••••••word" });
    await screenshot(page, "channels-detail-sip-trunk");

    await page.goto(`${server.url}/settings/channels`);
    const row = page.getByRole("table", { name: "Channels" }).locator("tbody tr", { hasText: "Acme carrier" });
    await expect.poll(() => row.textContent()).toMatch(/Acme carrier.*\+15550001234, \+15550001235.*SIP trunk/);
  });

  it("logged no console errors but Chromium's lines for the expected 400s (the deleted flows)", () => {
    const expected = /Failed to load resource: the server responded with a status of 400/;
    expect(consoleErrors.filter((line) => expected.test(line))).toHaveLength(2);
    expect(consoleErrors.filter((line) => !expected.test(line))).toEqual([]);
  });
});
