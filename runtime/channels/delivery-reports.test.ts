import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollUntil } from "../test-support/api-client";
import { exampleFlow, withNodeData } from "../test-support/example-flows";
import { PUBLIC_URL, TWILIO, twilioCase, twilioMessagesPath, whatsappCase, whatsappPayload, whatsappPost } from "./conformance/chat-cases";
import { ChatCustomer, ChatFixture } from "./conformance/chat-fixture";

/**
 * Providers report the delivery of the messages the runtime sends: Twilio to the StatusCallback it
 * was given, WhatsApp Cloud as `statuses` in its webhook. A message to a customer in an agent room
 * that could not be delivered is told to the room, so the agent knows the customer did not get it;
 * the reports are signed, stored once and take no step.
 */

const fx = new ChatFixture();
const chat = twilioCase(true); // WhatsApp through Twilio: where the 24-hour window bites
let channelId = "";
let whatsappChannelId = "";
let agentId = "";

beforeAll(async () => {
  await fx.start();
  await fx.publish({ ...withNodeData(exampleFlow("chat-escalation"), "open_ticket", { url: `${fx.standIn.url}/tickets` }), id: "escalation-status" });
  fx.standIn.reply("/tickets", { status: 201, body: { ticket_id: "T-7" } });
  channelId = await fx.channel(chat, "escalation-status");
  whatsappChannelId = await fx.channel(whatsappCase(), "escalation-status");
  agentId = await fx.agentOnline();
});
afterAll(() => fx.stop());

/** A signed status callback to `url` (absolute, under PUBLIC_URL), as Twilio posts it. */
function statusCallback(url: string, params: Record<string, string>, signature?: string) {
  return fx.post({
    path: url.slice(PUBLIC_URL.length),
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature ?? twilio.getExpectedTwilioSignature(TWILIO.authToken, url, params) },
    body: new URLSearchParams(params).toString(),
  });
}

const statusParams = (to: string, status: string, extra: Record<string, string> = {}) => ({
  AccountSid: TWILIO.accountSid,
  ApiVersion: "2010-04-01",
  From: "whatsapp:+15550001000",
  To: to,
  MessageSid: `SM${"5a".repeat(16)}`,
  SmsSid: `SM${"5a".repeat(16)}`,
  MessageStatus: status,
  SmsStatus: status,
  ErrorCode: "",
  ...extra,
});

