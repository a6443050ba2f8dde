import { describe, expect, it } from "vitest";
import { ApiRequestError } from "../../api/api-client";
import type { ChannelView } from "../../settings/channels/channels-api";
import { dialErrorOf } from "./dial-error";
import { callAvailability, CLOSED_DIALER, type DialerEvent, dialerReducer, type DialerState, numberNote, type Trunk, trunkChoice, trunksOf } from "./dialer-state";

const run = (events: readonly DialerEvent[], from: DialerState = CLOSED_DIALER): DialerState => events.reduce(dialerReducer, from);
const open = (text = "", channelId = "trunk-a"): DialerState => run([{ type: "open", text, channelId }]);
const keys = (text: string): DialerEvent[] => [...text].map((key) => ({ type: "key", key }));

const trunk = (id: string, name: string, enabled = true): Trunk => ({ id, name, enabled, status: "active", statusMessage: null });

function channel(id: string, type: ChannelView["type"], name: string, enabled = true): ChannelView {
  return { id, type, name, flowId: "f", enabled, status: "active", statusMessage: null, credentials: {}, settings: {}, webhookUrls: {}, createdAt: "", updatedAt: "" };
}

describe("the dialer's state", () => {
  it("composes a number from the keypad and typing, checking it as it goes: a hint while short, ready once it is a number", () => {
    let state = open();
    expect(numberNote(state)).toEqual({ tone: "hint", text: expect.stringContaining("+ and the country code") });
    state = run(keys("+1555"), state);
    expect(state.text).toBe("+1555");
    expect(numberNote(state)).toEqual({ tone: "hint", text: "Too short: 4 digits, a number has 8 to 15" });
    state = run([{ type: "edit", text: "+1 555 010 0123" }], state);
    expect(numberNote(state)).toEqual({ tone: "ready", text: "Calls +15550100123" });
    state = run([{ type: "backspace" }, { type: "backspace" }, ...keys("2x3")], state);
    expect(state.text).toBe("+1 555 010 0123"); // x is no key
    expect(run(keys("*"), state).text).toBe("+1 555 010 0123*");
    expect(numberNote(run(keys("*"), state))).toEqual({ tone: "error", text: "Only digits after the +: remove “*”" });
  });

  it("Call with a number that is not ready shows its problem as an error and does not call; a good one starts calling and locks the form", () => {
    const short = run([{ type: "submit" }], open("+1555"));
    expect(short.phase).toBe("editing");
    expect(numberNote(short)).toEqual({ tone: "error", text: "Too short: 4 digits, a number has 8 to 15" });
    // No trunk to call through: not calling either.
    expect(run([{ type: "submit" }], open("+15550100123", "")).phase).toBe("editing");

    const calling = run([{ type: "submit" }], open("+15550100123"));
    expect(calling).toMatchObject({ phase: "calling", error: null });
    // Locked while the request is under way: no edits.
    expect(run([...keys("9"), { type: "edit", text: "" }, { type: "trunk", channelId: "trunk-b" }, { type: "submit" }], calling)).toBe(calling);
    expect(run([{ type: "placed" }], calling)).toEqual(CLOSED_DIALER);
    // Closed by the agent meanwhile: a late refusal does not open it again.
    expect(run([{ type: "close" }, { type: "failed", error: { field: null, message: "trunk down" } }], calling)).toEqual(CLOSED_DIALER);
  });

  it("shows the server's refusal under the field it names until that field changes; a trunk error survives a new number", () => {
    const refused = run([{ type: "submit" }, { type: "failed", error: { field: "to", message: "The number is not allowed" } }], open("+15550100123"));
    expect(refused.phase).toBe("editing");
    expect(numberNote(refused)).toEqual({ tone: "error", text: "The number is not allowed" });
    expect(run([{ type: "trunk", channelId: "trunk-b" }], refused).error).toEqual(refused.error);
    expect(run(keys("4"), refused).error).toBeNull();

    const trunkRefused = run([{ type: "submit" }, { type: "failed", error: { field: "channelId", message: "no such channel" } }], open("+15550100123"));
    expect(run(keys("4"), trunkRefused).error).toEqual({ field: "channelId", message: "no such channel" });
    expect(run([{ type: "trunk", channelId: "trunk-b" }], trunkRefused).error).toBeNull();
  });

  it("opens afresh each time (a call-back opens with the number filled in) and closes empty", () => {
    const typed = run(keys("+4420"), open());
    expect(run([{ type: "close" }], typed)).toEqual(CLOSED_DIALER);
    expect(open("+442079460000", "trunk-b")).toEqual({ ...CLOSED_DIALER, open: true, text: "+442079460000", channelId: "trunk-b" });
    // Keys reach no closed dialer.
    expect(run(keys("1"))).toEqual(CLOSED_DIALER);
  });
});

