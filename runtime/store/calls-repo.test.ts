import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { conversations, users } from "../../drizzle/schema";
import type { NewCall } from "./calls-repo";
import { databaseBefore } from "./test-support/database-before";
import { sampleFlow } from "./test-support/sample-flow";
import { tempDataDir } from "./test-support/temp-data-dir";
import { openTestStore, TEST_SCRYPT, type TestStore } from "./test-support/test-store";
import { openStore } from "./open-store";

let t: TestStore;
beforeEach(async () => {
  t = openTestStore("calls");
  await t.store.flows.createFlow(sampleFlow("support"), "u1");
  await t.store.flows.publish("support", { author: "u1" });
});
afterEach(() => t.dispose());

const visitorCall: NewCall = { channelId: null, channelType: "webvoice", direction: "inbound", from: "visitor-1", to: null };

async function session(): Promise<string> {
  return (await t.store.sessions.createSession({ flowId: "support", version: 1, channelType: "webvoice", contact: "visitor-1", state: {} })).id;
}

function user(name: string): string {
  const id = randomUUID();
  t.store.db.insert(users).values({ id, email: `${name.toLowerCase()}@acme.test`, name, role: "agent", passwordHash: "none", createdAt: t.clock.time }).run();
  return id;
}

function conversation(sessionId: string | null): string {
  const id = randomUUID();
  const at = t.clock.time;
  t.store.db.insert(conversations).values({ id, sessionId, channelType: "webvoice", contact: "visitor-1", subject: "Caller", priority: "normal", status: "active", createdAt: at, updatedAt: at }).run();
  return id;
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
    const room = conversation(sessionId);
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
    await expect(t.store.calls.create({ ...visitorCall, id: "call-1" })).rejects.toThrow(/UNIQUE/);
    await expect(t.store.calls.create({ ...visitorCall, sessionId: "no-such-session" })).rejects.toThrow(/FOREIGN KEY/);
  });

  it("records the agents' stays with their names: joined once while on the call, again after leaving; the end closes open stays", async () => {
    const calls = t.store.calls;
    const call = await calls.create({ ...visitorCall, state: "active" });
    const ana = user("Ana");
    const bob = user("Bob");
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
    t.store.database.sqlite.prepare("delete from users where id = ?").run(bob);
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
    const ann = user("Ann");
    const bob = user("Bob");
    const outboundRoom = async (agentId: string, name: string) =>
      (await t.store.rooms.conversations.openOutbound({ agentId, agentName: name, teamId: null, channelType: "sip_trunk", channelId: null, contact: "+15550100123", subject: "Call", message: "called" })).conversation.id;
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
    const ana = user("Ana");
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
    const room = conversation(sessionId);
    const call = await t.store.calls.create({ ...visitorCall, sessionId });
    await t.store.calls.linkConversation(call.id, room);
    await t.store.calls.agentJoined(call.id, user("Ana"), t.clock.time);
    t.store.database.sqlite.prepare("delete from conversations where id = ?").run(room);
    expect((await t.store.calls.get(call.id))?.conversationId).toBeNull();
    t.store.database.sqlite.prepare("delete from calls where id = ?").run(call.id);
    expect(t.store.database.sqlite.prepare("select count(*) from call_agents").pluck().get()).toBe(0);
  });

  it("survives reopening the database", async () => {
    const call = await t.store.calls.create(visitorCall);
    await t.store.calls.addHold(call.id, 7);
    expect((await t.reopen().calls.get(call.id))?.holdMs).toBe(7);
  });
});

describe("migration 0009_calls", () => {
  it("keeps the teams of an older database with their members, settings and rooms; each records nothing until set", async () => {
    const dir = tempDataDir("migration-0009");
    try {
      const dataDir = databaseBefore(dir.dir, "0009_calls", (sqlite) => {
        const at = Date.now();
        sqlite.prepare("INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES ('u1', 'a@acme.test', 'A', 'agent', 'x', ?)").run(at);
        sqlite
          .prepare("INSERT INTO teams (id, name, routing_strategy, offer_timeout_seconds, hold_audio, transfer_timeout_seconds, capacity, created_at, updated_at) VALUES ('support', 'Support', 'round_robin', 30, 'ringback', 45, 2, ?, ?)")
          .run(at, at);
        sqlite.prepare("INSERT INTO team_members (team_id, user_id, added_at) VALUES ('support', 'u1', ?)").run(at);
        sqlite.prepare("INSERT INTO conversations (id, team_id, channel_type, subject, priority, status, created_at, updated_at) VALUES ('c1', 'support', 'webchat', 'Chat', 'normal', 'waiting', ?, ?)").run(at, at);
      });
      const store = openStore({ dataDir, scrypt: TEST_SCRYPT });
      try {
        expect(await store.teams.getTeam("support")).toMatchObject({ routingStrategy: "round_robin", offerTimeoutSeconds: 30, holdAudio: "ringback", transferTimeoutSeconds: 45, capacity: 2, recording: "off", members: ["u1"] });
        expect((await store.rooms.conversations.get("c1"))?.teamId).toBe("support");
        expect((await store.teams.updateTeam("support", { recording: "agent" })).ok).toBe(true);
        expect(await store.teams.defaults("support")).toEqual({ holdAudio: "ringback", transferTimeoutSeconds: 45, recording: "agent" });
        expect(() => store.database.sqlite.prepare("UPDATE teams SET recording = 'always' WHERE id = 'support'").run()).toThrow(/CHECK constraint failed/);
        expect(store.database.sqlite.prepare("PRAGMA foreign_key_check").all()).toEqual([]);
      } finally {
        store.close();
      }
    } finally {
      dir.remove();
    }
  });
});
