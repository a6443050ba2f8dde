import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleFlow } from "../../test-support/example-flows";
import { CHAT_APOLOGY } from "../chat/chat-texts";
import { MESSAGING_NOT_AVAILABLE } from "../twilio-messaging/twilio-messaging-driver";
import { CHAT_CASES } from "./chat-cases";
import { ChatCustomer, ChatFixture } from "./chat-fixture";

/** What a customer meets on a channel that cannot run its flow: not published, or disabled. */

const fx = new ChatFixture();
beforeAll(async () => {
  await fx.start();
  const draft = await fx.server.api("POST", "/api/flows", { ...exampleFlow("appointment-confirmation"), id: "not-published" });
  expect(draft.status).toBe(201);
});
afterAll(() => fx.stop());

describe.each(CHAT_CASES.map((chat) => [chat.label, chat] as const))("%s", (_label, chat) => {
  it("a flow without a published version: the customer gets an apology, the channel goes to error saying so", async () => {
    const channelId = await fx.channel(chat, "not-published");
    const customer = new ChatCustomer(fx, chat, channelId);
    await customer.say("hi");
    expect((await customer.inbox(1)).map((message) => message.text)).toEqual([CHAT_APOLOGY]);
    const channel = await fx.server.api("GET", `/api/channels/${channelId}`);
    expect(channel.body).toMatchObject({ status: "error", statusMessage: expect.stringContaining("flow not-published has no published version") });
  });

  it("a disabled channel stores nothing and starts no session (Twilio answers that the number is not available)", async () => {
    const channelId = await fx.channel(chat, "appointment-confirmation", { enabled: false });
    const before = { inbound: (await fx.inboundCount()), sessions: (await fx.sessionCount()) };
    const customer = new ChatCustomer(fx, chat, channelId);
    await customer.say("hi");
    expect({ inbound: (await fx.inboundCount()), sessions: (await fx.sessionCount()) }).toEqual(before);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(customer.received().map((message) => message.text)).toEqual(chat.type === "twilio_messaging" ? [MESSAGING_NOT_AVAILABLE] : []);
  });
});
