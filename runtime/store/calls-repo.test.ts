import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { changes, DIALECT, isForeignKeyViolation } from "#store-dialect";
import { conversationParticipants, conversations, sessions, users } from "../../drizzle/schema";
import type { NewCall } from "./calls-repo";
import { errorCodes } from "./dialect/error-codes";
import { sampleFlow } from "./test-support/sample-flow";
import { openTestRepos, type TestRepos } from "./test-support/test-repos";

let t: TestRepos;
beforeEach(async () => {
  t = await openTestRepos("calls");
  await t.store.flows.createFlow(sampleFlow("support"), "u1");
  await t.store.flows.publish("support", { author: "u1" });
});
afterEach(() => t.dispose());

const visitorCall: NewCall = { channelId: null, channelType: "webvoice", direction: "inbound", from: "visitor-1", to: null };

/** A session on the published flow (the sessions repository is not yet written for both databases: its row, as it writes one). */
async function session(): Promise<string> {
  const id = randomUUID();
  const at = t.clock.time;
  await changes(t.db.insert(sessions).values({ id, flowId: "support", version: 1, source: "published", channelType: "webvoice", contact: "visitor-1", status: "active", state: "{}", startedAt: at, updatedAt: at }));
  return id;
}

async function user(name: string): Promise<string> {
  const id = randomUUID();
  await changes(t.db.insert(users).values({ id, email: `${name.toLowerCase()}@acme.test`, name, role: "agent", passwordHash: "none", createdAt: t.clock.time }));
  return id;
}

async function conversation(sessionId: string | null): Promise<string> {
  const id = randomUUID();
  const at = t.clock.time;
  await changes(t.db.insert(conversations).values({ id, sessionId, channelType: "webvoice", contact: "visitor-1", subject: "Caller", priority: "normal", status: "active", createdAt: at, updatedAt: at }));
  return id;
}

/** An outbound call's room as `Rooms.openOutbound` writes it: the agent who placed it on the console. */
async function outboundRoom(agentId: string, name: string): Promise<string> {
  const id = randomUUID();
  const at = t.clock.time;
  await changes(
    t.db.insert(conversations).values({ id, channelType: "sip_trunk", contact: "+15550100123", subject: "Call", priority: "normal", status: "active", assigneeId: agentId, createdAt: at, updatedAt: at }),
  );
  await changes(
    t.db.insert(conversationParticipants).values([
      { id: randomUUID(), conversationId: id, role: "customer", channel: "sip_trunk", address: "+15550100123", joinedAt: at },
      { id: randomUUID(), conversationId: id, role: "agent", channel: "console", address: agentId, displayName: name, userId: agentId, joinedAt: at },
    ]),
  );
  return id;
}

/** What a refused insert failed on: its driver's codes (SQLite's or PostgreSQL's). */
async function refusal(attempt: Promise<unknown>): Promise<string[]> {
  try {
    await attempt;
  } catch (error) {
    return errorCodes(error);
  }
  throw new Error("the insert was not refused");
}

