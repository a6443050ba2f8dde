import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RoomsServer, type TestAgent } from "./test-support/rooms-server";

const AGENTS = 50;

let rs: RoomsServer;
let agents: TestAgent[];
beforeAll(async () => {
  rs = await RoomsServer.start();
  agents = await Promise.all(Array.from({ length: AGENTS }, (_, index) => rs.agent(`Agent${String(index).padStart(2, "0")}`)));
  for (const agent of agents) rs.server.rooms.presence.connect(agent.id, `socket-${agent.id}`);
  await rs.server.rooms.settled();
}, 60_000);
afterAll(() => rs.stop());

describe("the claim", () => {
  it("gives a conversation offered to 50 agents to exactly one of 50 parallel accepts; the 49 others get 409 offer_taken", async () => {
    const sessionId = await rs.chat("ada");
    await rs.server.rooms.settled();
    const conversation = await rs.server.store.rooms.conversations.findBySession(sessionId);
    if (conversation === undefined) throw new Error("no conversation");
    expect((await rs.server.store.rooms.offers.openOn(conversation.id)).length).toBe(AGENTS);

    const answers = await Promise.all(agents.map((agent) => rs.call("POST", `/api/conversations/${conversation.id}/accept`, agent)));
    const winners = answers.filter((answer) => answer.status === 200);
    const losers = answers.filter((answer) => answer.status !== 200);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(AGENTS - 1);
    for (const loser of losers) {
      expect(loser).toMatchObject({ status: 409, body: { error: { code: "offer_taken", message: `conversation ${conversation.id} was already accepted by another agent` } } });
    }

    const stored = await rs.server.store.rooms.conversations.get(conversation.id);
    const winner = agents.find((agent) => agent.id === stored?.assigneeId);
    expect(winners[0]?.body).toMatchObject({ assigneeId: winner?.id, status: "active" });
    expect(await rs.server.store.rooms.offers.openOn(conversation.id)).toEqual([]);
    const participants = await rs.server.store.rooms.messages.participants(conversation.id);
    expect(participants.filter((participant) => participant.role === "agent").map((participant) => participant.userId)).toEqual([winner?.id]);
  });
});
