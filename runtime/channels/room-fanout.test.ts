import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollUntil } from "../test-support/api-client";
import type { FlowJson } from "../test-support/example-flows";
import { CHAT_CLOSED } from "./chat/chat-texts";
import { CHAT_CASES } from "./conformance/chat-cases";
import { ChatCustomer, ChatFixture } from "./conformance/chat-fixture";

/** A greeting, then a hand-off: the transfer has no outgoing edge, so the flow ends and agents own the chat. */
const HANDOFF: FlowJson = {
  schemaVersion: 1,
  id: "handoff",
  name: "Hand-off",
  entry: "hello",
  nodes: [
    { id: "hello", type: "greeting", position: { x: 0, y: 0 }, data: { prompt: { text: "Hello! Connecting you to our team." } } },
    { id: "to_support", type: "transfer", position: { x: 0, y: 160 }, data: { teamId: "support", waitingMessage: "An agent will be with you shortly." } },
  ],
  edges: [{ id: "e1", source: "hello", sourceHandle: "next", target: "to_support" }],
  settings: { language: "en-US", channels: ["chat"] },
};

const fx = new ChatFixture();
let agentId = "";
beforeAll(async () => {
  await fx.start();
  await fx.publish(HANDOFF);
  agentId = await fx.agentOnline();
});
afterAll(() => fx.stop());

describe.each(CHAT_CASES.map((chat) => [chat.label, chat] as const))("room fan-out on %s", (_label, chat) => {
  it("after a hand-off the customer talks with the agent through the room; hold, resume and close reach them; the next message starts over", async () => {
    const channelId = await fx.channel(chat, "handoff");
    const customer = new ChatCustomer(fx, chat, channelId);
    await customer.say("hi");
    const texts = async (count: number) => (await customer.inbox(count)).map((message) => message.text);
    // The flow's words, then the customer's place in the queue (agent rooms).
    const place = expect.stringMatching(/^You are (next|number \d+) in the queue\.$/);
    expect(await texts(3)).toEqual(["Hello! Connecting you to our team.", "An agent will be with you shortly.", place]);
    const session = await fx.sessionOf(chat, channelId, customer.contact);
    expect(session).toMatchObject({ status: "ended", endReason: "transfer_handoff" });
    const conversation = await pollUntil(async () => fx.server.store.rooms.conversations.findBySession(session.id), 2_000, () => "the conversation");

    // The flow is over, but the conversation is open: the customer's words go to the room.
    const sessions = await fx.sessionCount();
    await customer.say("My order never arrived");
    expect(await fx.sessionCount()).toBe(sessions);
    expect((await fx.server.store.rooms.messages.list(conversation.id)).at(-1)).toMatchObject({ kind: "text", body: "My order never arrived" });

    const agent = { userId: agentId, name: "Demo Agent", role: "agent" as const };
    await fx.server.rooms.accept(agent, conversation.id);
    await fx.server.rooms.sendMessage(agent, conversation.id, "Sorry about that! Let me check.");
    await fx.server.rooms.hold(agent, conversation.id, true);
    await fx.server.rooms.hold(agent, conversation.id, false);
    await fx.server.rooms.close(agent, conversation.id);
    const all = await texts(8);
    // The system message of the queue ("Transferred to…") is not sent: the flow already said its waiting message.
    expect(all.slice(3)).toEqual([expect.stringMatching(/ joined$/), "Sorry about that! Let me check.", "You are on hold. Please stay with us.", "Thanks for holding.", CHAT_CLOSED]);
    expect(all).not.toContain("My order never arrived");

    await customer.say("hi again");
    const again = await texts(11);
    expect(again.slice(8)).toEqual(["Hello! Connecting you to our team.", "An agent will be with you shortly.", place]);
    expect(await fx.sessionCount()).toBe(sessions + 1);
  });
});