describe("CallsRepo", () => {
  it("creates a ringing call with a time-ordered id, answers it once, links its session and room, and ends it once", async () => {
    const calls = t.store.calls;
    const created = await calls.create(visitorCall);
    expect(created).toMatchObject({ channelType: "webvoice", direction: "inbound", fromAddress: "visitor-1", toAddress: null, state: "ringing", createdAt: t.clock.time, answeredAt: null, holdMs: 0, recordingMode: "off" });
    expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const answeredAt = t.clock.advance(1_500);
    expect(await calls.answered(created.id, answeredAt)).toBe(true);
    expect(await calls.answered(created.id, answeredAt + 10)).toBe(false);
    const sessionId = await session();
    const room = await conversation(sessionId);
    expect(await calls.linkSession(created.id, sessionId)).toBe(true);
    expect(await calls.linkConversation(created.id, room)).toBe(true);
    expect(await calls.linkSession("no-such-call", sessionId)).toBe(false);

    const first = await calls.ended(created.id, { at: answeredAt + 60_000, reason: "hangup", hungUpBy: "caller" });
    expect(first).toMatchObject({ state: "ended", answeredAt, endedAt: answeredAt + 60_000, endReason: "hangup", hungUpBy: "caller", sessionId, conversationId: room });
    // A late report (the peer's loss after the hang-up) changes nothing.
    expect(await calls.ended(created.id, { at: answeredAt + 90_000, reason: "peer_gone", hungUpBy: "system" })).toBeUndefined();
    expect(await calls.get(created.id)).toMatchObject({ endedAt: answeredAt + 60_000, endReason: "hangup", hungUpBy: "caller" });
    expect(await calls.answered(created.id, answeredAt)).toBe(false);
    expect(await calls.ended("no-such-call", { at: 1, reason: "hangup", hungUpBy: null })).toBeUndefined();
  });

  it("keeps the caller's id when the channel brings one; an active call is answered when created", async () => {
    const created = await t.store.calls.create({ ...visitorCall, id: "call-1", direction: "outbound", to: "+15550001", state: "active", sessionId: await session() });
    expect(created).toMatchObject({ id: "call-1", direction: "outbound", toAddress: "+15550001", state: "active", answeredAt: t.clock.time });
    expect(await refusal(t.store.calls.create({ ...visitorCall, id: "call-1" }))).toContain(DIALECT === "sqlite" ? "SQLITE_CONSTRAINT_PRIMARYKEY" : "23505");
    await expect(t.store.calls.create({ ...visitorCall, sessionId: "no-such-session" })).rejects.toSatisfy(isForeignKeyViolation);
    expect(await t.store.calls.list()).toHaveLength(1);
  });

  it("records the agents' stays with their names: joined once while on the call, again after leaving; the end closes open stays", async () => {
    const calls = t.store.calls;
    const call = await calls.create({ ...visitorCall, state: "active" });
    const ana = await user("Ana");
    const bob = await user("Bob");
    const start = t.clock.time;
    expect(await calls.agentJoined(call.id, ana, start + 1_000)).toBe(true);
    expect(await calls.agentJoined(call.id, ana, start + 2_000)).toBe(false);
    expect(await calls.agentJoined(call.id, bob, start + 3_000)).toBe(true);
    expect(await calls.agentLeft(call.id, ana, start + 4_000)).toBe(true);
    expect(await calls.agentLeft(call.id, ana, start + 4_500)).toBe(false);
    expect(await calls.agentJoined(call.id, ana, start + 5_000)).toBe(true);
    await calls.ended(call.id, { at: start + 9_000, reason: "hangup", hungUpBy: "agent" });
    expect(await calls.agentJoined(call.id, bob, start + 9_500)).toBe(false);
    expect(await calls.agentJoined("no-such-call", bob, start)).toBe(false);

    const stays = (await calls.agents(call.id)).map(({ name, joinedAt, leftAt }) => [name, joinedAt - start, leftAt === null ? null : leftAt - start]);
    expect(stays).toEqual([
      ["Ana", 1_000, 4_000],
      ["Bob", 3_000, 9_000],
      ["Ana", 5_000, 9_000],
    ]);

    // A deleted user's stay stays, without a name.
    await t.rows(sql`delete from users where id = ${bob}`);
    expect((await calls.agents(call.id)).map((stay) => [stay.userId, stay.name])).toEqual([
      [ana, "Ana"],
      [null, null],
      [ana, "Ana"],
    ]);
    const other = await calls.create(visitorCall);
    const both = await calls.agentsOf([call.id, other.id]);
    expect(both.get(call.id)).toHaveLength(3);
    expect(both.has(other.id)).toBe(false);
  });

  it("keeps one stay for ten parallel joins of an agent, and lets one of ten parallel ends win", async () => {
    const calls = t.store.calls;
    const call = await calls.create({ ...visitorCall, state: "active" });
    const ana = await user("Ana");
    // Ten agents at once first: on PostgreSQL, ten pooled connections open and warm, so the joins below truly run side by side.
    const others = await Promise.all(Array.from({ length: 10 }, (_, i) => user(`Agent ${i}`)));
    expect(await Promise.all(others.map((other) => calls.agentJoined(call.id, other, t.clock.time)))).toEqual(others.map(() => true));
    const joins = await Promise.all(Array.from({ length: 10 }, (_, i) => calls.agentJoined(call.id, ana, t.clock.time + i)));
    expect(joins.filter(Boolean)).toHaveLength(1);
    expect((await calls.agents(call.id)).filter((stay) => stay.userId === ana)).toHaveLength(1);
    const ends = await Promise.all(Array.from({ length: 10 }, (_, i) => calls.ended(call.id, { at: t.clock.time + 100 + i, reason: `end ${i}`, hungUpBy: "system" })));
    const won = ends.filter((row) => row !== undefined);
    expect(won).toHaveLength(1);
    expect(await calls.get(call.id)).toMatchObject({ state: "ended", endReason: won[0]?.endReason, endedAt: won[0]?.endedAt });
    expect((await calls.agents(call.id)).map((stay) => stay.leftAt)).toEqual(others.map(() => won[0]?.endedAt).concat(won[0]?.endedAt));
  });

  it("adds up hold time and refuses a negative one", async () => {
    const call = await t.store.calls.create({ ...visitorCall, state: "active" });
    expect(await t.store.calls.addHold(call.id, 12_000)).toBe(true);
    expect(await t.store.calls.addHold(call.id, 3_500)).toBe(true);
    expect((await t.store.calls.get(call.id))?.holdMs).toBe(15_500);
    await expect(t.store.calls.addHold(call.id, -1)).rejects.toThrow(RangeError);
    expect(await t.store.calls.addHold("no-such-call", 1)).toBe(false);
  });

  it("stamps the recording (mode, file, length, error) and refuses a path that leaves the recordings folder", async () => {
    const calls = t.store.calls;
    const call = await calls.create(visitorCall);
    expect(await calls.recording(call.id, { mode: "call", path: "2025/01/call.ogg" })).toBe(true);
    expect(await calls.recording(call.id, { mode: "call", ms: 61_234.4 })).toBe(true);
    expect(await calls.get(call.id)).toMatchObject({ recordingMode: "call", recordingPath: "2025/01/call.ogg", recordingMs: 61_234, recordingError: null });
    expect(await calls.recording(call.id, { mode: "call", path: null, error: "mix failed: ffmpeg exited with 1" })).toBe(true);
    expect(await calls.get(call.id)).toMatchObject({ recordingPath: null, recordingMs: 61_234, recordingError: "mix failed: ffmpeg exited with 1" });
    for (const path of ["/etc/passwd", "../secret.key", "a/../../b.ogg", "a\\b.ogg", "", "a//b.ogg", "./a.ogg"]) {
      await expect(calls.recording(call.id, { mode: "call", path }), path).rejects.toThrow(/must be relative to the recordings folder/);
    }
    expect((await calls.get(call.id))?.recordingPath).toBeNull();
    expect(await calls.recording("no-such-call", { mode: "off" })).toBe(false);
  });

  it("lists a session's calls newest first, and every call a page at a time by channel", async () => {
    const sessionId = await session();
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      t.clock.advance(1_000);
      ids.push((await t.store.calls.create({ ...visitorCall, channelType: index % 2 === 0 ? "webvoice" : "sip_trunk", sessionId: index < 2 ? sessionId : null })).id);
    }
    // Two calls in the same millisecond are still ordered, by id.
    const twin = await t.store.calls.create({ ...visitorCall, id: `${ids[4]}-twin` });
    ids.push(twin.id);
    const newest = [...ids].reverse();
    expect((await t.store.calls.bySession(sessionId)).map((call) => call.id)).toEqual([ids[1], ids[0]]);
    expect(await t.store.calls.bySession("nothing")).toEqual([]);
    expect((await t.store.calls.bySessions([sessionId, "nothing", sessionId])).map((call) => call.id)).toEqual([ids[1], ids[0]]);
    expect(await t.store.calls.bySessions([])).toEqual([]);

    const first = await t.store.calls.list({ limit: 4 });
    expect(first.map((call) => call.id)).toEqual(newest.slice(0, 4));
    const second = await t.store.calls.list({ limit: 4, before: first.at(-1)?.id ?? "" });
    expect(second.map((call) => call.id)).toEqual(newest.slice(4));
    expect((await t.store.calls.list({ channelType: "sip_trunk" })).map((call) => call.id)).toEqual([ids[3], ids[1]]);
    expect(await t.store.calls.list({ before: "no-such-call" })).toEqual([]);
  });

  it("lists a room's calls, and a user's own: the calls they were on and the outbound calls they placed, answered or not", async () => {
    const ann = await user("Ann");
    const bob = await user("Bob");
    const annRoom = await outboundRoom(ann, "Ann");
    const bobRoom = await outboundRoom(bob, "Bob");
    const dial = async (room: string) => {
      t.clock.advance(1_000);
      const created = await t.store.calls.create({ channelId: null, channelType: "sip_trunk", direction: "outbound", from: null, to: "+15550100123" });
      await t.store.calls.linkConversation(created.id, room);
      return created.id;
    };
    const busy = await dial(annRoom); // never answered, Ann never on it: she placed it
    await t.store.calls.ended(busy, { at: t.clock.advance(500), reason: "busy", hungUpBy: "system" });
    t.clock.advance(1_000);
    const taken = (await t.store.calls.create(visitorCall)).id; // an inbound call Ann took
    await t.store.calls.agentJoined(taken, ann, t.clock.time);
    t.clock.advance(1_000);
    const bobs = (await t.store.calls.create(visitorCall)).id; // Bob's
    await t.store.calls.agentJoined(bobs, bob, t.clock.time);
    const bobDialled = await dial(bobRoom);
    const answered = await dial(annRoom);
    await t.store.calls.agentJoined(answered, ann, t.clock.time);
    // An inbound call linked to a room where Ann is an agent, which she never was on: not hers.
    t.clock.advance(1_000);
    const other = (await t.store.calls.create(visitorCall)).id;
    await t.store.calls.linkConversation(other, annRoom);

    expect((await t.store.calls.byConversation(annRoom)).map((call) => call.id)).toEqual([other, answered, busy]);
    expect((await t.store.calls.byConversation(bobRoom)).map((call) => call.id)).toEqual([bobDialled]);
    expect(await t.store.calls.byConversation("nothing")).toEqual([]);

    expect((await t.store.calls.list({ userId: ann })).map((call) => call.id)).toEqual([answered, taken, busy]);
    expect((await t.store.calls.list({ userId: bob })).map((call) => call.id)).toEqual([bobDialled, bobs]);
    const first = await t.store.calls.list({ userId: ann, limit: 2 });
    expect(first.map((call) => call.id)).toEqual([answered, taken]);
    expect((await t.store.calls.list({ userId: ann, limit: 2, before: taken })).map((call) => call.id)).toEqual([busy]);
    expect((await t.store.calls.list({ userId: ann, channelType: "sip_trunk" })).map((call) => call.id)).toEqual([answered, busy]);
    expect(await t.store.calls.list({ userId: "nobody" })).toEqual([]);
  });

  it("at start-up, ends every live call for a reason and answers their ids and sessions; ended calls stay as they were", async () => {
    const sessionId = await session();
    const ringing = await t.store.calls.create({ ...visitorCall, sessionId });
    t.clock.advance(1);
    const active = await t.store.calls.create({ ...visitorCall, state: "active" });
    const done = await t.store.calls.create(visitorCall);
    await t.store.calls.ended(done.id, { at: t.clock.time, reason: "hangup", hungUpBy: "caller" });
    const ana = await user("Ana");
    await t.store.calls.agentJoined(active.id, ana, t.clock.time);
    expect((await t.store.calls.live()).map((call) => call.id)).toEqual([ringing.id, active.id]);

    const at = t.clock.advance(5_000);
    const ended = await t.store.calls.endAllLive(at, "media_lost_on_restart");
    expect(ended.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [
        { id: ringing.id, sessionId },
        { id: active.id, sessionId: null },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(await t.store.calls.live()).toEqual([]);
    expect(await t.store.calls.get(active.id)).toMatchObject({ state: "ended", endedAt: at, endReason: "media_lost_on_restart", hungUpBy: "system" });
    expect((await t.store.calls.agents(active.id))[0]?.leftAt).toBe(at);
    expect(await t.store.calls.get(done.id)).toMatchObject({ endReason: "hangup", hungUpBy: "caller" });
    expect(await t.store.calls.endAllLive(at, "media_lost_on_restart")).toEqual([]);
  });

  it("finds ended calls with recordings older than a time, and clears a recording's file but not the call", async () => {
    const old = await t.store.calls.create(visitorCall);
    await t.store.calls.recording(old.id, { mode: "agent", path: "old.ogg", ms: 30_000 });
    await t.store.calls.ended(old.id, { at: t.clock.time, reason: "hangup", hungUpBy: "caller" });
    const unrecorded = await t.store.calls.create(visitorCall);
    await t.store.calls.ended(unrecorded.id, { at: t.clock.time, reason: "hangup", hungUpBy: "caller" });
    const stillLive = await t.store.calls.create(visitorCall);
    await t.store.calls.recording(stillLive.id, { mode: "call", path: "live.ogg" });
    const cutoff = t.clock.advance(1_000);
    const recent = await t.store.calls.create(visitorCall);
    await t.store.calls.recording(recent.id, { mode: "call", path: "recent.ogg" });
    await t.store.calls.ended(recent.id, { at: t.clock.time, reason: "hangup", hungUpBy: "caller" });

    expect((await t.store.calls.withRecordingsOlderThan(cutoff)).map((call) => call.id)).toEqual([old.id]);
    expect(await t.store.calls.clearRecording(old.id)).toBe(true);
    expect(await t.store.calls.get(old.id)).toMatchObject({ state: "ended", recordingPath: null, recordingMode: "agent", recordingMs: 30_000 });
    expect(await t.store.calls.withRecordingsOlderThan(cutoff)).toEqual([]);
    expect(await t.store.calls.clearRecording("no-such-call")).toBe(false);
  });

  it("keeps calls when their channel, session or room is deleted, and drops their agents with them", async () => {
    const sessionId = await session();
    const room = await conversation(sessionId);
    const call = await t.store.calls.create({ ...visitorCall, sessionId });
    await t.store.calls.linkConversation(call.id, room);
    await t.store.calls.agentJoined(call.id, await user("Ana"), t.clock.time);
    await t.rows(sql`delete from conversations where id = ${room}`);
    expect((await t.store.calls.get(call.id))?.conversationId).toBeNull();
    await t.rows(sql`delete from sessions where id = ${sessionId}`);
    expect((await t.store.calls.get(call.id))?.sessionId).toBeNull();
    await t.rows(sql`delete from calls where id = ${call.id}`);
    expect(await t.rows(sql`select count(*) as n from call_agents`)).toEqual([{ n: DIALECT === "sqlite" ? 0 : "0" }]);
  });

  it("survives reopening the database", async () => {
    const call = await t.store.calls.create(visitorCall);
    await t.store.calls.addHold(call.id, 7);
    expect((await (await t.reopen()).calls.get(call.id))?.holdMs).toBe(7);
  });
});
