import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { changes } from "#store-dialect";
import { conversations } from "../../drizzle/schema";
import type { InsightsValues } from "./conversation-insights-repo";
import { sampleFlow } from "./test-support/sample-flow";
import { openTestRepos, type TestRepos } from "./test-support/test-repos";

let t: TestRepos;
beforeEach(async () => {
  t = await openTestRepos("conversation_insights");
});
afterEach(() => t.dispose());

async function conversation(sessionId?: string): Promise<string> {
  const id = randomUUID();
  const at = t.clock.time;
  await changes(t.db.insert(conversations).values({ id, channelType: "webchat", contact: "visitor-1", subject: "Chat", priority: "normal", status: "closed", createdAt: at, updatedAt: at, ...(sessionId === undefined ? {} : { sessionId }) }));
  return id;
}

const values = (conversationId: string, change: Partial<InsightsValues> = {}): InsightsValues => ({
  conversationId,
  summary: "Customer: I was charged twice for order 1234.",
  sentiment: -0.6249,
  sentimentLabel: "negative",
  fields: { emails: ["dana@acme.test"], phones: [{ text: "+1 555 000 1234", number: "+15550001234" }], amounts: [{ text: "$42.50", value: 42.5, currency: "USD" }], dates: [{ text: "tomorrow", date: "2026-12-08" }] },
  engine: "offline",
  providerName: null,
  messageCount: 6,
  ...change,
});

describe("ConversationInsightsRepo", () => {
  it("stores a closed conversation's insights with the exact score and fields, and replaces them when it closes again", async () => {
    const room = await conversation();
    expect(await t.store.rooms.insights.get(room)).toBeUndefined();
    expect(await t.store.rooms.insights.put(values(room))).toEqual({ ...values(room), createdAt: t.clock.time });
    t.clock.advance(60_000);
    const again = values(room, { summary: "Customer: refund received.", sentiment: 0.4404, sentimentLabel: "positive", messageCount: 9 });
    await t.store.rooms.insights.put(again);
    expect(await t.store.rooms.insights.get(room)).toEqual({ ...again, createdAt: t.clock.time });
  });

  it("keeps a conversation where the customer said nothing: no score, no label", async () => {
    const room = await conversation();
    await t.store.rooms.insights.put(values(room, { sentiment: null, sentimentLabel: null, summary: "" }));
    expect(await t.store.rooms.insights.get(room)).toMatchObject({ sentiment: null, sentimentLabel: null, summary: "" });
  });

  it("refuses a score outside −1..1 and stores nothing for a conversation that is gone", async () => {
    const room = await conversation();
    await expect(t.store.rooms.insights.put(values(room, { sentiment: 1.5 }))).rejects.toThrow();
    expect(await t.store.rooms.insights.get(room)).toBeUndefined();
    expect(await t.store.rooms.insights.put(values(randomUUID()))).toBeUndefined();
  });

  it("reads several conversations' insights at once, and goes with a deleted conversation", async () => {
    const [a, b, c] = [await conversation(), await conversation(), await conversation()];
    await t.store.rooms.insights.put(values(a));
    await t.store.rooms.insights.put(values(b, { sentiment: 0.1, sentimentLabel: "positive" }));
    const found = await t.store.rooms.insights.forConversations([a, b, c]);
    expect([...found.keys()].sort()).toEqual([a, b].sort());
    expect(found.get(b)?.sentimentLabel).toBe("positive");
    expect(await t.store.rooms.conversations.remove(a)).toBeDefined();
    expect(await t.store.rooms.insights.get(a)).toBeUndefined();
  });

  it("filters the call log by how the customer sounded: only sessions whose conversation closed with that sentiment", async () => {
    await t.store.flows.createFlow(sampleFlow("support"), "u1");
    await t.store.flows.publish("support", { author: "u1" });
    const session = async () => (await t.store.sessions.createSession({ flowId: "support", version: 1, channelType: "webchat", channelId: "web", contact: "visitor-1", state: {} })).id;
    const [angry, happy, silent, botOnly] = [await session(), await session(), await session(), await session()];
    await t.store.rooms.insights.put(values(await conversation(angry)));
    await t.store.rooms.insights.put(values(await conversation(happy), { sentiment: 0.6, sentimentLabel: "positive" }));
    await t.store.rooms.insights.put(values(await conversation(silent), { sentiment: null, sentimentLabel: null }));
    const ids = async (sentiment: "negative" | "neutral" | "positive") => {
      const page = await t.store.sessions.listSessions({ sentiment });
      return page.ok ? page.value.items.map((item) => item.id) : [];
    };
    expect(await ids("negative")).toEqual([angry]);
    expect(await ids("positive")).toEqual([happy]);
    expect(await ids("neutral")).toEqual([]);
    const all = await t.store.sessions.listSessions({});
    expect(all.ok && all.value.items.map((item) => item.id).sort()).toEqual([angry, happy, silent, botOnly].sort());
  });
});
