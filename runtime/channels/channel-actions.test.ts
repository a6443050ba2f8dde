import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { exampleFlow } from "../test-support/example-flows";
import { GRAPH_VERSION, PUBLIC_URL, TELEGRAM, telegramCase, telegramMethodPath, TWILIO, twilioCase, WHATSAPP, whatsappCase } from "./conformance/chat-cases";
import { ChatFixture } from "./conformance/chat-fixture";

/** `POST /api/channels/:id/check` and `POST /api/channels/:id/set-webhook`, against the provider stand-in. */

const fx = new ChatFixture();
const twilioAccountPath = `/2010-04-01/Accounts/${TWILIO.accountSid}.json`;
const graphNumberPath = `/${GRAPH_VERSION}/${WHATSAPP.phoneNumberId}`;

beforeAll(async () => {
  await fx.start();
  await fx.publish({ ...exampleFlow("appointment-confirmation"), id: "appointments" });
});
afterAll(() => fx.stop());

const check = (id: string, key?: string | null) => fx.server.api("POST", `/api/channels/${id}/check`, undefined, key === undefined ? {} : { key });

describe("POST /api/channels/:id/check", () => {
  it("Twilio (voice and messaging): GET the account with Basic auth; active, or error with what to fix", async () => {
    for (const type of ["twilio_voice", "twilio_messaging"] as const) {
      const id = await fx.channel({ ...twilioCase(), type }, type === "twilio_voice" ? "support-line" : "appointments");
      const ok = await check(id);
      expect(ok.status, ok.text).toBe(200);
      expect(ok.body).toMatchObject({ id, status: "active", statusMessage: "Twilio account Acme test account is active" });
      const request = fx.standIn.to(twilioAccountPath).at(-1);
      expect(request?.method).toBe("GET");
      expect(request?.headers.authorization).toBe(`Basic ${Buffer.from(`${TWILIO.accountSid}:${TWILIO.authToken}`).toString("base64")}`);

      fx.standIn.reply(twilioAccountPath, { status: 401, body: { code: 20003, message: "Authenticate", status: 401 } });
      const refused = await check(id);
      fx.standIn.restore(twilioAccountPath);
      expect(refused.body).toMatchObject({ status: "error", statusMessage: expect.stringContaining("Twilio refused the Account SID / Auth Token (HTTP 401)") });
      expect(JSON.stringify(refused.body)).not.toContain(TWILIO.authToken);
    }
  });

  it("WhatsApp Cloud: GET /{version}/{phone-number-id} with the bearer token", async () => {
    const id = await fx.channel(whatsappCase(), "appointments");
    const ok = await check(id);
    expect(ok.body).toMatchObject({ status: "active", statusMessage: "WhatsApp number +1 555-000-1234 (Acme Dental) is reachable with this access token" });
    expect(fx.standIn.to(graphNumberPath).at(-1)?.headers.authorization).toBe(`Bearer ${WHATSAPP.accessToken}`);
    fx.standIn.reply(graphNumberPath, { status: 400, body: { error: { message: "Unsupported get request.", type: "GraphMethodException", code: 100 } } });
    const unknown = await check(id);
    fx.standIn.restore(graphNumberPath);
    expect(unknown.body).toMatchObject({ status: "error", statusMessage: expect.stringContaining(`does not know phone number id ${WHATSAPP.phoneNumberId}`) });
  });

  it("Telegram: getMe, then getWebhookInfo reporting a URL other than the channel's", async () => {
    const id = await fx.channel(telegramCase(), "appointments");
    const unset = await check(id);
    expect(unset.body).toMatchObject({ status: "error", statusMessage: `@acme_test_bot works, but its webhook is not set, not ${PUBLIC_URL}/webhooks/telegram/${id}: use "Register webhook" (POST /api/channels/{id}/set-webhook)` });
    expect(fx.standIn.to(telegramMethodPath("getMe"))).not.toHaveLength(0);
    fx.standIn.reply(telegramMethodPath("getWebhookInfo"), { status: 500, body: { ok: false, error_code: 500, description: "Internal Server Error" } });
    expect((await check(id)).body).toMatchObject({ status: "active", statusMessage: expect.stringMatching(/^@acme_test_bot works; its webhook could not be read/) });
    fx.standIn.restore(telegramMethodPath("getWebhookInfo"));
    fx.standIn.reply(telegramMethodPath("getMe"), { status: 401, body: { ok: false, error_code: 401, description: "Unauthorized" } });
    const refused = await check(id);
    fx.standIn.restore(telegramMethodPath("getMe"));
    expect(refused.body).toMatchObject({ status: "error", statusMessage: "Telegram refused the bot token (HTTP 401) when calling getMe: copy it again from @BotFather" });
  });

  it("a channel whose flow is unpublished, a disabled one, no credentials, an unknown id", async () => {
    const draft = await fx.server.api("POST", "/api/flows", { ...exampleFlow("appointment-confirmation"), id: "draft-only" });
    expect(draft.status).toBe(201);
    const unpublished = await fx.channel(twilioCase(), "draft-only");
    expect((await check(unpublished)).body).toMatchObject({ status: "error", statusMessage: expect.stringContaining("flow draft-only has no published version: publish it") });
    const disabled = await fx.channel(twilioCase(), "appointments", { enabled: false });
    expect((await check(disabled)).body).toMatchObject({ status: "inactive", statusMessage: "Twilio account Acme test account is active" });
    expect((await check(unpublished, null)).status).toBe(401);
    expect((await check("no-such-channel")).status).toBe(404);
  });
});

describe("POST /api/channels/:id/set-webhook", () => {
  it("Telegram: setWebhook with the channel's URL, its secret token and the updates read; then the check passes", async () => {
    const id = await fx.channel(telegramCase(), "appointments");
    const set = await fx.server.api("POST", `/api/channels/${id}/set-webhook`);
    expect(set.status, set.text).toBe(200);
    const url = `${PUBLIC_URL}/webhooks/telegram/${id}`;
    expect(set.body).toMatchObject({ id, type: "telegram", status: "setup", statusMessage: `webhook registered at ${url}: waiting for the first update`, webhookUrls: { webhook: url } });
    const request = fx.standIn.to(telegramMethodPath("setWebhook")).at(-1);
    expect(request?.method).toBe("POST");
    expect(JSON.parse(request?.body ?? "")).toEqual({ url, secret_token: TELEGRAM.secretToken, allowed_updates: ["message", "callback_query"] });
    expect(JSON.stringify(set.body)).not.toContain(TELEGRAM.secretToken);
    expect((await check(id)).body).toMatchObject({ status: "active", statusMessage: `@acme_test_bot works and its webhook is ${url}` });
  });

  it("answers 400 not_supported for the other types", async () => {
    for (const chat of [twilioCase(), whatsappCase()]) {
      const id = await fx.channel(chat, "appointments");
      const res = await fx.server.api("POST", `/api/channels/${id}/set-webhook`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: "not_supported" } });
    }
  });

  it("is in the OpenAPI document with check", async () => {
    const doc = await fx.server.api("GET", "/api/openapi.json");
    const paths = Object.keys(z.object({ paths: z.record(z.string(), z.unknown()) }).parse(doc.body).paths);
    expect(paths).toEqual(expect.arrayContaining(["/api/channels/{id}/check", "/api/channels/{id}/set-webhook"]));
  });
});
