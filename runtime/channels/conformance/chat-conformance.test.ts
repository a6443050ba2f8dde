import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ANNOUNCE_DELAY_MS } from "../../rooms/queue-positions";
import { pollUntil } from "../../test-support/api-client";
import { exampleFlow, withNodeData } from "../../test-support/example-flows";
import { CHAT_CASES, type ChatCase } from "./chat-cases";
import { ChatCustomer, ChatFixture } from "./chat-fixture";

/**
 * The example chat flows driven through every chat driver reached by provider webhooks, with
 * provider-shaped requests (PROVIDERS.md) and a local stand-in capturing what the runtime sends.
 * The same expectations hold for every driver; only how menus are drawn differs (buttons, an
 * inline keyboard, numbered text).
 */

const fx = new ChatFixture();
const channels = new Map<string, string>();
const escalations = new Map<string, string>();
let agentId = "";

const GREETING = "Hi there, this is Acme Family Dental. You have an appointment with your dentist on your scheduled date.";
const MENU = "Will you be able to make it? Tap a button below or reply with Confirm, Reschedule or Cancel.";

beforeAll(async () => {
  await fx.start();
  // The scheduling API of examples/appointment-confirmation.json, answered by the stand-in.
  const appointments = withNodeData(exampleFlow("appointment-confirmation"), "record_choice", { url: `${fx.standIn.url}/appointments/{{vars.appointment_id}}/status` });
  await fx.publish({ ...appointments, id: "appointments" });
  fx.standIn.reply("/appointments/A-1/status", { status: 200, body: { ok: true } });
  await fx.publish({ ...withNodeData(appointments, "choice", { timeoutSeconds: 60 }), id: "appointments-timeout", variables: { ...z.record(z.string(), z.unknown()).parse(appointments.variables), appointment_id: "A-1" } });
  // The ticket API of examples/chat-escalation.json, answered by the stand-in.
  await fx.publish({ ...withNodeData(exampleFlow("chat-escalation"), "open_ticket", { url: `${fx.standIn.url}/tickets` }), id: "escalation" });
  fx.standIn.reply("/tickets", { status: 201, body: { ticket_id: "T-1042" } });
  for (const chat of CHAT_CASES) {
    channels.set(chat.label, await fx.channel(chat, "appointments-timeout"));
    escalations.set(chat.label, await fx.channel(chat, "escalation"));
  }
  agentId = await fx.agentOnline();
});
afterAll(() => fx.stop());

const channelOf = (chat: ChatCase) => channels.get(chat.label) ?? "";

