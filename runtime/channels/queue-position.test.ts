import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowJson } from "../test-support/example-flows";
import { CHAT_CASES } from "./conformance/chat-cases";
import { ChatCustomer, ChatFixture } from "./conformance/chat-fixture";

/** A hand-off to the `support` team, no timeout: the chat waits in the team's queue until an agent takes it. */
const QUEUE: FlowJson = {
  schemaVersion: 1,
  id: "queue",
  name: "Queue",
  entry: "to_support",
  nodes: [{ id: "to_support", type: "transfer", position: { x: 0, y: 0 }, data: { teamId: "support", waitingMessage: "An agent will be with you shortly." } }],
  edges: [],
  settings: { language: "en-US", channels: ["chat"] },
};

const fx = new ChatFixture();
let agentId = "";
beforeAll(async () => {
  await fx.start();
  await fx.publish(QUEUE);
  agentId = await fx.agentOnline();
});
afterAll(() => fx.stop());

const telegram = CHAT_CASES.find((chat) => chat.type === "telegram");

describe("a waiting chat customer's place in the queue", () => {
  it("is sent after the waiting message, and again each time the queue moves up", async () => {
    if (telegram === undefined) throw new Error("no Telegram case");
    const agent = { userId: agentId, name: "Demo Agent", role: "agent" as const };
    // Online but at capacity: nobody can take a chat, so chats queue (instead of no_answer at once).
    await fx.server.rooms.setAgentState(agentId, { capacity: 0 });
    const channelId = await fx.channel(telegram, "queue");
    const first = new ChatCustomer(fx, telegram, channelId);
    const second = new ChatCustomer(fx, telegram, channelId);
    const texts = async (customer: ChatCustomer, count: number) => (await customer.inbox(count)).map((message) => message.text);

    await first.say("hi");
    expect(await texts(first, 2)).toEqual(["An agent will be with you shortly.", "You are next in the queue."]);
    await second.say("hello");
    expect(await texts(second, 2)).toEqual(["An agent will be with you shortly.", "You are number 2 in the queue."]);

    // The agent frees a slot and takes the first chat: the second customer moves up.
    await fx.server.rooms.setAgentState(agentId, { capacity: 1 });
    const conversation = await fx.server.store.rooms.conversations.findBySession((await fx.sessionOf(telegram, channelId, first.contact)).id);
    if (conversation === undefined) throw new Error("no conversation");
    await fx.server.rooms.accept(agent, conversation.id);
    expect(await texts(second, 3)).toEqual(["An agent will be with you shortly.", "You are number 2 in the queue.", "You are next in the queue."]);
    // The one taken hears the agent join, not a place in the queue.
    expect((await texts(first, 3)).slice(2)).toEqual([expect.stringMatching(/ joined$/)]);
  });
});
