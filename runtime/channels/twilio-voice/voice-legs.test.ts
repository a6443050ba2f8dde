import { describe, expect, it } from "vitest";
import type { RoomTail } from "./room-twiml";
import { splitWords, type VoiceLeg, VoiceLegs } from "./voice-legs";

const leg = (): VoiceLeg => ({
  conversationId: "c1",
  participantId: "p1",
  address: "+15550001111",
  callSid: `CA${"1".repeat(32)}`,
  channelId: "ch-1",
  primary: true,
  sessionId: "s1",
  mode: "loop",
  agentId: "u1",
});

/** A sender that records what each update carried, and when. */
function recorder() {
  const sent: Array<{ says: readonly string[]; tail: RoomTail["mode"]; at: number }> = [];
  const started = Date.now();
  return { sent, send: async (_leg: VoiceLeg, says: readonly string[], tail: RoomTail) => void sent.push({ says, tail: tail.mode, at: Date.now() - started }) };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("a call's paced outbox", () => {
  it("merges what is queued before the first update goes out", async () => {
    const legs = new VoiceLegs({ wordsPerSecond: 10 });
    const call = legs.add(leg());
    const { sent, send } = recorder();
    legs.queue(call, { says: ["You are now connected with Alice."], tail: { mode: "loop" } }, send);
    legs.queue(call, { says: ["Hello!"], tail: { mode: "loop" } }, send);
    await legs.settled(call.participantId);
    expect(sent.map(({ says, tail }) => ({ says, tail }))).toEqual([{ says: ["You are now connected with Alice.", "Hello!"], tail: "loop" }]);
  });

  it("sends at once, then holds what follows until the previous words were said, merging it into one update", async () => {
    const legs = new VoiceLegs({ wordsPerSecond: 10 });
    const call = legs.add(leg());
    const { sent, send } = recorder();
    legs.queue(call, { says: ["one two three four five"], tail: { mode: "loop" } }, send);
    await tick();
    legs.queue(call, { says: ["second message"], tail: { mode: "loop" } }, send);
    legs.queue(call, { says: ["third"], tail: { mode: "hold", audio: "jazz" } }, send);
    await legs.settled(call.participantId);
    expect(sent.map(({ says, tail }) => ({ says, tail }))).toEqual([
      { says: ["one two three four five"], tail: "loop" },
      { says: ["second message", "third"], tail: "hold" },
    ]);
    expect(sent[1]?.at).toBeGreaterThanOrEqual(450); // five words at ten per second
  });

  it("sends nothing when there is nothing to say and the call already runs that tail", async () => {
    const legs = new VoiceLegs({ wordsPerSecond: 1000 });
    const call = legs.add(leg());
    const { sent, send } = recorder();
    legs.queue(call, { says: ["hello"], tail: { mode: "hold", audio: null } }, send);
    legs.queue(call, { tail: { mode: "hold", audio: null } }, send);
    await legs.settled(call.participantId);
    legs.queue(call, { tail: { mode: "hold", audio: "jazz" } }, send);
    await legs.settled(call.participantId);
    expect(sent.map(({ says, tail }) => ({ says, tail }))).toEqual([
      { says: ["hello"], tail: "hold" },
      { says: [], tail: "hold" },
    ]);
  });

  it("a webhook answer takes what is pending, so the paced update does not send it again", async () => {
    const legs = new VoiceLegs({ wordsPerSecond: 10 });
    const call = legs.add(leg());
    const { sent, send } = recorder();
    legs.queue(call, { says: ["one two three four five"], tail: { mode: "loop" } }, send);
    await tick();
    legs.queue(call, { says: ["pending words"], tail: { mode: "loop" } }, send);
    await tick();
    const answer = legs.answer(call, { says: [], tail: { mode: "loop" } });
    expect(answer.says).toEqual(["pending words"]);
    expect(answer.tail.mode).toBe("loop");
    await legs.settled(call.participantId);
    expect(sent).toHaveLength(1);
  });

  it("each loop gets a new turn token; a forgotten call gets nothing more", async () => {
    const legs = new VoiceLegs({ wordsPerSecond: 1000 });
    const call = legs.add(leg());
    const first = legs.answer(call, { says: [], tail: { mode: "loop" } });
    const second = legs.answer(call, { says: [], tail: { mode: "loop" } });
    expect(first.tail.mode === "loop" && second.tail.mode === "loop" && first.tail.token !== second.tail.token).toBe(true);
    const { sent, send } = recorder();
    legs.queue(call, { says: ["a"], tail: { mode: "loop" } }, send);
    await legs.settled(call.participantId);
    legs.remove(call.participantId);
    legs.queue(call, { says: ["b"], tail: { mode: "loop" } }, send);
    expect(sent.map((update) => update.says)).toEqual([["a"]]);
  });

  it("a long text goes out in several updates that each fit Twilio's limit, in order", async () => {
    const words = Array.from({ length: 60 }, (_, index) => `word${index}`).join(" ");
    const pieces = splitWords(words, 50);
    expect(pieces.every((piece) => piece.length <= 50)).toBe(true);
    expect(pieces.join(" ")).toBe(words);
    const legs = new VoiceLegs({ wordsPerSecond: 10_000, maxSayChars: 100 });
    const call = legs.add(leg());
    const { sent, send } = recorder();
    legs.queue(call, { says: pieces, tail: { mode: "loop" } }, send);
    await legs.settled(call.participantId);
    expect(sent.length).toBeGreaterThan(3);
    expect(sent.every((update) => update.says.join("").length <= 100 && update.tail === "loop")).toBe(true);
    expect(sent.flatMap((update) => update.says).join(" ")).toBe(words);
  });
});