describe.each(CHAT_CASES.map((chat) => [chat.label, chat] as const))("%s", (_label, chat) => {
  it("appointment-confirmation: 'hi' starts the flow, the menu is drawn by the channel's means, a choice goes on through the HTTP callback", async () => {
    const customer = new ChatCustomer(fx, chat, channelOf(chat));
    await customer.say("hi");
    const [greeting, menu] = await customer.inbox(2);
    expect(greeting).toEqual({ text: GREETING, form: "text" });
    if (chat.tappable) {
      expect(menu).toMatchObject({ text: MENU, form: chat.type === "telegram" ? "inline_keyboard" : "buttons" });
      expect(menu?.choices?.map((choice) => choice.label)).toEqual(["Confirm", "Reschedule", "Cancel"]);
    } else {
      expect(menu).toEqual({ text: `${MENU}\n\n1. Confirm\n2. Reschedule\n3. Cancel`, form: "text" });
    }
    const started = await fx.sessionOf(chat, channelOf(chat), customer.contact);
    // "hi" started the session; it was not taken as an (invalid) answer to the menu.
    expect(started.steps.map((step) => `${step.nodeId}:${step.outcome ?? ""}`)).toEqual(["greeting:next", "choice:waiting"]);

    await customer.choose("Confirm", "1");
    const all = await customer.inbox(3);
    expect(all[2]).toEqual({ text: "Thank you! You're confirmed for your scheduled date. Please arrive 10 minutes early. See you soon!", form: "text" });
    const callback = fx.standIn.to("/appointments/A-1/status").at(-1);
    expect(JSON.parse(callback?.body ?? "{}")).toMatchObject({ status: "confirmed", channel: chat.type });
    const session = await fx.session(started.id);
    expect(session).toMatchObject({ status: "ended", endReason: "hangup_node", channelType: chat.type });
    expect(session.steps.map((step) => `${step.nodeId}:${step.outcome ?? ""}`)).toEqual([
      "greeting:next",
      "choice:waiting",
      "choice:option:1",
      "mark_confirmed:next",
      "record_choice:waiting",
      "record_choice:success",
      "which_choice:match:confirmed",
      "confirmed:ended",
    ]);
  });

  it("a provider retry gets the same answer, adds no step and sends nothing again", async () => {
    const customer = new ChatCustomer(fx, chat, channelOf(chat));
    await customer.say("hello");
    await customer.inbox(2);
    const post = chat.text(channelOf(chat), customer.contact, "2");
    const first = await customer.send(post);
    await customer.inbox(3);
    // "2" asks to reschedule: a transfer to the front desk, whose place-in-queue message follows ANNOUNCE_DELAY_MS later.
    await new Promise((resolve) => setTimeout(resolve, ANNOUNCE_DELAY_MS + 300));
    const steps = await fx.stepCount();
    const inbound = await fx.inboundCount();
    const sent = chat.sends(customer.contact, fx.standIn).length;
    const again = await fx.post(post);
    expect(again).toEqual(first);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await fx.stepCount()).toBe(steps);
    expect(await fx.inboundCount()).toBe(inbound);
    expect(chat.sends(customer.contact, fx.standIn).length).toBe(sent);
  });

  it("a missing or wrong signature gets 403, a malformed body 400, an unknown channel 404: nothing stored", async () => {
    const contact = chat.newContact();
    const post = chat.text(channelOf(chat), contact, "hi");
    const before = { inbound: (await fx.inboundCount()), sessions: (await fx.sessionCount()) };
    expect((await fx.post(chat.unsigned(post))).status).toBe(403);
    expect((await fx.post(chat.forged(post))).status).toBe(403);
    const malformed = await fx.post(chat.malformed(channelOf(chat)));
    expect(malformed.status, malformed.text).toBe(400);
    expect(JSON.parse(malformed.text)).toMatchObject({ error: { code: "invalid_webhook", message: expect.stringMatching(/^body/) } });
    const elsewhere = { ...post, path: post.path.replace(channelOf(chat), randomUUID()) };
    const unknown = await fx.post(elsewhere);
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text)).toMatchObject({ error: { code: "channel_not_found" } });
    expect({ inbound: (await fx.inboundCount()), sessions: (await fx.sessionCount()) }).toEqual(before);
    expect(chat.sends(contact, fx.standIn)).toEqual([]);
  });

  it("a menu's no-input timer is a durable timer: when it fires, the reminder is pushed to the customer", async () => {
    const customer = new ChatCustomer(fx, chat, channelOf(chat));
    await customer.say("hi");
    await customer.inbox(2);
    const session = await fx.sessionOf(chat, channelOf(chat), customer.contact);
    await fx.dueNow(session.id);
    const received = await customer.inbox(3);
    expect(received[2]?.text.startsWith("Just checking in: please tap Confirm, Reschedule or Cancel.")).toBe(true);
    const after = await fx.session(session.id);
    expect(after).toMatchObject({ status: "waiting" });
    expect(after.steps.map((step) => `${step.nodeId}:${step.outcome ?? ""}`).slice(-1)).toEqual(["choice:no_input"]);
  });

  it("chat-escalation: routed by the first message, then the customer and an agent talk through the room; closing lets the flow finish", async () => {
    const channelId = escalations.get(chat.label) ?? "";
    const customer = new ChatCustomer(fx, chat, channelId);
    await customer.say("I was charged twice on my last invoice");
    const [hello, queued] = await customer.inbox(2);
    expect(hello?.text).toBe("Hi there, let me find someone from the Acme team to help you.");
    expect(queued?.text).toBe("I've passed your question to our billing team. Someone will join this chat shortly.");
    const session = await fx.sessionOf(chat, channelId, customer.contact);
    expect(session.steps.map((step) => `${step.nodeId}:${step.outcome ?? ""}`).slice(-1)).toEqual(["billing_team:waiting"]);
    const conversation = await pollUntil(async () => fx.server.store.rooms.conversations.findBySession(session.id), 2_000, () => "the conversation");
    expect(conversation).toMatchObject({ teamId: "billing", status: "waiting", contact: customer.contact });

    // While agents have it, the customer's words go to the room, not to the flow.
    const steps = (await fx.session(session.id)).stepCount;
    await customer.say("Are you there?");
    const messages = await fx.server.store.rooms.messages.list(conversation.id);
    expect(messages.at(-1)).toMatchObject({ kind: "text", body: "Are you there?" });
    expect((await fx.session(session.id)).stepCount).toBe(steps);

    const agent = { userId: agentId, name: "Demo Agent", role: "agent" as const };
    await fx.server.rooms.accept(agent, conversation.id);
    await fx.server.rooms.sendMessage(agent, conversation.id, "Hi, I can refund the duplicate charge.");
    const talk = await customer.inbox(4);
    expect(talk.slice(2).map((message) => message.text)).toEqual([expect.stringMatching(/ joined$/), "Hi, I can refund the duplicate charge."]);
    // The customer's own message is never echoed back.
    expect(talk.some((message) => message.text === "Are you there?")).toBe(false);

    await fx.server.rooms.close(agent, conversation.id);
    const done = await customer.inbox(5);
    expect(done[4]?.text).toBe("Thanks for chatting with Acme. Have a great day!");
    expect(await fx.session(session.id)).toMatchObject({ status: "ended", endReason: "hangup_node" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // No closing note on top of the flow's own goodbye.
    expect(customer.received()).toHaveLength(5);
  });

  it("chat-escalation: when nobody takes the chat before the transfer's timer fires, the ticket message is pushed to the customer", async () => {
    const channelId = escalations.get(chat.label) ?? "";
    const customer = new ChatCustomer(fx, chat, channelId);
    await customer.say("My app keeps crashing");
    await customer.inbox(2);
    const session = await fx.sessionOf(chat, channelId, customer.contact);
    expect(session.steps.at(-1)).toMatchObject({ nodeId: "support_team", outcome: "waiting" });
    await fx.dueNow(session.id);
    const received = await customer.inbox(3);
    expect(received[2]?.text).toBe("Sorry, all of our agents are busy right now. I've opened ticket T-1042 for you, and we'll reply by email within one business day.");
    const ticket = JSON.parse(fx.standIn.to("/tickets").at(-1)?.body ?? "{}");
    expect(ticket).toMatchObject({ reason: "no_agent_available", summary: "there (standard): My app keeps crashing" });
    expect(await fx.session(session.id)).toMatchObject({ status: "ended", endReason: "hangup_node" });
  });
});
