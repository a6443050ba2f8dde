import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ChatStandIn } from "../ai/test-support/chat-stand-in";
import { RoomsServer, type TestAgent } from "./test-support/rooms-server";

const KEY = "sk-assist-0123456789";
let rs: RoomsServer;
let chat: ChatStandIn;
let ana: TestAgent;
let bob: TestAgent;
let conversationId: string;
beforeAll(async () => {
  [rs, chat] = await Promise.all([RoomsServer.start(), ChatStandIn.start({ apiKey: KEY })]);
  [ana, bob] = [await rs.agent("Ana"), await rs.agent("Bob", { team: null })];
  rs.server.rooms.presence.connect(ana.id, `socket-${ana.id}`);
  const sessionId = await rs.chat("dana");
  await rs.server.rooms.settled();
  const conversation = await rs.server.store.rooms.conversations.findBySession(sessionId);
  if (conversation === undefined) throw new Error("no conversation");
  conversationId = conversation.id;
  await rs.call("POST", `/api/conversations/${conversationId}/accept`, ana);
  await rs.server.rooms.postCustomerMessage({ sessionId }, "My parcel 1042 never arrived and I want a refund.");
});
afterAll(async () => {
  await Promise.all([rs.stop(), chat.close()]);
});
afterEach(() => chat.reset());

const suggest = (as: TestAgent) => rs.call("POST", `/api/conversations/${conversationId}/suggestions`, as);
const provider = (name: string, assist: boolean) => ({ name, kind: "openai", baseUrl: chat.url, apiKey: KEY, defaultModel: "test-model", timeoutSeconds: 3, assist });

describe("POST /api/conversations/{id}/suggestions", () => {
  it("says so when no provider is chosen for the assist", async () => {
    expect((await rs.call("POST", "/api/ai/providers", "admin", provider("not-assist", false))).status).toBe(201);
    expect((await suggest(ana)).body).toMatchObject({ error: { code: "no_assist_provider", message: expect.stringContaining("Settings → AI") } });
  });

  it("asks the assist provider with the conversation and answers its replies, sending nothing to the customer", async () => {
    expect((await rs.call("POST", "/api/ai/providers", "admin", provider("assist", true))).status).toBe(201);
    chat.plan({ text: '```json\n{"suggestions": ["I am sorry your parcel 1042 has not arrived.", "I can refund you right away.", "Could you confirm your address?", "A fourth one"]}\n```' });
    const before = await rs.server.store.rooms.messages.list(conversationId);
    const res = await suggest(ana);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      suggestions: ["I am sorry your parcel 1042 has not arrived.", "I can refund you right away.", "Could you confirm your address?"],
      provider: "assist",
      model: "test-model",
    });
    const asked = chat.chats.at(-1)?.body;
    expect(JSON.stringify(asked?.messages)).toContain("Customer: My parcel 1042 never arrived and I want a refund.");
    expect(await rs.server.store.rooms.messages.list(conversationId)).toEqual(before);
  });

  it("reads a model that answers a list instead of JSON", async () => {
    chat.plan({ text: "1. Sorry about the delay.\n2. Let me check parcel 1042.\n- I will refund you now." });
    expect((await suggest(ana)).body).toMatchObject({ suggestions: ["Sorry about the delay.", "Let me check parcel 1042.", "I will refund you now."] });
  });

  it("answers 502 naming the provider when it fails, and 404 to an agent who cannot see the conversation", async () => {
    chat.plan({ status: 401, message: "Incorrect API key provided" });
    expect((await suggest(ana)).body).toMatchObject({ error: { code: "ai_provider_failed", message: expect.stringContaining("assist: ") } });
    chat.plan({ body: "<html>gateway</html>", contentType: "text/html" });
    expect((await suggest(ana))).toMatchObject({ status: 502 });
    expect((await suggest(bob)).status).toBe(404);
  });
});
