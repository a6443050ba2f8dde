import { describe, expect, it } from "vitest";
import { buildFlow } from "./fixtures/build-flow";
import { exampleFlow } from "./fixtures/examples";
import { SessionHarness } from "./testing/session-harness";

function dialling(variables: Record<string, string> = {}): SessionHarness {
  const call = new SessionHarness({ flow: exampleFlow("on-call-forward"), call: { id: "CA1", from: "+15550001111", to: "+18005550199" }, variables });
  call.start();
  return call;
}

describe("dial", () => {
  it("emits the rendered number, caller id and limits, and waits for dial_result", () => {
    const call = dialling();
    expect(call.lastOf("dial")).toEqual([
      { type: "dial", nodeId: "engineer", token: call.token, to: "+14155550123", sip: false, callerId: "+18005550199", timeoutSeconds: 25, timeLimitSeconds: 3600, record: true },
    ]);
    expect(call.state.waiting).toEqual({ kind: "dial", nodeId: "engineer", token: call.token });
  });

  it("a SIP address is dialled as one", () => {
    const call = dialling({ on_call_number: "sip:oncall@pbx.acme.example" });
    expect(call.lastOf("dial")[0]).toMatchObject({ to: "sip:oncall@pbx.acme.example", sip: true });
  });

  it("completed goes on with the duration in nodes.<id> and vars.<storeAs>", () => {
    const call = dialling();
    call.send({ type: "dial_result", status: "completed", durationSeconds: 73, token: call.token });
    expect(call.path.slice(-2)).toEqual(["engineer:completed", "goodbye:ended(hangup_node)"]);
    expect(call.state.nodes.engineer).toEqual({ status: "completed", durationSeconds: 73 });
    expect(call.state.vars.forward).toEqual({ status: "completed", durationSeconds: 73 });
  });

  it.each([
    ["busy", "to_support"],
    ["no_answer", "to_support"],
    ["failed", "cannot_connect"],
  ] as const)("%s follows its handle", (status, next) => {
    const call = dialling();
    call.send({ type: "dial_result", status, durationSeconds: 12, ...(status === "failed" ? { reason: "the trunk refused: 503" } : {}), token: call.token });
    expect(call.path.at(-2)).toBe(`engineer:${status}`);
    expect(call.path.at(-1)?.startsWith(`${next}:`)).toBe(true);
    // Only a completed call has a duration.
    expect(call.state.nodes.engineer).toEqual({ status, durationSeconds: 0, ...(status === "failed" ? { reason: "the trunk refused: 503" } : {}) });
  });

  it("a late dial_result for another wait is ignored", () => {
    const call = dialling();
    call.send({ type: "dial_result", status: "busy", token: "w999" });
    expect(call.state.waiting?.kind).toBe("dial");
  });

  it("a number that renders empty fails at once, without dialling", () => {
    const flow = buildFlow({
      id: "empty-number",
      nodes: [
        { id: "out", type: "dial", data: { to: "{{vars.missing}}" } },
        { id: "bye", type: "hangup", data: {} },
      ],
      edges: [["out", "failed", "bye"]],
    });
    const call = new SessionHarness({ flow });
    call.start();
    expect(call.lastOf("dial")).toEqual([]);
    expect(call.path).toEqual(["out:failed", "bye:ended(hangup_node)"]);
    expect(call.state.nodes.out).toEqual({ status: "failed", durationSeconds: 0, reason: "the number to dial is empty" });
  });

  it("on a chat there is no call to connect: failed at once, saying so", () => {
    const call = new SessionHarness({ flow: exampleFlow("on-call-forward"), channel: "chat" });
    call.start();
    expect(call.lastOf("dial")).toEqual([]);
    expect(call.path.slice(0, 2)).toEqual(["connecting:next", "engineer:failed"]);
    expect(call.state.nodes.engineer).toMatchObject({ status: "failed", reason: expect.stringContaining("voice node") });
  });

  it("the env's phoneNetworkRefusal (a WhatsApp call) fails it with that reason, dialling nothing", () => {
    const call = new SessionHarness({ flow: exampleFlow("on-call-forward"), channelType: "whatsapp_cloud", phoneNetworkRefusal: "Meta forbids it" });
    call.start();
    expect(call.lastOf("dial")).toEqual([]);
    expect(call.state.nodes.engineer).toEqual({ status: "failed", durationSeconds: 0, reason: "Meta forbids it" });
  });

  it("the caller hanging up while the call is out ends the session as a hangup", () => {
    const call = dialling();
    call.send({ type: "hangup" });
    expect(call.state.endReason).toBe("caller_hangup");
  });
});
