import { describe, expect, it } from "vitest";
import { bargeInFlow } from "./fixtures/barge-in-flow";
import { exampleFlow } from "./fixtures/examples";
import { SessionHarness } from "./testing/session-harness";

describe("interruptible greeting: a key pressed during it reaches the next input node", () => {
  it("a greeting followed directly by an input node: the driver nests both in one gather, the key answers the menu", () => {
    const call = new SessionHarness({ flow: exampleFlow("language-selector"), published: [exampleFlow("support-line")] });
    call.start();
    expect(call.last.effects.map((effect) => effect.type)).toEqual(["prompt", "prompt", "collect"]);
    expect(call.last.effects[0]).toMatchObject({ nodeId: "welcome", interruptible: true });
    expect(call.state.bargeIn).toBeNull();
  });

  it("a key pressed while the flow waits for HTTP is kept, then picks the menu option without a prompt", () => {
    const call = new SessionHarness({ flow: bargeInFlow({ interruptible: true, then: "menu" }) });
    call.start();
    expect(call.state.bargeIn).toEqual({ nodeId: "hello", digits: "" });
    const kept = call.send({ type: "digits", digits: "2" });
    expect(kept.effects).toEqual([]);
    expect(kept.steps).toEqual([]);
    expect(call.state.bargeIn).toEqual({ nodeId: "hello", digits: "2" });
    expect(call.state.waiting?.kind).toBe("http");

    call.send({ type: "http_result", status: 200, body: "{}" });
    expect(call.said).toEqual([]);
    expect(call.lastOf("collect")).toEqual([]);
    expect(call.state.nodes.ask).toEqual({ key: "2", label: "Two" });
    expect(call.path).toEqual(["hello:next", "warmup:waiting", "warmup:success", "ask:option:2", "done:ended(hangup_node)"]);
    expect(call.steps[3]?.input).toBe("2");
  });

  it("a carried key that is not an option counts as the first, invalid, try", () => {
    const call = new SessionHarness({ flow: bargeInFlow({ interruptible: true, then: "menu" }) });
    call.start();
    call.send({ type: "digits", digits: "9" });
    call.send({ type: "http_result", status: 200 });
    expect(call.said).toEqual(["Not an option.", "Press 1 or 2."]);
    expect(call.state.waiting).toMatchObject({ kind: "input", attempt: 2, lastFailure: "invalid" });
    expect(call.state.bargeIn).toBeNull();
  });

  it("a complete entry carried to a gather is taken at once", () => {
    const call = new SessionHarness({ flow: bargeInFlow({ interruptible: true, then: "gather" }) });
    call.start();
    call.send({ type: "digits", digits: "1234567#" });
    call.send({ type: "http_result", status: 200 });
    expect(call.state.vars.account).toBe("1234567");
    expect(call.state.endReason).toBe("hangup_node");
  });

  it("a partial entry carried to a gather starts it: no prompt over the caller, the rest is appended", () => {
    const call = new SessionHarness({ flow: bargeInFlow({ interruptible: true, then: "gather" }) });
    call.start();
    call.send({ type: "digits", digits: "12" });
    call.send({ type: "http_result", status: 200 });
    expect(call.said).toEqual([]);
    expect(call.lastOf("collect")[0]).toMatchObject({ nodeId: "ask", mode: "digits", minDigits: 6, maxDigits: 8, terminator: "#" });
    expect(call.state.waiting).toMatchObject({ kind: "input", buffered: "12" });
    call.send({ type: "digits", digits: "3456#" });
    expect(call.state.vars.account).toBe("123456");
  });

  it("keys pressed after a greeting that is not interruptible are ignored", () => {
    const call = new SessionHarness({ flow: bargeInFlow({ interruptible: false, then: "menu" }) });
    call.start();
    expect(call.last.effects[0]).not.toHaveProperty("interruptible");
    const before = call.state;
    const ignored = call.send({ type: "digits", digits: "2" });
    expect(ignored.effects).toEqual([]);
    expect(call.state).toEqual(before);
    call.send({ type: "http_result", status: 200 });
    expect(call.said).toEqual(["Press 1 or 2."]);
  });

  it("is voice only: on chat nothing is carried", () => {
    const chat = new SessionHarness({ flow: bargeInFlow({ interruptible: true, then: "menu" }), channel: "chat" });
    chat.start();
    expect(chat.state.bargeIn).toBeNull();
    chat.send({ type: "digits", digits: "2" });
    chat.send({ type: "http_result", status: 200 });
    expect(chat.state.waiting).toMatchObject({ kind: "input", attempt: 1 });
  });
});
