import { describe, expect, it } from "vitest";
import { sessionStateView, valueText } from "./session-state";

describe("sessionStateView", () => {
  it("reads variables, node results and the current node from the engine's state", () => {
    const state = { vars: { account_number: "123456" }, nodes: { lookup: { status: 200, body: { balance: 42.5 } } }, currentNodeId: "read_back", counters: {} };
    expect(sessionStateView(state)).toEqual({ vars: { account_number: "123456" }, nodes: { lookup: { status: 200, body: { balance: 42.5 } } }, currentNodeId: "read_back" });
  });

  it("is empty for a state it cannot read", () => {
    expect(sessionStateView(null)).toEqual({ vars: {}, nodes: {}, currentNodeId: null });
    expect(sessionStateView({ vars: 3 })).toEqual({ vars: {}, nodes: {}, currentNodeId: null });
  });

  it("shows strings as they are and other values as JSON", () => {
    expect(valueText("en-US")).toBe("en-US");
    expect(valueText(42)).toBe("42");
    expect(valueText({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(valueText(undefined)).toBe("undefined");
  });
});
