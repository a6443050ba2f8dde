import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleFlow } from "../../test-support/example-flows";
import { hubSignature, PUBLIC_URL, WHATSAPP, whatsappCase, whatsappPayload, whatsappPost, whatsappText } from "../conformance/chat-cases";
import { ChatCustomer, ChatFixture } from "../conformance/chat-fixture";
import { validWhatsAppSignature } from "./whatsapp-signature";

const fx = new ChatFixture();
const chat = whatsappCase();
let channelId = "";

beforeAll(async () => {
  await fx.start();
  await fx.publish({ ...exampleFlow("appointment-confirmation"), id: "appointments" });
  channelId = await fx.channel(chat, "appointments");
});
afterAll(() => fx.stop());

describe("X-Hub-Signature-256", () => {
  it("is HMAC-SHA256 of the raw body with the app secret (the documented test vector)", () => {
    const body = new TextEncoder().encode("test");
    expect(validWhatsAppSignature("sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914", body, "secret")).toBe(true);
    expect(validWhatsAppSignature("sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0915", body, "secret")).toBe(false);
    expect(validWhatsAppSignature("0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914", body, "secret")).toBe(false);
    expect(validWhatsAppSignature("sha256=abc", body, "secret")).toBe(false);
    expect(validWhatsAppSignature(null, body, "secret")).toBe(false);
  });

  it("is checked on the bytes as sent, before parsing: re-serialised JSON does not pass", async () => {
    const payload = whatsappPayload([whatsappText("15551230000", "hi")], { from: "15551230000" });
    const spaced = JSON.stringify(payload, null, 2);
    const before = await fx.inboundCount();
    const answer = await fx.post({ path: `/webhooks/whatsapp/${channelId}`, headers: { "content-type": "application/json", "x-hub-signature-256": hubSignature(JSON.stringify(payload)) }, body: spaced });
    expect(answer.status).toBe(403);
    // An unsigned body that is not even JSON is refused for its signature first.
    expect((await fx.post({ path: `/webhooks/whatsapp/${channelId}`, headers: { "content-type": "application/json" }, body: "{not json" })).status).toBe(403);
    expect(await fx.inboundCount()).toBe(before);
  });
});

describe("the GET handshake", () => {
  const handshake = (query: Record<string, string>, id = channelId) => fx.post({ path: `/webhooks/whatsapp/${id}?${new URLSearchParams(query)}`, headers: {}, body: "" }, "GET");

  it("answers the raw hub.challenge when hub.mode is subscribe and the verify token is the channel's", async () => {
    const answer = await handshake({ "hub.mode": "subscribe", "hub.verify_token": WHATSAPP.verifyToken, "hub.challenge": "1158201444" });
    expect(answer).toEqual({ status: 200, text: "1158201444", contentType: "text/plain; charset=utf-8" });
  });

  it("refuses a wrong token or mode with 403, and an unknown channel with 404", async () => {
    expect((await handshake({ "hub.mode": "subscribe", "hub.verify_token": "wrong-token-value", "hub.challenge": "1" })).status).toBe(403);
    expect((await handshake({ "hub.mode": "unsubscribe", "hub.verify_token": WHATSAPP.verifyToken, "hub.challenge": "1" })).status).toBe(403);
    expect((await handshake({ "hub.mode": "subscribe", "hub.challenge": "1" })).status).toBe(403);
    expect((await handshake({ "hub.mode": "subscribe", "hub.verify_token": WHATSAPP.verifyToken, "hub.challenge": "1" }, "no-such-channel")).status).toBe(404);
  });

  it("is the callback URL the channel shows", async () => {
    const channel = await fx.server.api("GET", `/api/channels/${channelId}`);
    expect(channel.body).toMatchObject({ webhookUrls: { callback: `${PUBLIC_URL}/webhooks/whatsapp/${channelId}` } });
  });
});

describe("payloads", () => {
  it("handles every message of a batched payload, and dedupes each by its id when Meta batches them again", async () => {
    const a = "15552220001";
    const b = "15552220002";
    const first = whatsappText(a, "hi");
    const second = whatsappText(b, "hello");
    const batch = whatsappPayload([first, second]);
    expect((await fx.post(whatsappPost(channelId, batch))).status).toBe(200);
    expect(chat.received(a, fx.standIn, [])).toHaveLength(2);
    expect(chat.received(b, fx.standIn, [])).toHaveLength(2);
    const sessions = await fx.sessionCount();
    const steps = await fx.stepCount();
    // The same first message again, batched with a new one: only the new one is handled.
    const third = whatsappText(a, "1");
    expect((await fx.post(whatsappPost(channelId, whatsappPayload([first, third])))).status).toBe(200);
    expect(await fx.sessionCount()).toBe(sessions);
    expect(await fx.stepCount()).toBeGreaterThan(steps);
    const session = await fx.sessionOf(chat, channelId, a);
    expect(session.steps.map((step) => `${step.nodeId}:${step.outcome ?? ""}`).slice(0, 3)).toEqual(["greeting:next", "choice:waiting", "choice:option:1"]);
  });

  it("stores delivery statuses without a step, and ignores another phone number id's events", async () => {
    const steps = await fx.stepCount();
    const inbound = await fx.inboundCount();
    const statuses = [{ id: "wamid.HBgLMTU1NTEyMzQ1NjcVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA", status: "delivered", timestamp: "1686848900", recipient_id: "15551234567" }];
    expect((await fx.post(whatsappPost(channelId, whatsappPayload([], { statuses })))).status).toBe(200);
    expect(await fx.inboundCount()).toBe(inbound + 2); // the webhook and its status
    expect(await fx.stepCount()).toBe(steps);
    const elsewhere = whatsappPayload([whatsappText("15552220009", "hi")], { phoneNumberId: "999999999999" });
    expect((await fx.post(whatsappPost(channelId, elsewhere))).status).toBe(200);
    expect(await fx.stepCount()).toBe(steps);
    expect(chat.sends("15552220009", fx.standIn)).toEqual([]);
  });

  it("a reply button not drawn for this menu (an earlier menu's, a forged id) is read as its title: unknown, invalid; an option's, taken", async () => {
    const customer = new ChatCustomer(fx, chat, channelId);
    await customer.say("hi");
    await customer.inbox(2);
    for (const id of ["m:w9:0", "m:w1:7"]) await customer.send(chat.tap(channelId, customer.contact, { id, label: "Maybe later" }));
    await customer.send(chat.tap(channelId, customer.contact, { id: "m:w1:0:extra", label: "Cancel" }));
    const session = await fx.sessionOf(chat, channelId, customer.contact);
    expect(session.steps.filter((step) => step.nodeId === "choice").map((step) => `${step.outcome ?? ""}:${step.input ?? ""}`)).toEqual(["waiting:", "invalid:Maybe later", "invalid:Maybe later", "option:3:Cancel"]);
  });

  it("answers 400 to a body that is not a WhatsApp webhook, signed or not JSON", async () => {
    for (const body of ["{}", '{"object":"page","entry":[]}', "[1,2]", "not json"]) {
      const answer = await fx.post({ path: `/webhooks/whatsapp/${channelId}`, headers: { "content-type": "application/json", "x-hub-signature-256": hubSignature(body) }, body });
      expect(answer.status, body).toBe(400);
    }
  });
});
