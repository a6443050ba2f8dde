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

  describe("when the assignee can hear the caller on a softphone (agentAudio stream)", () => {
    const parameters = { callSid: `CA${"2".repeat(32)}`, conversationId: "c1", token: "one-time-token-0123456789" };
    const stream = () => parameters;

    it("accept and resume move the call to the stream, after the same words", () => {
      const accepted = leg("queue");
      expect(transition(accepted, conversation("active"), "Alice", stream)).toEqual({ says: ["You are now connected with Alice."], tail: { mode: "stream", parameters } });
      expect(accepted).toMatchObject({ mode: "stream", agentId: "alice" });
      const resumed = leg("hold", "alice");
      expect(transition(resumed, conversation("active"), "Alice", stream)?.tail).toEqual({ mode: "stream", parameters });
    });

    it("a call on a stream gets no TwiML for hold, resume, a transfer back to the queue or another agent with a softphone (the media plane does those)", () => {
      const call = leg("stream", "alice");
      expect(transition(call, conversation("on_hold"), "Alice", undefined)).toBeUndefined();
      expect(transition(call, conversation("active"), "Alice", stream)).toBeUndefined();
      expect(transition(call, conversation("waiting", null), "an agent")).toBeUndefined();
      expect(transition(call, conversation("active", "bob"), "Bob", stream)).toBeUndefined();
      expect(call).toMatchObject({ mode: "stream", agentId: "bob" });
    });

    it("an assignee without a softphone brings the speech loop back; a call in the loop with the same agent stays there", () => {
      const call = leg("stream", "alice");
      expect(transition(call, conversation("active", "bob"), "Bob")).toEqual({ says: ["You are now connected with Bob."], tail: { mode: "loop" } });
      expect(call.mode).toBe("loop");
      expect(transition(leg("loop", "alice"), conversation("active"), "Alice", stream)).toBeUndefined();
    });
  });
});