describe("Twilio message status callbacks", () => {
  it("an agent's message that is undelivered (outside WhatsApp's 24-hour window) is told to the room, once; delivered is not", async () => {
    const customer = new ChatCustomer(fx, chat, channelId);
    await customer.say("My bill is wrong");
    const session = await fx.sessionOf(chat, channelId, customer.contact);
    const conversation = await pollUntil(async () => fx.server.store.rooms.conversations.findBySession(session.id), 2_000, () => "the conversation");
    const agent = { userId: agentId, name: "Demo Agent", role: "agent" as const };
    await fx.server.rooms.accept(agent, conversation.id);
    await fx.server.rooms.sendMessage(agent, conversation.id, "Hi, I can look at your bill.");

    const sent = await pollUntil(
      async () => chat.sends(customer.contact, fx.standIn).find((request) => new URLSearchParams(request.body).get("Body") === "Hi, I can look at your bill."),
      2_000,
      () => "the agent's message over the Messages API",
    );
    expect(sent.path).toBe(twilioMessagesPath);
    const callback = new URLSearchParams(sent.body).get("StatusCallback") ?? "";
    expect(callback).toBe(`${PUBLIC_URL}/webhooks/twilio/messaging/${channelId}/status?conversation=${conversation.id}`);

    const roomNotes = async () => (await fx.server.store.rooms.messages.list(conversation.id)).filter((message) => message.kind === "system" && message.body.includes("not delivered"));
    const steps = await fx.stepCount();
    const inbound = await fx.inboundCount();
    expect((await statusCallback(callback, statusParams(customer.contact, "sent"))).status).toBe(200);
    expect((await statusCallback(callback, statusParams(customer.contact, "delivered"))).status).toBe(200);
    expect(await roomNotes()).toEqual([]);

    const undelivered = statusParams(customer.contact, "undelivered", { ErrorCode: "63016", ErrorMessage: "Failed to send freeform message because you are outside the allowed window." });
    const answer = await statusCallback(callback, undelivered);
    expect(answer.status).toBe(200);
    const notes = await roomNotes();
    expect(notes.map((note) => note.body)).toEqual([
      `A message to ${customer.contact} was not delivered: it was sent outside WhatsApp's 24-hour window, when only an approved template may be sent (Twilio error 63016).`,
    ]);
    // Twilio retries the same callback: the same answer, no second note.
    expect((await statusCallback(callback, undelivered)).text).toBe(answer.text);
    expect(await roomNotes()).toHaveLength(1);
    // Stored (three statuses, the retry recognised), no step taken.
    expect(await fx.inboundCount()).toBe(inbound + 3);
    expect(await fx.stepCount()).toBe(steps);
  });

  it("an unknown error code is named as such; a message the flow sent (no room) is only logged", async () => {
    const customer = new ChatCustomer(fx, chat, channelId);
    const base = `${PUBLIC_URL}/webhooks/twilio/messaging/${channelId}/status`;
    const answer = await statusCallback(base, statusParams(customer.contact, "failed", { MessageSid: `SM${"7b".repeat(16)}`, ErrorCode: "30999" }));
    expect(answer.status).toBe(200);
    expect(fx.server.logs.some((line) => line.includes(`message SM${"7b".repeat(16)} failed (error 30999)`))).toBe(true);
  });

  it("refuses an unsigned callback (403) and a malformed one (400), storing nothing", async () => {
    const base = `${PUBLIC_URL}/webhooks/twilio/messaging/${channelId}/status`;
    const before = await fx.inboundCount();
    expect((await statusCallback(base, statusParams("whatsapp:+15557654321", "undelivered"), "bm90IGEgc2lnbmF0dXJl")).status).toBe(403);
    const missing = await statusCallback(base, { ...statusParams("whatsapp:+15557654321", "undelivered"), MessageStatus: "" });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain("body.MessageStatus");
    const odd = await statusCallback(base, statusParams("whatsapp:+15557654321", "exploded"));
    expect(odd.status).toBe(400);
    const badRoom = await statusCallback(`${base}?conversation=${encodeURIComponent("../etc")}`, statusParams("whatsapp:+15557654321", "undelivered"));
    expect(badRoom.status).toBe(400);
    expect(badRoom.text).toContain("query.conversation");
    expect(await fx.inboundCount()).toBe(before);
  });
});

describe("WhatsApp Cloud delivery statuses", () => {
  it("a failed status (131047: outside the 24-hour window) is told to the customer's room, once; sent and delivered are not", async () => {
    const wa = whatsappCase();
    const customer = new ChatCustomer(fx, wa, whatsappChannelId);
    await customer.say("My bill is wrong");
    const session = await fx.sessionOf(wa, whatsappChannelId, customer.contact);
    const conversation = await pollUntil(async () => fx.server.store.rooms.conversations.findBySession(session.id), 2_000, () => "the conversation");
    const agent = { userId: agentId, name: "Demo Agent", role: "agent" as const };
    await fx.server.rooms.accept(agent, conversation.id);
    await fx.server.rooms.sendMessage(agent, conversation.id, "Hi, I can look at your bill.");

    const status = (value: string, extra: Record<string, unknown> = {}) => ({ id: "wamid.HBgLMTU1NTAxMjM0NTYVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA", status: value, timestamp: "1700000000", recipient_id: customer.contact, ...extra });
    const notes = async () => (await fx.server.store.rooms.messages.list(conversation.id)).filter((message) => message.kind === "system" && message.body.includes("not delivered"));
    const steps = await fx.stepCount();
    for (const value of ["sent", "delivered"]) expect((await fx.post(whatsappPost(whatsappChannelId, whatsappPayload([], { statuses: [status(value)] })))).status).toBe(200);
    expect(await notes()).toEqual([]);
    const failed = whatsappPost(
      whatsappChannelId,
      whatsappPayload([], { statuses: [status("failed", { errors: [{ code: 131047, title: "Re-engagement message", message: "Re-engagement message", error_data: { details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number." } }] })] }),
    );
    expect((await fx.post(failed)).status).toBe(200);
    expect((await notes()).map((note) => note.body)).toEqual([
      `A message to +${customer.contact} was not delivered: more than 24 hours have passed since the customer last wrote, when only an approved template may be sent (WhatsApp error 131047).`,
    ]);
    expect((await fx.post(failed)).status).toBe(200); // Meta's retry
    expect(await notes()).toHaveLength(1);
    expect(await fx.stepCount()).toBe(steps);
  });
});
