import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pollUntil } from "../test-support/api-client";
import { AgentClient } from "./test-support/agent-client";
import { RoomsServer, type TestAgent } from "./test-support/rooms-server";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let rs: RoomsServer;
const clients: AgentClient[] = [];
beforeEach(async () => {
  rs = await RoomsServer.start({ timeoutMs: 400, sweepMs: 50 });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await rs.stop();
});

async function connect(agent: TestAgent, via: "cookie" | "query" = "cookie"): Promise<AgentClient> {
  const client = await AgentClient.connect(rs.wsUrl, agent.token, via);
  clients.push(client);
  client.startHeartbeats(100);
  await client.next("snapshot");
  return client;
}

describe("the agent socket", () => {
  it("refuses a connection without a login, and accepts the login token as ?token=", async () => {
    await expect(AgentClient.connect(rs.wsUrl, "not a token")).rejects.toThrow("401");
    const ana = await rs.agent("Ana");
    const client = await connect(ana, "query");
    expect(client.frames[0]).toMatchObject({ type: "snapshot", seq: 1, agent: { id: ana.id, online: true, availability: "available", capacity: 3 }, offers: [], conversations: [] });
  });

  it("offers to both agents; one accepts over REST; the other's offer is withdrawn; messages arrive both ways", async () => {
    const [ana, bob] = [await rs.agent("Ana"), await rs.agent("Bob")];
    const [anaSocket, bobSocket] = [await connect(ana), await connect(bob)];
    const sessionId = await rs.chat("ada");

    const [anaOffer, bobOffer] = [await anaSocket.next("offer"), await bobSocket.next("offer")];
    const conversationId = anaOffer.offer.conversation.id;
    expect(bobOffer.offer.conversation.id).toBe(conversationId);
    expect(anaOffer.offer.details).toMatchObject({ caller: { name: "ada" }, variables: { account: "A-42" } });

    const accepted = await rs.call("POST", `/api/conversations/${conversationId}/accept`, ana);
    expect(accepted).toMatchObject({ status: 200, body: { status: "active", assigneeId: ana.id } });
    await bobSocket.next("offer_withdrawn", (frame) => frame.conversationId === conversationId && frame.reason === "taken");
    await anaSocket.next("conversation_updated", (frame) => frame.conversation.status === "active");
    const lost = await rs.call("POST", `/api/conversations/${conversationId}/accept`, bob);
    expect(lost).toMatchObject({ status: 409, body: { error: { code: "offer_taken", message: expect.stringContaining("already accepted by another agent") } } });

    await rs.call("POST", `/api/conversations/${conversationId}/messages`, ana, { body: "Hi Ada" });
    await anaSocket.next("message", (frame) => frame.message.body === "Hi Ada" && frame.message.author?.role === "agent");
    await rs.server.rooms.postCustomerMessage({ sessionId }, "Hello!");
    const incoming = await anaSocket.next("message", (frame) => frame.message.body === "Hello!");
    expect(incoming.message.author).toMatchObject({ role: "customer", channel: "webchat", address: "ada" });
    expect(bobSocket.of("message")).toEqual([]);

    // Sequence numbers: per agent, +1 per frame.
    const seqs = anaSocket.frames.flatMap((frame) => ("seq" in frame ? [frame.seq] : []));
    expect(seqs).toEqual(seqs.map((_, index) => index + 1));

    // Catching up after a reconnect: the snapshot lists the open conversation; messages come by id.
    const again = await connect(ana);
    const snapshot = await again.next("snapshot");
    const mine = snapshot.conversations.find((conversation) => conversation.id === conversationId);
    expect(mine?.lastMessageId).toBe(4);
    const missed = await rs.call("GET", `/api/conversations/${conversationId}/messages?after=2`, ana);
    expect(missed.body).toEqual([expect.objectContaining({ id: 3, body: "Hi Ada" }), expect.objectContaining({ id: 4, body: "Hello!" })]);

    const closed = await rs.call("POST", `/api/conversations/${conversationId}/close`, ana);
    expect(closed).toMatchObject({ status: 200, body: { status: "closed" } });
    const session = await rs.call("GET", `/api/sessions/${sessionId}`, "admin");
    expect(session.body).toMatchObject({ status: "ended", endReason: "hangup_node" });
  });

  it("an agent's load follows a transfer away and a reassignment: their presence frame says how many they have", async () => {
    const [ana, bob] = [await rs.agent("Ana"), await rs.agent("Bob")];
    const [anaSocket] = [await connect(ana), await connect(bob)];
    // The load of `agent` in a presence frame Ana got after the first `from` frames.
    const loadAfter = (from: number, agent: TestAgent, open: number) =>
      pollUntil(
        async () => anaSocket.frames.slice(from).find((frame) => frame.type === "presence" && frame.agent.id === agent.id && frame.agent.open === open),
        3_000,
        () => `no presence of ${agent.name} with ${open} open; got ${JSON.stringify(anaSocket.of("presence").map((frame) => [frame.agent.name, frame.agent.open]))}`,
        20,
      );
    await rs.chat("ada");
    const { offer } = await anaSocket.next("offer");
    const id = offer.conversation.id;
    let from = anaSocket.frames.length;
    expect((await rs.call("POST", `/api/conversations/${id}/accept`, ana)).status).toBe(200);
    await loadAfter(from, ana, 1);

    from = anaSocket.frames.length;
    expect((await rs.call("POST", `/api/conversations/${id}/transfer`, ana, { teamId: "support" })).status).toBe(200);
    await loadAfter(from, ana, 0);

    expect((await rs.call("POST", `/api/conversations/${id}/assign`, bob, { agentId: bob.id })).status).toBe(200);
    from = anaSocket.frames.length;
    expect((await rs.call("POST", `/api/conversations/${id}/assign`, bob, { agentId: ana.id })).status).toBe(200);
    await loadAfter(from, bob, 0);
  });

  it("does not offer to an agent who is away", async () => {
    const [ana, bob] = [await rs.agent("Ana"), await rs.agent("Bob")];
    const [anaSocket, bobSocket] = [await connect(ana), await connect(bob)];
    bobSocket.send({ type: "set_availability", availability: "away" });
    await anaSocket.next("presence", (frame) => frame.agent.id === bob.id && frame.agent.availability === "away");
    await rs.chat("ada");
    await anaSocket.next("offer");
    await sleep(100);
    expect(bobSocket.of("offer")).toEqual([]);
  });

  it("tracks presence by heartbeats: online while heartbeating, offline when the socket closes or goes quiet", async () => {
    const [ana, bob] = [await rs.agent("Ana"), await rs.agent("Bob")];
    const anaSocket = await connect(ana);
    const bobSocket = await connect(bob);
    await anaSocket.next("presence", (frame) => frame.agent.id === bob.id && frame.agent.online);
    await sleep(600); // longer than the timeout: heartbeats keep Bob online
    expect((await rs.call("GET", "/api/conversations/agents", ana)).body).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: bob.id, online: true }), expect.objectContaining({ id: ana.id, online: true })]),
    );

    bobSocket.stopHeartbeats();
    expect(await bobSocket.closed).toMatchObject({ code: 4408 });
    await anaSocket.next("presence", (frame) => frame.agent.id === bob.id && !frame.agent.online);

    // Nobody else online but Ana; when she leaves too, a transfer answers no_answer at once.
    await anaSocket.close();
    await pollUntil(
      async () => (rs.server.rooms.presence.isOnline(ana.id) ? undefined : true),
      2_000,
      () => "Ana still online",
    );
    const sessionId = await rs.chat("ada");
    const ended = await pollUntil(
      async () => {
        const session = await rs.call("GET", `/api/sessions/${sessionId}`, "admin");
        return typeof session.body === "object" && session.body !== null && "status" in session.body && session.body.status === "ended" ? session.body : undefined;
      },
      2_000,
      () => "the session did not end",
    );
    expect(ended).toMatchObject({ steps: expect.arrayContaining([expect.objectContaining({ nodeId: "to_team", outcome: "no_answer" })]) });
  });

  it("answers a malformed frame with an error frame", async () => {
    const ana = await rs.agent("Ana");
    const socket = await connect(ana);
    socket.send({ type: "dance" });
    expect(await socket.next("error")).toMatchObject({ code: "invalid_frame" });
  });
});
