import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ChatStandIn } from "../ai/test-support/chat-stand-in";
import { pollUntil } from "../test-support/api-client";
import { AgentClient } from "./test-support/agent-client";
import { RoomsServer, type TestAgent } from "./test-support/rooms-server";

const KEY = "sk-assist-0123456789";
let rs: RoomsServer;
let chat: ChatStandIn;
let ana: TestAgent;
let socket: AgentClient;
beforeAll(async () => {
  [rs, chat] = await Promise.all([RoomsServer.start(), ChatStandIn.start({ apiKey: KEY })]);
  ana = await rs.agent("Ana");
  socket = await AgentClient.connect(rs.wsUrl, ana.token);
  await socket.next("snapshot");
  socket.send({ type: "set_availability", availability: "available" });
  await rs.server.rooms.settled();
});
afterAll(async () => {
  await socket.close();
  await Promise.all([rs.stop(), chat.close()]);
});
afterEach(() => chat.reset());

interface Insights {
  summary: string;
  sentiment: number | null;
  sentimentLabel: string | null;
  engine: string;
  providerName: string | null;
}
const insightsOf = async (conversationId: string): Promise<Insights | null> => ((await rs.call("GET", `/api/conversations/${conversationId}`, ana)).body as { insights: Insights | null }).insights;

/** Dana's chat, accepted by Ana, complained about, then closed by Ana. */
async function closedComplaint(contact: string): Promise<{ id: string; sessionId: string }> {
  const sessionId = await rs.chat(contact);
  await rs.server.rooms.settled();
  const conversation = await rs.server.store.rooms.conversations.findBySession(sessionId);
  if (conversation === undefined) throw new Error("no conversation");
  expect((await rs.call("POST", `/api/conversations/${conversation.id}/accept`, ana)).status).toBe(200);
  await rs.server.rooms.postCustomerMessage({ sessionId }, "I was charged twice for order 1234, this is ridiculous!");
  await rs.call("POST", `/api/conversations/${conversation.id}/messages`, ana, { body: "Sorry! I have refunded the second charge." });
  expect((await rs.call("POST", `/api/conversations/${conversation.id}/close`, ana, {})).status).toBe(200);
  return { id: conversation.id, sessionId };
}

const provider = (assist: boolean) => ({ name: "assist", kind: "openai", baseUrl: chat.url, apiKey: KEY, defaultModel: "test-model", timeoutSeconds: 3, assist });

describe("the assist provider's summary of a closed conversation", () => {
  it("without an assist provider, the offline insights stay and no model is asked", async () => {
    const { id } = await closedComplaint("ines");
    expect(await insightsOf(id)).toMatchObject({ engine: "offline", providerName: null, sentimentLabel: "negative" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(chat.chats).toHaveLength(0);
  });

  it("replaces the offline summary and sentiment when they arrive (the fields stay), in the API, the call log and Ana's console", async () => {
    expect((await rs.call("POST", "/api/ai/providers", "admin", provider(true))).status).toBe(201);
    chat.plan({ text: '```json\n{"summary": "The customer was charged twice for order 1234; the agent refunded the second charge. Nothing is left open.", "sentiment": -0.35}\n```' });
    const { id, sessionId } = await closedComplaint("dana");
    const written = await pollUntil(async () => {
      const insights = await insightsOf(id);
      return insights?.engine === "provider" ? insights : undefined;
    }, 10_000, () => "the provider's summary never replaced the offline one");
    expect(written).toMatchObject({ summary: "The customer was charged twice for order 1234; the agent refunded the second charge. Nothing is left open.", providerName: "assist", sentiment: -0.35, sentimentLabel: "negative" });
    const asked = JSON.stringify(chat.chats.at(-1)?.body?.messages);
    expect(asked).toContain("Customer: I was charged twice for order 1234");
    expect(asked).toContain("Agent: Sorry! I have refunded the second charge.");
    expect(((await rs.call("GET", `/api/sessions/${sessionId}`, "admin")).body as { insights: Insights }).insights).toEqual(written);
    const frame = await socket.next("insights", (candidate) => candidate.conversationId === id, 5_000);
    expect(frame.insights).toEqual(written);
  });

  it("a model that answers prose instead of the JSON asked gives the summary; the offline sentiment stays", async () => {
    chat.plan({ text: "Summary: A double charge on order 1234 was refunded." });
    const { id } = await closedComplaint("gus");
    const written = await pollUntil(async () => {
      const insights = await insightsOf(id);
      return insights?.engine === "provider" ? insights : undefined;
    }, 10_000, () => "the provider's summary never replaced the offline one");
    expect(written).toMatchObject({ summary: "A double charge on order 1234 was refunded.", sentimentLabel: "negative" });
    expect(written.sentiment).toBeLessThan(-0.05);
  });

  it("a provider that fails or answers nothing leaves the offline summary", async () => {
    for (const reply of [{ status: 401, message: "Incorrect API key provided" }, { text: "   " }]) {
      chat.reset();
      chat.plan(reply);
      const { id } = await closedComplaint(`fay-${chat.chats.length}-${Math.random().toString(36).slice(2, 6)}`);
      await pollUntil(async () => (chat.chats.some((received) => received.status !== 0) ? true : undefined), 10_000, () => "the provider was not asked");
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await insightsOf(id)).toMatchObject({ engine: "offline", providerName: null, summary: expect.stringContaining("charged twice") });
    }
  });
});
