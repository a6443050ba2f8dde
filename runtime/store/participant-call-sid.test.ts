import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { conversations } from "../../drizzle/schema";
import { openSqliteStore } from "./test-support/open-sqlite-store";
import { databaseBefore } from "./test-support/database-before";
import { tempDataDir } from "./test-support/temp-data-dir";
import { openTestStore, TEST_SCRYPT, type TestStore } from "./test-support/test-store";

/**
 * `conversation_participants.call_sid` (migration 0008): the participant's live call in the room,
 * what a restarted runtime finds the rooms' calls again from.
 */

const CALLER = "CA00000000000000000000000000000001";
const INVITED = "CA00000000000000000000000000000002";
const NEXT = "CA00000000000000000000000000000003";

let handle: TestStore;
beforeEach(() => {
  handle = openTestStore("participant-call-sid");
});
afterEach(() => handle.dispose());

function conversation(id: string, status: "waiting" | "active" | "closed" = "active"): string {
  const at = handle.clock.now();
  handle.store.database.db
    .insert(conversations)
    .values({ id, channelType: "twilio_voice", channelId: "line", contact: "+15557654321", subject: "Caller · Support", priority: "normal", status, createdAt: at, updatedAt: at })
    .run();
  return id;
}

describe("a participant's call", () => {
  it("is stored, replaced by a new call, and cleared only by the call it names", async () => {
    const messages = handle.store.rooms.messages;
    const room = conversation("c1");
    const bob = await messages.addParticipant({ conversationId: room, role: "customer", channel: "twilio_voice", address: "+15559876543", displayName: "Bob" });
    expect(bob.callSid).toBeNull();

    expect(await messages.setCallSid(room, bob.id, INVITED)).toBe(true);
    expect((await messages.participants(room))[0]).toMatchObject({ id: bob.id, callSid: INVITED });
    expect(await messages.clearCallSid(room, bob.id, CALLER)).toBe(false); // a late report of another call
    expect((await messages.participants(room))[0]?.callSid).toBe(INVITED);
    expect(await messages.setCallSid(room, bob.id, NEXT)).toBe(true);
    expect(await messages.clearCallSid(room, bob.id, NEXT)).toBe(true);
    expect((await messages.participants(room))[0]?.callSid).toBeNull();
    expect(await messages.setCallSid("c-none", bob.id, NEXT)).toBe(false);
  });

  it("stays with one invited again while on it; one who had left comes back without it and cannot get one stored", async () => {
    const messages = handle.store.rooms.messages;
    const room = conversation("c1");
    const bob = await messages.addParticipant({ conversationId: room, role: "customer", channel: "twilio_voice", address: "+15559876543" });
    await messages.setCallSid(room, bob.id, INVITED);
    expect((await messages.addParticipant({ conversationId: room, role: "customer", channel: "twilio_voice", address: "+15559876543" })).callSid).toBe(INVITED);

    expect(await messages.leave(room, bob.id, "Bob hung up")).toBeDefined();
    expect(await messages.setCallSid(room, bob.id, NEXT)).toBe(false);
    const back = await messages.addParticipant({ conversationId: room, role: "customer", channel: "twilio_voice", address: "+15559876543" });
    expect(back).toMatchObject({ id: bob.id, leftAt: null, callSid: null });
  });

  it("lists the calls of participants still in conversations that are not closed (what a restart finds again)", async () => {
    const messages = handle.store.rooms.messages;
    const open = conversation("c-open", "active");
    const queued = conversation("c-queued", "waiting");
    const closed = conversation("c-closed", "closed");
    const onCall = await messages.addParticipant({ conversationId: open, role: "customer", channel: "twilio_voice", address: "+15550000001" });
    const noCall = await messages.addParticipant({ conversationId: open, role: "customer", channel: "webchat", address: "visitor-1" });
    const gone = await messages.addParticipant({ conversationId: open, role: "customer", channel: "twilio_voice", address: "+15550000002" });
    const waiting = await messages.addParticipant({ conversationId: queued, role: "customer", channel: "twilio_voice", address: "+15550000003" });
    const inClosed = await messages.addParticipant({ conversationId: closed, role: "customer", channel: "twilio_voice", address: "+15550000004" });
    await messages.setCallSid(open, onCall.id, CALLER);
    await messages.setCallSid(open, gone.id, INVITED);
    await messages.leave(open, gone.id, "gone");
    await messages.setCallSid(queued, waiting.id, NEXT);
    await messages.setCallSid(closed, inClosed.id, "CA00000000000000000000000000000004");

    const found = await messages.onCalls();
    expect(found.map((participant) => [participant.conversationId, participant.callSid]).sort()).toEqual([
      [open, CALLER],
      [queued, NEXT],
    ]);
    expect(found.map((participant) => participant.id)).not.toContain(noCall.id);
  });

  it("survives reopening the database", async () => {
    const room = conversation("c1");
    const bob = await handle.store.rooms.messages.addParticipant({ conversationId: room, role: "customer", channel: "twilio_voice", address: "+15559876543" });
    await handle.store.rooms.messages.setCallSid(room, bob.id, INVITED);
    const reopened = handle.reopen();
    expect(await reopened.rooms.messages.onCalls()).toEqual([expect.objectContaining({ id: bob.id, callSid: INVITED })]);
  });
});

describe("migration 0008_participant_call_sid", () => {
  it("gives the participants of an older database no call, and their calls can be stored", async () => {
    const dir = tempDataDir("migration-0008");
    try {
      const dataDir = databaseBefore(dir.dir, "0008_participant_call_sid", (sqlite) => {
        const at = Date.now();
        sqlite
          .prepare("INSERT INTO conversations (id, channel_type, channel_id, contact, subject, priority, status, created_at, updated_at) VALUES ('c1', 'twilio_voice', 'line', '+15557654321', 'Caller', 'normal', 'active', ?, ?)")
          .run(at, at);
        sqlite
          .prepare("INSERT INTO conversation_participants (id, conversation_id, role, channel, address, display_name, joined_at) VALUES ('p1', 'c1', 'customer', 'twilio_voice', '+15557654321', 'Caller', ?)")
          .run(at);
      });
      const store = openSqliteStore({ dataDir, scrypt: TEST_SCRYPT });
      try {
        expect(await store.rooms.messages.participants("c1")).toEqual([expect.objectContaining({ id: "p1", displayName: "Caller", leftAt: null, callSid: null })]);
        expect(await store.rooms.messages.setCallSid("c1", "p1", CALLER)).toBe(true);
        expect((await store.rooms.messages.onCalls()).map((participant) => participant.id)).toEqual(["p1"]);
      } finally {
        store.close();
      }
    } finally {
      dir.remove();
    }
  });
});
