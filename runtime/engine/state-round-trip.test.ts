import { describe, expect, it } from "vitest";
import { createSession } from "./create-session";
import { Effect } from "./effects";
import { exampleFlow } from "./fixtures/examples";
import { bargeInFlow } from "./fixtures/barge-in-flow";
import { SessionState } from "./session-state";
import { FlowMismatchError, step } from "./step";
import { StepRecord } from "./step-record";
import { DEFAULT_LIMITS } from "./limits";
import { SessionHarness } from "./testing/session-harness";

function roundTrip(state: SessionState): SessionState {
  return SessionState.parse(JSON.parse(JSON.stringify(state)));
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe("session state", () => {
  it("createSession: pinned, not started, with caller/call/channel and declared variables", () => {
    const flow = exampleFlow("appointment-confirmation");
    const state = createSession({
      sessionId: "abc",
      flow,
      channel: { kind: "chat", type: "whatsapp", id: "wa-1" },
      caller: { phone: "+4930123", name: undefined },
      variables: { patient_name: "Ana" },
      now: new Date("2026-01-02T03:04:05.678Z"),
    });
    expect(state).toMatchObject({
      sessionId: "abc",
      flow: { flowId: "appointment-confirmation", version: 1 },
      status: "active",
      currentNodeId: null,
      waiting: null,
      caller: { phone: "+4930123" },
      call: {},
      channel: { kind: "chat", type: "whatsapp", id: "wa-1" },
      startedAt: "2026-01-02T03:04:05.678Z",
      endReason: null,
    });
    expect(state.caller).not.toHaveProperty("name");
    expect(state.vars).toMatchObject({ patient_name: "Ana", provider_name: "your dentist" });
    expect(roundTrip(state)).toStrictEqual(state);
  });

  it("survives a JSON round trip unchanged at every step of a walk, with HTTP bodies, menus and barge-in", () => {
    const call = new SessionHarness({ flow: bargeInFlow({ interruptible: true, then: "menu" }), caller: { phone: "+1" } });
    const states: SessionState[] = [call.state];
    const record = () => states.push(call.last.state);
    call.start();
    record();
    call.send({ type: "digits", digits: "9" });
    record();
    call.send({ type: "http_result", status: 200, body: '{"a":[1,{"b":null}],"c":"é\\u2028"}' });
    record();
    call.send({ type: "digits", digits: "1" });
    record();
    for (const state of states) expect(roundTrip(state)).toStrictEqual(state);
    expect(states.at(-1)?.status).toBe("ended");
  });

  it("everything the engine emits matches the exported schemas", () => {
    const call = new SessionHarness({ flow: exampleFlow("account-balance"), now: new Date("2026-06-03T15:00:00Z") });
    call.start();
    call.send({ type: "digits", digits: "1234567#" });
    call.send({ type: "http_result", status: 200, body: '{"balance": 3}' });
    call.send({ type: "speech", text: "billing" });
    call.send({ type: "transfer_result", result: "no_answer" });
    for (const effect of call.effects) expect(Effect.parse(effect)).toStrictEqual(effect);
    for (const record of call.steps) expect(StepRecord.parse(record)).toStrictEqual(record);
    expect(call.state.endReason).toBe("hangup_node");
  });

  it("step never changes the state it is given", () => {
    const flow = exampleFlow("support-line");
    const env = { now: new Date("2026-06-03T15:00:00Z"), limits: DEFAULT_LIMITS, loadFlow: () => undefined, loadVersion: () => undefined };
    const fresh = deepFreeze(createSession({ sessionId: "s", flow, channel: { kind: "voice", type: "twilio_voice" }, now: env.now }));
    const started = step({ flow, state: fresh, event: { type: "start" }, env });
    deepFreeze(started.state);
    const chosen = step({ flow, state: started.state, event: { type: "digits", digits: "1" }, env });
    expect(chosen.state.currentNodeId).toBe("to_sales");
    expect(started.state.currentNodeId).toBe("main_menu");
  });

  it("refuses a flow version the session is not pinned to", () => {
    const flow = exampleFlow("support-line");
    const env = { now: new Date(), limits: DEFAULT_LIMITS, loadFlow: () => undefined, loadVersion: () => undefined };
    const state = createSession({ sessionId: "s", flow, channel: { kind: "voice", type: "twilio_voice" }, now: env.now });
    expect(() => step({ flow: { ...flow, version: 2 }, state, event: { type: "start" }, env })).toThrow(FlowMismatchError);
  });
});
