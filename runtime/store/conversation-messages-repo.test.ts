import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { changes } from "#store-dialect";
import { conversations } from "../../drizzle/schema";
import { ConversationMessagesRepo } from "./conversation-messages-repo";
import type { ConversationStatus } from "./room-records";
import { openTestRepos, type TestRepos } from "./test-support/test-repos";

let t: TestRepos;
let messages: ConversationMessagesRepo;
beforeEach(async () => {
  t = await openTestRepos("conversation_messages");
  messages = new ConversationMessagesRepo(t.db, { now: t.clock.now });
});
afterEach(() => t.dispose());

async function conversation(status: ConversationStatus = "active"): Promise<string> {
  const id = randomUUID();
  const at = t.clock.time;
  await changes(t.db.insert(conversations).values({ id, channelType: "webchat", contact: "visitor-1", subject: "Chat", priority: "normal", status, createdAt: at, updatedAt: at }));
  return id;
}

const customer = (conversationId: string) => ({ conversationId, role: "customer" as const, channel: "webchat", address: "visitor-1", displayName: "Visitor" });

describe("ConversationMessagesRepo", () => {
  it("numbers a conversation's messages 1, 2, 3 and pages through them; a gone conversation takes none", async () => {
    const room = await conversation();
    const visitor = await messages.addParticipant(customer(room));
    for (const body of ["hello", "anyone?", "thanks"]) {
      t.clock.advance(1_000);
      await messages.append({ conversationId: room, participantId: visitor.id, kind: "text", body });
    }
    expect((await messages.list(room)).map((message) => [message.seq, message.body, message.participantId])).toEqual([
      [1, "hello", visitor.id],
      [2, "anyone?", visitor.id],
      [3, "thanks", visitor.id],
    ]);
    expect((await messages.list(room, { after: 1, limit: 1 })).map((message) => message.seq)).toEqual([2]);
    expect((await messages.list(room))[2]?.at).toBe(t.clock.time);
    expect(await messages.append({ conversationId: "gone", participantId: null, kind: "system", body: "x" })).toBeUndefined();
    expect(await messages.list("gone")).toEqual([]);
  });

  it("gives twenty messages appended at once the seqs 1..20, each once", async () => {
    const room = await conversation();
    const appended = await Promise.all(Array.from({ length: 20 }, (_, i) => messages.append({ conversationId: room, participantId: null, kind: "text", body: `m${i}` })));
    expect(appended.map((message) => message?.seq).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const listed = await messages.list(room);
    expect(listed.map((message) => message.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(listed.map((message) => message.body)).size).toBe(20);
  });

  it("brings back a participant with the same channel and address; one who had left comes back without their call", async () => {
    const room = await conversation();
    const first = await messages.addParticipant(customer(room));
    expect(first).toMatchObject({ conversationId: room, role: "customer", displayName: "Visitor", leftAt: null, callSid: null, joinedAt: t.clock.time });
    expect(await messages.setCallSid(room, first.id, "CA1")).toBe(true);
    const again = await messages.addParticipant({ ...customer(room), displayName: null });
    expect(again).toMatchObject({ id: first.id, displayName: "Visitor", callSid: "CA1" });

    t.clock.advance(5_000);
    const note = await messages.leave(room, first.id, "Visitor left");
    expect(note).toMatchObject({ seq: 1, kind: "system", body: "Visitor left", participantId: null, at: t.clock.time });
    expect(await messages.leave(room, first.id, "Visitor left")).toBeUndefined();
    expect(await messages.setCallSid(room, first.id, "CA2")).toBe(false);
    const back = await messages.addParticipant({ ...customer(room), displayName: "Vera" });
    expect(back).toMatchObject({ id: first.id, displayName: "Vera", leftAt: null, callSid: null });
    const agent = await messages.addParticipant({ conversationId: room, role: "agent", channel: "console", address: "agent-1" });
    expect((await messages.participants(room)).map((participant) => participant.id)).toEqual([first.id, agent.id]);
  });

  it("keeps a newer call when an older one's end is reported, and lists the calls of rooms not closed", async () => {
    const room = await conversation();
    const closed = await conversation("closed");
    const visitor = await messages.addParticipant(customer(room));
    t.clock.advance(1_000);
    const agent = await messages.addParticipant({ conversationId: room, role: "agent", channel: "console", address: "agent-1" });
    const gone = await messages.addParticipant(customer(closed));
    await messages.setCallSid(room, visitor.id, "CA-old");
    await messages.setCallSid(room, visitor.id, "CA-new");
    expect(await messages.clearCallSid(room, visitor.id, "CA-old")).toBe(false);
    await messages.setCallSid(room, agent.id, "CA-agent");
    await messages.setCallSid(closed, gone.id, "CA-closed");
    expect((await messages.onCalls()).map((participant) => [participant.id, participant.callSid])).toEqual([
      [visitor.id, "CA-new"],
      [agent.id, "CA-agent"],
    ]);
    expect(await messages.clearCallSid(room, visitor.id, "CA-new")).toBe(true);
    await messages.leave(room, agent.id, "Agent left");
    expect(await messages.onCalls()).toEqual([]);
  });
});
