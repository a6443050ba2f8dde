import { describe, expect, it } from "vitest";
import { type ConsoleData, EMPTY_CONSOLE, withConversation, withRoom } from "../console-state";
import { agent, conversation, participant } from "../testing/room-views";
import { myLiveCalls, wantsVoice } from "./media-calls";

const ann = agent("ann");
const away = agent("ann", { availability: "away" });
const call = (id: string, patch: Parameters<typeof conversation>[1] = {}) => conversation(id, { channelType: "webvoice", status: "active", assigneeId: "ann", ...patch });

describe("the softphone follows the agent", () => {
  it("is held while the agent is available, even with no call", () => {
    expect(wantsVoice({ ...EMPTY_CONSOLE, me: ann })).toBe(true);
    expect(wantsVoice(EMPTY_CONSOLE)).toBe(false);
  });

  it("is dropped when the agent goes away, unless they are still talking on a call of theirs (active or on hold)", () => {
    const idle: ConsoleData = { ...EMPTY_CONSOLE, me: away };
    expect(wantsVoice(idle)).toBe(false);
    expect(wantsVoice(withConversation(idle, call("c1")))).toBe(true);
    expect(wantsVoice(withConversation(idle, call("c1", { status: "on_hold" })))).toBe(true);
    expect(wantsVoice(withConversation(idle, call("c1", { status: "closed" })))).toBe(false);
    // Someone else's call, a call back in the queue, a Twilio call (its audio is not the softphone's), a chat.
    expect(wantsVoice(withConversation(idle, call("c1", { assigneeId: "bob" })))).toBe(false);
    expect(wantsVoice(withConversation(idle, call("c1", { status: "waiting", assigneeId: null })))).toBe(false);
    expect(wantsVoice(withConversation(idle, call("c1", { channelType: "twilio_voice" })))).toBe(false);
    expect(wantsVoice(withConversation(idle, call("c1", { channelType: "webchat" })))).toBe(false);
  });

  it("counts a Twilio call the server put the softphone into (a caller on a Media Stream), not one in the speech loop", () => {
    const idle = withConversation({ ...EMPTY_CONSOLE, me: away }, call("c1", { channelType: "twilio_voice" }));
    expect(wantsVoice(idle)).toBe(false);
    expect(wantsVoice(idle, { c1: { keysReachCaller: false } })).toBe(true);
    expect(myLiveCalls(idle, { c1: { keysReachCaller: false } }).map((live) => live.id)).toEqual(["c1"]);
    expect(wantsVoice(withConversation(idle, call("c1", { channelType: "twilio_voice", status: "closed" })), { c1: { keysReachCaller: false } })).toBe(false);
  });

  it("counts a call the agent was invited into (a three-way call) until they leave it", () => {
    const bobs = call("c1", { assigneeId: "bob" });
    const invited = participant("p-ann", { role: "agent", channel: "console", address: "ann", displayName: "Ann" });
    const data = withRoom({ ...EMPTY_CONSOLE, me: away }, { conversation: bobs, participants: [participant("p-caller", { channel: "webvoice" }), invited], messages: [] });
    expect(myLiveCalls(data).map((live) => live.id)).toEqual(["c1"]);
    const left = withRoom(data, { conversation: bobs, participants: [{ ...invited, leftAt: bobs.createdAt }], messages: [] });
    expect(myLiveCalls(left)).toEqual([]);
  });
});
