import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { RoomsServer, type TestAgent } from "./test-support/rooms-server";

let rs: RoomsServer;
let ana: TestAgent;
let bob: TestAgent;
let boss: TestAgent;
beforeAll(async () => {
  rs = await RoomsServer.start();
  await rs.server.store.teams.createTeam({ id: "billing", name: "Billing" });
  [ana, bob, boss] = [await rs.agent("Ana"), await rs.agent("Bob", { team: "billing" }), await rs.agent("Boss", { role: "admin", team: null })];
  for (const agent of [ana, bob]) rs.server.rooms.presence.connect(agent.id, `socket-${agent.id}`);
  await rs.server.rooms.settled();
});
afterAll(() => rs.stop());

async function waitingConversation(contact: string): Promise<string> {
  const sessionId = await rs.chat(contact);
  await rs.server.rooms.settled();
  const conversation = await rs.server.store.rooms.conversations.findBySession(sessionId);
  if (conversation === undefined) throw new Error("no conversation");
  return conversation.id;
}

describe("/api/conversations", () => {
  it("lists by view, reads one with participants and messages, and answers 404 to outsiders", async () => {
    const id = await waitingConversation("ada");
    expect((await rs.call("GET", "/api/conversations?view=waiting", ana)).body).toEqual([expect.objectContaining({ id, status: "waiting", priority: "high" })]);
    expect((await rs.call("GET", "/api/conversations?view=mine", ana)).body).toEqual([]);
    expect((await rs.call("GET", "/api/conversations?view=waiting", bob)).body).toEqual([]);
    expect((await rs.call("GET", "/api/conversations?view=all", "admin")).body).toEqual(expect.arrayContaining([expect.objectContaining({ id })]));
    expect((await rs.call("GET", "/api/conversations?view=nope", ana)).status).toBe(400);
    const detail = await rs.call("GET", `/api/conversations/${id}`, ana);
    expect(detail.body).toMatchObject({ conversation: { id }, participants: [{ role: "customer", address: "ada" }], messages: [{ id: 1, kind: "system" }] });
    expect((await rs.call("GET", `/api/conversations/${id}`, bob)).status).toBe(404);
    expect((await rs.call("GET", "/api/conversations", "nobody")).status).toBe(401);
  });

  it("accepts, holds, resumes, invites, re-prioritises, transfers to a team, and deletes (admins only)", async () => {
    const id = await waitingConversation("bea");
    expect((await rs.call("POST", `/api/conversations/${id}/accept`, "admin")).body).toMatchObject({ error: { code: "user_required" } });
    expect((await rs.call("POST", `/api/conversations/${id}/accept`, ana)).body).toMatchObject({ status: "active", assigneeId: ana.id });
    expect((await rs.call("POST", `/api/conversations/${id}/hold`, bob)).status).toBe(404);
    expect((await rs.call("POST", `/api/conversations/${id}/hold`, ana)).body).toMatchObject({ status: "on_hold" });
    expect((await rs.call("POST", `/api/conversations/${id}/hold`, ana)).body).toMatchObject({ error: { code: "invalid_state" } });
    expect((await rs.call("POST", `/api/conversations/${id}/resume`, ana)).body).toMatchObject({ status: "active" });
    const invited = await rs.call("POST", `/api/conversations/${id}/participants`, ana, { channel: "twilio_voice", address: "+15550100", displayName: "Supervisor", role: "observer" });
    expect(invited).toMatchObject({ status: 201, body: { role: "observer", channel: "twilio_voice", address: "+15550100" } });
    expect((await rs.call("PATCH", `/api/conversations/${id}`, ana, { priority: "urgent" })).body).toMatchObject({ priority: "urgent" });
    expect((await rs.call("PATCH", `/api/conversations/${id}`, ana, { priority: "whenever" })).body).toMatchObject({ error: { code: "invalid_request", message: expect.stringContaining("body.priority") } });

    const moved = await rs.call("POST", `/api/conversations/${id}/transfer`, ana, { teamId: "billing" });
    expect(moved.body).toMatchObject({ status: "waiting", teamId: "billing", assigneeId: null });
    expect((await rs.server.store.rooms.offers.openForAgent(bob.id)).map((offer) => offer.conversationId)).toEqual([id]);
    expect((await rs.call("POST", `/api/conversations/${id}/decline`, bob)).status).toBe(204);
    expect((await rs.call("POST", `/api/conversations/${id}/decline`, bob)).body).toMatchObject({ error: { code: "no_open_offer" } });
    expect((await rs.call("POST", `/api/conversations/${id}/assign`, boss, { agentId: bob.id })).body).toMatchObject({ status: "active", assigneeId: bob.id });

    expect((await rs.call("DELETE", `/api/conversations/${id}`, bob)).status).toBe(403);
    expect((await rs.call("DELETE", `/api/conversations/${id}`, "admin")).status).toBe(204);
    expect((await rs.call("GET", `/api/conversations/${id}`, "admin")).status).toBe(404);
  });

  it("assigns only to members of the conversation's team (or admins); an admin may assign to anyone", async () => {
    const id = await waitingConversation("dee");
    const refused = await rs.call("POST", `/api/conversations/${id}/assign`, ana, { agentId: bob.id });
    expect(refused).toMatchObject({
      status: 422,
      body: { error: { code: "agent_not_in_team", message: expect.stringMatching(/^body\.agentId: Bob is not a member of team support/), details: { field: "agentId", agentId: bob.id, teamId: "support" } } },
    });
    // Nothing changed: still waiting, and Bob still cannot see it.
    expect((await rs.call("GET", `/api/conversations/${id}`, ana)).body).toMatchObject({ conversation: { status: "waiting", assigneeId: null } });
    expect((await rs.call("GET", `/api/conversations/${id}`, bob)).status).toBe(404);

    expect((await rs.call("POST", `/api/conversations/${id}/assign`, ana, { agentId: ana.id })).body).toMatchObject({ status: "active", assigneeId: ana.id });
    // Handing an active conversation over follows the same rule; admins (users) may have it.
    expect((await rs.call("POST", `/api/conversations/${id}/assign`, ana, { agentId: bob.id })).body).toMatchObject({ error: { code: "agent_not_in_team" } });
    expect((await rs.call("POST", `/api/conversations/${id}/messages`, bob, { body: "hello from outside" })).status).toBe(404);
    expect((await rs.call("POST", `/api/conversations/${id}/assign`, ana, { agentId: boss.id })).body).toMatchObject({ status: "active", assigneeId: boss.id });
    expect((await rs.call("POST", `/api/conversations/${id}/assign`, "admin", { agentId: bob.id })).body).toMatchObject({ status: "active", assigneeId: bob.id });
    expect((await rs.call("GET", `/api/conversations/${id}`, bob)).status).toBe(200);
  });

  it("transfers to one agent only within the conversation's team, unless an admin does it", async () => {
    const id = await waitingConversation("eve");
    await rs.call("POST", `/api/conversations/${id}/accept`, ana);
    const refused = await rs.call("POST", `/api/conversations/${id}/transfer`, ana, { agentId: bob.id });
    expect(refused).toMatchObject({ status: 422, body: { error: { code: "agent_not_in_team", message: expect.stringMatching(/^body\.agentId: /), details: { field: "agentId", agentId: bob.id, teamId: "support" } } } });
    expect((await rs.server.store.rooms.offers.openForAgent(bob.id)).map((offer) => offer.conversationId)).not.toContain(id);
    expect((await rs.call("GET", `/api/conversations/${id}`, bob)).status).toBe(404);
    expect((await rs.call("GET", `/api/conversations/${id}`, ana)).body).toMatchObject({ conversation: { status: "active", assigneeId: ana.id } });
    expect((await rs.call("POST", `/api/conversations/${id}/transfer`, "admin", { agentId: bob.id })).body).toMatchObject({ status: "waiting", teamId: "support" });
    expect((await rs.server.store.rooms.offers.openForAgent(bob.id)).map((offer) => offer.conversationId)).toContain(id);
    expect((await rs.call("POST", `/api/conversations/${id}/close`, "admin")).status).toBe(200);
  });

  it("invites another agent on the console (a three-way call) under the team rule: a member of its team or an admin user; an admin may invite anyone", async () => {
    const id = await waitingConversation("fay");
    await rs.call("POST", `/api/conversations/${id}/accept`, ana);
    const refused = await rs.call("POST", `/api/conversations/${id}/participants`, ana, { channel: "console", address: bob.id, role: "agent" });
    expect(refused).toMatchObject({ status: 422, body: { error: { code: "agent_not_in_team", message: expect.stringMatching(/^body\.address: Bob is not a member of team support/), details: { field: "address", agentId: bob.id, teamId: "support" } } } });
    expect((await rs.call("GET", `/api/conversations/${id}`, bob)).status).toBe(404);
    const console = (participants: unknown) => z.array(z.object({ channel: z.string() })).parse(participants).filter((participant) => participant.channel === "console");
    expect(console(z.object({ participants: z.unknown() }).parse((await rs.call("GET", `/api/conversations/${id}`, ana)).body).participants)).toHaveLength(1);

    const admin = await rs.call("POST", `/api/conversations/${id}/participants`, ana, { channel: "console", address: boss.id, role: "agent" });
    expect(admin).toMatchObject({ status: 201, body: { role: "agent", channel: "console", address: boss.id, userId: boss.id, displayName: "Boss" } });
    const byAdmin = await rs.call("POST", `/api/conversations/${id}/participants`, "admin", { channel: "console", address: bob.id, role: "agent" });
    expect(byAdmin).toMatchObject({ status: 201, body: { role: "agent", userId: bob.id, displayName: "Bob" } });
    const seen = await rs.call("GET", `/api/conversations/${id}`, bob);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ participants: expect.arrayContaining([expect.objectContaining({ userId: bob.id, leftAt: null })]) });
    expect((await rs.call("POST", `/api/conversations/${id}/participants`, ana, { channel: "console", address: "no-such-agent", role: "agent" })).body).toMatchObject({
      error: { code: "agent_not_found", message: expect.stringContaining("no-such-agent") },
    });
    expect((await rs.call("POST", `/api/conversations/${id}/participants`, ana, { channel: "console", address: boss.id, role: "customer" })).body).toMatchObject({
      error: { code: "invalid_request", message: expect.stringContaining("role") },
    });
    // A transfer hands the conversation on: every agent leaves it (a call's three-way ends with it), the customer stays.
    expect((await rs.call("POST", `/api/conversations/${id}/transfer`, ana, { teamId: "support" })).body).toMatchObject({ status: "waiting" });
    const after = z.object({ participants: z.array(z.object({ role: z.string(), leftAt: z.string().nullable() })) }).parse((await rs.call("GET", `/api/conversations/${id}`, "admin")).body);
    expect(after.participants.map((participant) => `${participant.role} ${participant.leftAt === null ? "here" : "left"}`)).toEqual(["customer here", "agent left", "agent left", "agent left"]);
  });

  it("closes with an optional reason", async () => {
    const id = await waitingConversation("cal");
    await rs.call("POST", `/api/conversations/${id}/accept`, ana);
    expect((await rs.call("POST", `/api/conversations/${id}/close`, ana, { reason: "resolved" })).body).toMatchObject({ status: "closed", closeReason: "resolved" });
    expect((await rs.call("POST", `/api/conversations/${id}/close`, ana)).body).toMatchObject({ error: { code: "invalid_state" } });
  });

  it("sets availability (own) and capacity (admins), and team routing (admins)", async () => {
    expect((await rs.call("PUT", "/api/conversations/agents/me", ana, { availability: "away" })).body).toMatchObject({ id: ana.id, availability: "away", online: true });
    expect((await rs.call("PUT", "/api/conversations/agents/me", ana, { capacity: 9 })).status).toBe(403);
    expect((await rs.call("PUT", `/api/conversations/agents/${ana.id}`, "admin", { capacity: 5, availability: "available" })).body).toMatchObject({ capacity: 5, availability: "available" });
    expect((await rs.call("PUT", "/api/conversations/teams/support/routing", ana, { routingStrategy: "round_robin", offerTimeoutSeconds: 15 })).status).toBe(403);
    expect((await rs.call("PUT", "/api/conversations/teams/support/routing", "admin", { routingStrategy: "round_robin", offerTimeoutSeconds: 15 })).body).toEqual({ routingStrategy: "round_robin", offerTimeoutSeconds: 15 });
    expect((await rs.call("PUT", "/api/conversations/teams/ghost/routing", "admin", { routingStrategy: "broadcast", offerTimeoutSeconds: 15 })).status).toBe(404);
    expect((await rs.call("GET", "/api/teams", "admin")).body).toEqual(expect.arrayContaining([expect.objectContaining({ id: "support" })]));
  });

  it("is described in the OpenAPI document", async () => {
    const doc = (await rs.call("GET", "/api/openapi.json", "admin")).body;
    expect(doc).toMatchObject({ paths: expect.objectContaining({ "/api/conversations/{id}/accept": expect.anything(), "/api/conversations/{id}/messages": expect.anything() }) });
  });
});
