import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { changes } from "#store-dialect";
import { conversations } from "../../drizzle/schema";
import { ConversationOffersRepo } from "./conversation-offers-repo";
import type { ConversationStatus } from "./room-records";
import { openTestRepos, type TestRepos } from "./test-support/test-repos";

let t: TestRepos;
let offers: ConversationOffersRepo;
beforeEach(async () => {
  t = await openTestRepos("conversation_offers");
  offers = new ConversationOffersRepo(t.db, { now: t.clock.now });
});
afterEach(() => t.dispose());

async function agents(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await t.store.users.createUser({ email: `agent${i}@example.com`, name: `Agent ${i}`, role: "agent", password: "pass word" });
    if (!created.ok) throw new Error(created.error.message);
    ids.push(created.value.id);
  }
  return ids;
}

async function conversation(status: ConversationStatus = "waiting", round = 1): Promise<string> {
  const id = randomUUID();
  const at = t.clock.time;
  await changes(t.db.insert(conversations).values({ id, channelType: "webchat", subject: "Chat", priority: "normal", status, round, waitingSince: at, createdAt: at, updatedAt: at }));
  return id;
}

async function conversationRow(id: string) {
  const [row] = await t.rows(sql`select agents_tried, offer_phase, offer_expires_at from conversations where id = ${id}`);
  return { agentsTried: JSON.parse(String(row?.agents_tried)), offerPhase: row?.offer_phase, offerExpiresAt: row?.offer_expires_at === null ? null : Number(row?.offer_expires_at) };
}

describe("ConversationOffersRepo", () => {
  it("offers a waiting conversation to agents not offered it yet, recording them as tried and the offer phase", async () => {
    const [ann, bob, cat] = await agents(3);
    if (ann === undefined || bob === undefined || cat === undefined) throw new Error("three agents");
    const room = await conversation();
    const deadline = t.clock.time + 20_000;
    const single = await offers.create({ conversationId: room, round: 1, userIds: [ann], expiresAt: deadline });
    expect(single).toEqual([expect.objectContaining({ conversationId: room, userId: ann, round: 1, status: "open", offeredAt: t.clock.time, expiresAt: deadline, closedAt: null })]);
    expect(await conversationRow(room)).toEqual({ agentsTried: [ann], offerPhase: "single", offerExpiresAt: deadline });

    t.clock.advance(20_000);
    const broadcast = await offers.create({ conversationId: room, round: 1, userIds: [ann, bob, cat], expiresAt: null });
    expect(broadcast.map((offer) => offer.userId)).toEqual([bob, cat]);
    expect(await conversationRow(room)).toEqual({ agentsTried: [ann, bob, cat], offerPhase: "broadcast", offerExpiresAt: null });
    // Oldest first (then by id: bob's and cat's, made at once, in either order).
    const open = (await offers.openOn(room)).map((offer) => offer.userId);
    expect(open[0]).toBe(ann);
    expect(open.slice(1).sort()).toEqual([bob, cat].sort());

    expect(await offers.create({ conversationId: room, round: 2, userIds: [ann], expiresAt: null })).toEqual([]);
    expect(await offers.create({ conversationId: await conversation("active"), round: 1, userIds: [ann], expiresAt: null })).toEqual([]);
    expect(await offers.create({ conversationId: "gone", round: 1, userIds: [ann], expiresAt: null })).toEqual([]);
  });

  it("declines once, remembers who declined in which round, and withdraws by conversation, by agent or by both", async () => {
    const [ann, bob, cat] = await agents(3);
    if (ann === undefined || bob === undefined || cat === undefined) throw new Error("three agents");
    const first = await conversation();
    const second = await conversation();
    await offers.create({ conversationId: first, round: 1, userIds: [ann, bob, cat], expiresAt: null });
    t.clock.advance(1_000);
    await offers.create({ conversationId: second, round: 1, userIds: [ann, bob], expiresAt: null });

    expect(await offers.decline(first, bob)).toBe(true);
    expect(await offers.decline(first, bob)).toBe(false);
    expect(await offers.declinedIn(first, 1)).toEqual([bob]);
    expect(await offers.declinedIn(first, 2)).toEqual([]);
    expect((await offers.openForAgent(ann)).map((offer) => offer.conversationId)).toEqual([first, second]);

    const some = await offers.withdraw(first, "offline", [cat]);
    expect(some.map((offer) => [offer.userId, offer.status, offer.closeReason, offer.closedAt])).toEqual([[cat, "withdrawn", "offline", t.clock.time]]);
    const ones = await offers.withdrawForAgent(ann, "away");
    expect(ones.map((offer) => offer.conversationId).sort()).toEqual([first, second].sort());
    expect((await offers.withdraw(second, "taken")).map((offer) => offer.userId)).toEqual([bob]);
    expect(await offers.withdraw(first, "taken")).toEqual([]);
    expect(await offers.openOn(first)).toEqual([]);
  });

  it("makes one open offer per agent when offers are made at once, and loses none of the agents tried", async () => {
    const ids = await agents(8);
    const room = await conversation();
    const made = await Promise.all([...ids, ...ids].map((userId) => offers.create({ conversationId: room, round: 1, userIds: [userId], expiresAt: null })));
    expect(made.flat().map((offer) => offer.userId).sort()).toEqual([...ids].sort());
    expect((await offers.openOn(room)).map((offer) => offer.userId).sort()).toEqual([...ids].sort());
    expect((await conversationRow(room)).agentsTried.sort()).toEqual([...ids].sort());
  });
});
