import { describe, expect, it } from "vitest";
import type { SessionStateView, SimulationResult } from "./simulator-api";
import { type WaitInfo, waitFromResult, waitFromState } from "./wait-info";

const result = (patch: Partial<SimulationResult>): SimulationResult => ({
  sessionId: "s1",
  status: "waiting",
  effects: [],
  currentNodeId: "main_menu",
  waitingFor: "input",
  variables: {},
  nodes: {},
  endReason: null,
  ...patch,
});

describe("the wait after a response", () => {
  it("comes from the last collect: mode, input, terminator, options", () => {
    const wait = waitFromResult(
      result({
        effects: [
          { type: "collect", nodeId: "old", token: "a", mode: "menu", input: "dtmf", timeoutSeconds: 5 },
          { type: "collect", nodeId: "acct", token: "b", mode: "digits", input: "dtmf", timeoutSeconds: 10, terminator: "#", maxDigits: 10, minDigits: 6 },
        ],
        currentNodeId: "acct",
      }),
      null,
      "voice",
    );
    expect(wait).toEqual({ kind: "input", nodeId: "acct", mode: "digits", input: "dtmf", terminator: "#", maxDigits: 10, options: [] });
  });

  it("a dial wait names the number dialled", () => {
    const wait = waitFromResult(
      result({ waitingFor: "dial", currentNodeId: "engineer", effects: [{ type: "dial", nodeId: "engineer", to: "+14155550123", sip: false, timeoutSeconds: 25, timeLimitSeconds: 3600, record: true }] }),
      null,
      "voice",
    );
    expect(wait).toEqual({ kind: "dial", nodeId: "engineer", to: "+14155550123" });
  });

  it("a transfer wait names its team", () => {
    const wait = waitFromResult(
      result({ waitingFor: "transfer", currentNodeId: "to_support", effects: [{ type: "transfer", nodeId: "to_support", teamId: "support", priority: "normal", timeoutSeconds: 120, endsFlow: false }] }),
      null,
      "voice",
    );
    expect(wait).toEqual({ kind: "transfer", nodeId: "to_support", teamId: "support" });
  });

  it("an ignored event (no effects) keeps the wait it had", () => {
    const previous: WaitInfo = { kind: "input", nodeId: "main_menu", mode: "menu", input: "both", options: [{ key: "1", label: "Sales" }] };
    expect(waitFromResult(result({}), previous, "voice")).toBe(previous);
  });

  it("none once the session has ended; http while it waits for a callback", () => {
    expect(waitFromResult(result({ status: "ended", waitingFor: null }), null, "voice")).toBeNull();
    expect(waitFromResult(result({ waitingFor: "http", currentNodeId: "lookup" }), null, "chat")).toEqual({ kind: "http", nodeId: "lookup" });
  });
});

describe("the wait read back from the stored session", () => {
  const state = (patch: Partial<SessionStateView>): SessionStateView => ({
    status: "waiting",
    currentNodeId: "main_menu",
    waiting: { kind: "input", nodeId: "main_menu", token: "t2" },
    vars: {},
    nodes: {},
    endReason: null,
    ...patch,
  });
  const step = (nodeId: string, nodeType: string) => ({ seq: 1, nodeId, nodeType, outcome: "waiting", input: null, at: "2026-01-01T00:00:00.000Z" });

  it("keeps the known wait when it is the same node (a re-prompt)", () => {
    const previous: WaitInfo = { kind: "input", nodeId: "main_menu", mode: "menu", input: "both", options: [] };
    expect(waitFromState(state({}), [], previous, "voice")).toBe(previous);
  });

  it("guesses a new input wait from the node's type", () => {
    const wait = waitFromState(state({ currentNodeId: "acct", waiting: { kind: "input", nodeId: "acct", token: "t3" } }), [step("acct", "gather")], null, "voice");
    expect(wait).toEqual({ kind: "input", nodeId: "acct", mode: "digits", input: "dtmf", options: [] });
    const chat = waitFromState(state({}), [step("main_menu", "menu")], null, "chat");
    expect(chat).toEqual({ kind: "input", nodeId: "main_menu", mode: "menu", input: "text", options: [] });
  });

  it("a transfer reached on its own has no known team; ended has no wait", () => {
    expect(waitFromState(state({ waiting: { kind: "transfer", nodeId: "to_support", token: "t" } }), [], null, "voice")).toEqual({ kind: "transfer", nodeId: "to_support", teamId: null });
    expect(waitFromState(state({ status: "ended", waiting: null }), [], null, "voice")).toBeNull();
  });
});
