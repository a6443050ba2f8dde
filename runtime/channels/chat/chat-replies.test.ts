import { describe, expect, it } from "vitest";
import type { Effect } from "../../engine/index";
import type { ChannelCapabilities } from "../channel-driver";
import { chatReplies } from "./chat-replies";
import { menuChoiceId, readMenuChoiceId } from "./menu-choice";

const buttons: ChannelCapabilities = { voice: false, dtmf: false, speech: false, buttons: true, freeText: true, maxButtons: 3, maxButtonLabel: 20 };
const textOnly: ChannelCapabilities = { ...buttons, buttons: false };

const menuStep: Effect[] = [
  { type: "message", nodeId: "hello", text: "Hi!" },
  { type: "message", nodeId: "menu", text: "Pick one", options: [{ key: "1", label: "Sales" }, { key: "2", label: "Support" }] },
  { type: "collect", nodeId: "menu", token: "w4", mode: "menu", input: "text", timeoutSeconds: 10, maxDigits: 1, options: [] },
];

describe("chatReplies: a step's effects as chat messages", () => {
  it("sends each message in order; a menu's buttons carry the collect's wait token", () => {
    expect(chatReplies(menuStep, buttons)).toEqual([
      { text: "Hi!" },
      { text: "Pick one", buttons: [{ key: "1", label: "Sales", id: "m:w4:0" }, { key: "2", label: "Support", id: "m:w4:1" }] },
    ]);
    expect(chatReplies(menuStep, textOnly)).toEqual([{ text: "Hi!" }, { text: "Pick one\n\n1. Sales\n2. Support" }]);
  });

  it("says a transfer's waiting message, and nothing for HTTP requests, waits and ends", () => {
    const effects: Effect[] = [
      { type: "http_request", nodeId: "h", token: "w1", url: "https://x.test", method: "GET", headers: {}, timeoutSeconds: 5 },
      { type: "transfer", nodeId: "t", token: "w2", teamId: "support", priority: "normal", timeoutSeconds: 60, waitingMessage: "Someone will join shortly.", endsFlow: true },
      { type: "transfer", nodeId: "t2", token: "w3", teamId: "support", priority: "normal", timeoutSeconds: 60, endsFlow: false },
      { type: "end", reason: "transfer_handoff", nodeId: "t", disconnect: false },
    ];
    expect(chatReplies(effects, buttons)).toEqual([{ text: "Someone will join shortly." }]);
  });

  it("skips an empty message", () => {
    expect(chatReplies([{ type: "message", nodeId: "x", text: "  " }], buttons)).toEqual([]);
  });
});

describe("menu choice ids", () => {
  it("round-trip, fit Telegram's 64-byte callback_data, and refuse anything else", () => {
    const id = menuChoiceId("w".repeat(40), 11);
    expect(Buffer.byteLength(id)).toBeLessThanOrEqual(64);
    expect(readMenuChoiceId(id)).toEqual({ token: "w".repeat(40), index: 11 });
    for (const forged of ["1", "m:w1", "m:w1:x", "m:w1:123", "m:w1:0:0", "m::0", "n:w1:0", `m:${"w".repeat(41)}:0`]) expect(readMenuChoiceId(forged), forged).toBeUndefined();
  });
});
