import { describe, expect, it } from "vitest";
import { type RoomState, transition } from "./room-transition";
import type { LegMode, VoiceLeg } from "./voice-legs";

const leg = (mode: LegMode, agentId: string | null = null): VoiceLeg => ({
  conversationId: "c1",
  participantId: "p1",
  address: "+15550001111",
  callSid: `CA${"2".repeat(32)}`,
  channelId: "ch-1",
  primary: true,
  sessionId: "s1",
  mode,
  agentId,
});

const conversation = (status: RoomState["status"], assigneeId: string | null = "alice", holdAudio: string | null = null): RoomState => ({ status, assigneeId, holdAudio });

describe("a call following its room's status", () => {
  it.each([
    // from, room status, assignee → words, tail, new mode
    ["queue", "active", "alice", ["You are now connected with Alice."], "loop", "loop"],
    ["hold", "active", "alice", ["Thanks for holding. You are back with Alice."], "loop", "loop"],
    ["waiting", "active", "alice", ["You are now connected with Alice."], "loop", "loop"],
    ["loop", "on_hold", "alice", ["You are on hold. Please stay on the line."], "hold", "hold"],
    ["loop", "waiting", null, ["Please hold while we transfer you."], "hold", "waiting"],
    ["hold", "waiting", null, ["Please hold while we transfer you."], "hold", "waiting"],
  ] as const)("%s + room %s → says %j, then %s", (from, status, assignee, words, tail, mode) => {
    const call = leg(from, "alice");
    const change = transition(call, conversation(status, assignee), "Alice");
    expect(change?.says).toEqual(words);
    expect(change?.tail.mode).toBe(tail);
    expect(call.mode).toBe(mode);
  });

  it("nothing when the call already does what the room says: loop with the same agent, hold, queue/waiting while waiting, closed", () => {
    expect(transition(leg("loop", "alice"), conversation("active"), "Alice")).toBeUndefined();
    expect(transition(leg("hold", "alice"), conversation("on_hold"), "Alice")).toBeUndefined();
    expect(transition(leg("queue"), conversation("waiting", null), "an agent")).toBeUndefined();
    expect(transition(leg("waiting"), conversation("waiting", null), "an agent")).toBeUndefined();
    expect(transition(leg("loop", "alice"), conversation("closed"), "Alice")).toBeUndefined();
  });

  it("another assignee while talking: the caller is told who they talk to now; hold uses the room's hold audio", () => {
    expect(transition(leg("loop", "alice"), conversation("active", "bob"), "Bob")?.says).toEqual(["You are now connected with Bob."]);
    expect(transition(leg("loop", "alice"), conversation("on_hold", "alice", "jazz"), "Alice")?.tail).toEqual({ mode: "hold", audio: "jazz" });
  });
});
