import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { changes } from "#store-dialect";
import { sessions } from "../../drizzle/schema";
import type { OpenForTransferInput } from "./conversations-repo";
import { sampleFlow } from "./test-support/sample-flow";
import { openTestRepos, type TestRepos } from "./test-support/test-repos";

let t: TestRepos;
beforeEach(async () => {
  t = await openTestRepos("conversations");
  await t.store.flows.createFlow(sampleFlow("support"), "u1");
  await t.store.flows.publish("support", { author: "u1" });
});
afterEach(() => t.dispose());

/** A session on the published flow, as the sessions repository writes one (it is not yet written for both databases). */
async function session(): Promise<string> {
  const id = randomUUID();
  const at = t.clock.time;
  await changes(t.db.insert(sessions).values({ id, flowId: "support", version: 1, source: "published", channelType: "webchat", contact: "visitor-1", status: "ended", state: "{}", startedAt: at, updatedAt: at }));
  return id;
}

async function agents(count: number, capacity: number | null = null): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await t.store.users.createUser({ email: `agent${ids.length}-${randomUUID()}@example.com`, name: `Agent ${i}`, role: "agent", password: "pass word" });
    if (!created.ok) throw new Error(created.error.message);
    if (capacity !== null) await t.store.rooms.agents.setState(created.value.id, { capacity });
    ids.push(created.value.id);
  }
  return ids;
}

/** A hand-off whose flow ended there (no transfer wait): claims need no session check. */
const handOff = (sessionId: string, contact = "visitor-1"): OpenForTransferInput => ({
  sessionId,
  teamId: null,
  channelType: "webchat",
  channelId: null,
  contact,
  subject: "Chat",
  priority: "normal",
  transferToken: null,
  transferNodeId: null,
  holdAudio: null,
  phase: "broadcast",
  customer: { channel: "webchat", address: contact, displayName: "Visitor" },
  message: "Transferred",
  reopenWindowMs: 60_000,
});

describe("ConversationsRepo", () => {
  it("opens a waiting conversation with its customer and a system message, and requeues it for the same session in a new round", async () => {
    const sessionId = await session();
    const opened = await t.store.rooms.conversations.openForTransfer(handOff(sessionId));
    expect(opened).toMatchObject({ outcome: "created", withdrawn: [], message: { seq: 1, kind: "system", body: "Transferred" } });
    expect(opened.conversation).toMatchObject({ sessionId, status: "waiting", round: 1, assigneeId: null, waitingSince: t.clock.time, messageCount: 1 });
    expect((await t.store.rooms.messages.participants(opened.conversation.id)).map((participant) => [participant.role, participant.address])).toEqual([["customer", "visitor-1"]]);
    const [ann] = await agents(1);
    if (ann === undefined) throw new Error("an agent");
    await t.store.rooms.offers.create({ conversationId: opened.conversation.id, round: 1, userIds: [ann], expiresAt: null });

    t.clock.advance(10_000);
    const again = await t.store.rooms.conversations.openForTransfer(handOff(sessionId));
    expect(again).toMatchObject({ outcome: "requeued", message: { seq: 2 } });
    expect(again.conversation).toMatchObject({ id: opened.conversation.id, round: 2, waitMs: 10_000, waitingSince: t.clock.time });
    expect(again.withdrawn.map((offer) => [offer.userId, offer.closeReason])).toEqual([[ann, "requeued"]]);
    expect((await t.store.rooms.conversations.findBySession(sessionId))?.id).toBe(opened.conversation.id);
    expect((await t.store.rooms.conversations.queue([])).length).toBe(0);
    expect((await t.store.rooms.conversations.waiting()).map((conversation) => conversation.id)).toEqual([opened.conversation.id]);
  });

  it("gives a conversation offered to 20 agents to exactly one of 20 accepts made at once", async () => {
    const ids = await agents(20);
    const { conversation } = await t.store.rooms.conversations.openForTransfer(handOff(await session()));
    await t.store.rooms.offers.create({ conversationId: conversation.id, round: 1, userIds: ids, expiresAt: null });
    const results = await Promise.all(ids.map((userId) => t.store.rooms.conversations.claim({ conversationId: conversation.id, userId, displayName: userId, mode: "accept", message: "taken" })));
    const winners = results.flatMap((result, i) => (result.ok ? [ids[i]] : []));
    expect(winners).toHaveLength(1);
    for (const result of results) if (!result.ok) expect(result.error.code).toBe("offer_taken");
    expect(await t.store.rooms.conversations.get(conversation.id)).toMatchObject({ status: "active", assigneeId: winners[0] });
    expect(await t.store.rooms.offers.openOn(conversation.id)).toEqual([]);
    const agentsOn = (await t.store.rooms.messages.participants(conversation.id)).filter((participant) => participant.role === "agent");
    expect(agentsOn.map((participant) => participant.userId)).toEqual(winners);
  });

  it("keeps an agent within their capacity when they accept three conversations at once", async () => {
    const [ann] = await agents(1, 1);
    if (ann === undefined) throw new Error("an agent");
    const rooms = [];
    for (const contact of ["visitor-1", "visitor-2", "visitor-3"]) {
      const { conversation } = await t.store.rooms.conversations.openForTransfer(handOff(await session(), contact));
      await t.store.rooms.offers.create({ conversationId: conversation.id, round: 1, userIds: [ann], expiresAt: null });
      rooms.push(conversation.id);
    }
    const results = await Promise.all(rooms.map((conversationId) => t.store.rooms.conversations.claim({ conversationId, userId: ann, displayName: "Ann", mode: "accept", message: "taken" })));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    for (const result of results) if (!result.ok) expect(result.error.code).toBe("at_capacity");
    expect((await t.store.rooms.agents.getAgent(ann))?.open).toBe(1);
  });

  it("accounts hold and talk time, and closes once", async () => {
    const [ann] = await agents(1);
    if (ann === undefined) throw new Error("an agent");
    const { conversation } = await t.store.rooms.conversations.openForTransfer(handOff(await session()));
    const claimed = await t.store.rooms.conversations.claim({ conversationId: conversation.id, userId: ann, displayName: "Ann", mode: "assign", message: "assigned" });
    expect(claimed.ok).toBe(true);
    t.clock.advance(30_000);
    expect((await t.store.rooms.conversations.setHold(conversation.id, true, "held")).ok).toBe(true);
    t.clock.advance(5_000);
    expect((await t.store.rooms.conversations.setHold(conversation.id, false, "resumed")).ok).toBe(true);
    t.clock.advance(10_000);
    const closed = await t.store.rooms.conversations.close(conversation.id, "resolved", "closed");
    expect(closed.ok && closed.value.conversation).toMatchObject({ status: "closed", talkMs: 40_000, holdMs: 5_000, closeReason: "resolved", closedAt: t.clock.time });
    const twice = await t.store.rooms.conversations.close(conversation.id, "resolved");
    expect(!twice.ok && twice.error.code).toBe("invalid_state");
    expect((await t.store.rooms.messages.list(conversation.id)).map((message) => message.body)).toEqual(["Transferred", "assigned", "held", "resumed", "closed"]);
  });
});
