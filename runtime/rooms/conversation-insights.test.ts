import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RoomsServer, type TestAgent } from "./test-support/rooms-server";

let rs: RoomsServer;
let ana: TestAgent;
beforeAll(async () => {
  rs = await RoomsServer.start();
  ana = await rs.agent("Ana");
  rs.server.rooms.presence.connect(ana.id, `socket-${ana.id}`);
  await rs.server.rooms.settled();
});
afterAll(() => rs.stop());

async function acceptedChat(contact: string): Promise<{ id: string; sessionId: string }> {
  const sessionId = await rs.chat(contact);
  await rs.server.rooms.settled();
  const conversation = await rs.server.store.rooms.conversations.findBySession(sessionId);
  if (conversation === undefined) throw new Error("no conversation");
  expect((await rs.call("POST", `/api/conversations/${conversation.id}/accept`, ana)).status).toBe(200);
  return { id: conversation.id, sessionId };
}

describe("a conversation's insights when it closes", () => {
  it("are null while it is open; on close, the detail has the summary, the customer's negative sentiment and what they gave", async () => {
    const { id, sessionId } = await acceptedChat("dana");
    await rs.server.rooms.postCustomerMessage({ sessionId }, "I was charged twice for order 1234, $42.50 each time!");
    await rs.call("POST", `/api/conversations/${id}/messages`, ana, { body: "Sorry about that. What is your email?" });
    await rs.server.rooms.postCustomerMessage({ sessionId }, "dana@acme.test. I have been on hold for forty minutes, this is ridiculous");
    await rs.call("POST", `/api/conversations/${id}/messages`, ana, { body: "The second charge is refunded." });
    expect((await rs.call("GET", `/api/conversations/${id}`, ana)).body).toMatchObject({ insights: null });

    expect((await rs.call("POST", `/api/conversations/${id}/close`, ana, {})).status).toBe(200);
    const detail = await rs.call("GET", `/api/conversations/${id}`, ana);
    expect(detail.body).toMatchObject({
      conversation: { status: "closed" },
      insights: {
        summary: expect.stringContaining("charged twice"),
        sentimentLabel: "negative",
        fields: { emails: ["dana@acme.test"], amounts: [expect.objectContaining({ value: 42.5, currency: "USD" })] },
        engine: "offline",
        providerName: null,
        messageCount: 4,
      },
    });
    const body = detail.body as { insights: { sentiment: number } };
    expect(body.insights.sentiment).toBeLessThan(-0.05);
    // The call log's session has them too.
    expect((await rs.call("GET", `/api/sessions/${sessionId}`, "admin")).body).toMatchObject({ id: sessionId, insights: body.insights });
    expect((await rs.call("GET", `/api/sessions/${await rs.chat("fay")}`, "admin")).body).toMatchObject({ insights: null });
    // The call log filters by it: Dana's session is among the negative ones, not the positive ones; Ana (an agent of the team) sees it too.
    const listed = async (sentiment: string, who: TestAgent | "admin") => {
      const page = await rs.call("GET", `/api/sessions?sentiment=${sentiment}&limit=500`, who);
      expect(page.status).toBe(200);
      return (page.body as { items: Array<{ id: string }> }).items.map((item) => item.id);
    };
    expect(await listed("negative", "admin")).toContain(sessionId);
    expect(await listed("negative", ana)).toContain(sessionId);
    expect(await listed("positive", "admin")).not.toContain(sessionId);
  });

  it("are written again when a reopened conversation closes, from all its messages", async () => {
    const { id, sessionId } = await acceptedChat("eli");
    await rs.server.rooms.postCustomerMessage({ sessionId }, "My parcel never arrived.");
    await rs.call("POST", `/api/conversations/${id}/close`, ana, {});
    expect(await rs.server.store.rooms.insights.get(id)).toMatchObject({ messageCount: 1, sentimentLabel: "negative" });
    const again = await acceptedChat("eli");
    expect(again.id).toBe(id);
    await rs.server.rooms.postCustomerMessage({ sessionId: again.sessionId }, "It came today, thank you so much, great service!");
    await rs.call("POST", `/api/conversations/${id}/close`, ana, {});
    expect(await rs.server.store.rooms.insights.get(id)).toMatchObject({ messageCount: 2, summary: expect.stringContaining("parcel never arrived") });
  });
});