describe("the trunks and the Call button", () => {
  it("finds the SIP trunks among the channels, by name", () => {
    const channels = [channel("c1", "webvoice", "Site voice"), channel("t2", "sip_trunk", "Zeta carrier", false), channel("t1", "sip_trunk", "Acme carrier")];
    expect(trunksOf(channels).map((found) => [found.id, found.enabled])).toEqual([
      ["t1", true],
      ["t2", false],
    ]);
  });

  it("calls through the remembered trunk while it is enabled, else the first enabled one", () => {
    const trunks = [trunk("a", "A", false), trunk("b", "B"), trunk("c", "C")];
    expect(trunkChoice(trunks, "c")).toBe("c");
    expect(trunkChoice(trunks, "a")).toBe("b"); // disabled since
    expect(trunkChoice(trunks, "gone")).toBe("b");
    expect(trunkChoice(trunks, null)).toBe("b");
    expect(trunkChoice([trunk("a", "A", false)], "a")).toBe("");
  });

  it("shows Call only with a SIP trunk, on with an enabled one and a connected softphone, saying why it is off", () => {
    expect(callAvailability(undefined, "connected")).toEqual({ shown: false, enabled: false, reason: null });
    expect(callAvailability([], "connected")).toEqual({ shown: false, enabled: false, reason: null });
    expect(callAvailability([trunk("a", "A")], "connected")).toEqual({ shown: true, enabled: true, reason: null });
    expect(callAvailability([trunk("a", "A", false)], "connected")).toMatchObject({ enabled: false, reason: expect.stringContaining("Every SIP trunk is disabled") });
    expect(callAvailability([trunk("a", "A")], "off")).toMatchObject({ enabled: false, reason: expect.stringContaining("set yourself Available") });
    expect(callAvailability([trunk("a", "A")], "blocked")).toMatchObject({ enabled: false, reason: expect.stringContaining("microphone is blocked") });
    expect(callAvailability([trunk("a", "A")], "elsewhere")).toMatchObject({ enabled: false, reason: expect.stringContaining("Use voice here") });
  });
});

describe("what the dialer says when the server refuses", () => {
  it("puts a refused number under the number and a refused trunk under the trunk, in sentences", () => {
    const to = new ApiRequestError(400, "invalid_request", "body.to: a phone number in E.164 form", { issues: [{ field: "body.to", message: "a phone number in E.164 form" }] });
    expect(dialErrorOf(to, "Acme")).toEqual({ field: "to", message: "A phone number in E.164 form" });
    const channelId = new ApiRequestError(400, "invalid_request", "body.channelId: channel x is not a sip_trunk", undefined);
    expect(dialErrorOf(channelId, "Acme")).toEqual({ field: "channelId", message: "Channel x is not a sip_trunk" });
  });

  it("says the softphone is not connected (409), the trunk is down (503), or the server cannot be reached", () => {
    expect(dialErrorOf(new ApiRequestError(409, "softphone_not_connected", "agent has no softphone", undefined), "Acme").message).toMatch(/^Your softphone is not connected/);
    expect(dialErrorOf(new ApiRequestError(503, "trunk_unavailable", "REGISTER failed: 403 Forbidden", undefined), "Acme")).toEqual({
      field: null,
      message: "The trunk “Acme” cannot place calls right now: REGISTER failed: 403 Forbidden",
    });
    expect(dialErrorOf(new ApiRequestError(0, "network", "the server cannot be reached", undefined), undefined).message).toMatch(/^The server cannot be reached/);
    expect(dialErrorOf(new ApiRequestError(403, "forbidden", "agents only", undefined), undefined)).toEqual({ field: null, message: "The call was not placed: agents only" });
  });
});
