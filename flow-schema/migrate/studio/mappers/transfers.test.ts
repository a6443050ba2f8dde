import { describe, expect, it } from "vitest";
import { importWidget, messages, targetOf } from "../testing";

describe("Studio enqueue-call, send-to-flex and connect-call-to", () => {
  it("enqueue-call: a transfer to the team named after the queue; failures → no_answer", () => {
    const { node, handles, issues } = importWidget("enqueue-call", { queue_name: "Billing Team", timeout: "90" }, ["callComplete", "failedToEnqueue"]);
    expect(node).toMatchObject({ type: "transfer", data: { teamId: "Billing-Team", timeoutSeconds: 90, priority: "normal" } });
    expect(handles).toEqual({ completed: targetOf("callComplete"), no_answer: targetOf("failedToEnqueue") });
    expect(messages(issues)).toEqual([expect.stringContaining('queue "Billing Team" becomes a transfer to team "Billing-Team"'), expect.stringContaining("enqueue-call becomes")]);
  });

  it("send-to-flex: the report names the workflow; attributes and priority are reported, not guessed", () => {
    const { node, issues } = importWidget("send-to-flex", {
      workflow: "WW0123",
      channel: "TC0123",
      attributes: '{"name": "{{trigger.message.From}}"}',
      priority: "10",
    });
    expect(node.data).toMatchObject({ teamId: "WW0123", timeoutSeconds: 120 });
    expect(issues.map((issue) => issue.path)).toEqual([
      "/states/1/properties/workflow",
      "/states/1/properties/attributes",
      "/states/1/properties/channel",
      "/states/1/properties/priority",
      "/states/1/type",
    ]);
    expect(issues[0]?.message).toContain("TaskRouter workflow WW0123");
  });

  it("when both failures lead to different widgets, the second is reported", () => {
    const transitions = [
      { event: "failedToEnqueue", next: "to_a" },
      { event: "callFailure", next: "to_b" },
    ];
    const { handles, issues } = importWidget("enqueue-call", { queue_name: "sales" }, [], { transitions });
    expect(handles).toEqual({ no_answer: "to_a" });
    expect(issues.filter((issue) => issue.severity === "error").map((issue) => issue.path)).toEqual(["/states/1/transitions/1"]);
  });

  it("connect-call-to a Client identity: a transfer to that team", () => {
    const { node, handles } = importWidget("connect-call-to", { noun: "client", to: "support", caller_id: "{{contact.channel.address}}", timeout: 20 }, ["callCompleted"]);
    expect(node).toMatchObject({ type: "transfer", data: { teamId: "support", timeoutSeconds: 20 } });
    expect(handles).toEqual({ completed: targetOf("callCompleted") });
  });

  it("connect-call-to a number: a dial with Studio's caller_id, timeout, time_limit and record; callCompleted follows every outcome", () => {
    const { node, handles, issues } = importWidget(
      "connect-call-to",
      { noun: "number", to: "{{flow.variables.manager}}", caller_id: "{{trigger.call.To}}", timeout: "45", time_limit: 600, record: "true" },
      ["callCompleted", "hangup"],
    );
    expect(node).toMatchObject({ type: "dial", data: { to: "{{vars.manager}}", callerId: "{{call.to}}", timeoutSeconds: 45, timeLimitSeconds: 600, record: true } });
    const after = targetOf("callCompleted");
    expect(handles).toEqual({ completed: after, busy: after, no_answer: after, failed: after });
    // Only the hangup transition is lost, and said so: every property was carried over.
    expect(messages(issues, "error")).toEqual([expect.stringContaining("hangup → to_hangup) dropped: a caller who hangs up ends the session")]);
    expect(issues.filter((issue) => issue.path?.includes("/properties/"))).toEqual([]);
  });

  it("connect-call-to a SIP endpoint: a dial to the sip: address; its credentials are reported, not carried", () => {
    const { node, issues } = importWidget("connect-call-to", { noun: "sip", sip_endpoint: "desk@pbx.acme.example", sip_username: "desk", sip_password: "secret", timeout: 2 }, ["callCompleted"]);
    expect(node).toMatchObject({ type: "dial", data: { to: "sip:desk@pbx.acme.example", timeoutSeconds: 5 } });
    expect(issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(["/states/1/properties/sip_username", "/states/1/properties/sip_password", "/states/1/properties/timeout"]));
  });

  it("connect-call-to a number with no address: a placeholder for the dial node", () => {
    const { node } = importWidget("connect-call-to", { noun: "number", to: " " }, ["callCompleted"]);
    expect(node).toMatchObject({ type: "placeholder", data: { mapsTo: "dial" } });
  });

  it.each(["number-multi", "sim", "conference"])("connect-call-to a %s: a placeholder for the dial node, its transitions kept", (noun) => {
    const { node, handles, issues } = importWidget("connect-call-to", { noun, to: "+15550100" }, ["callCompleted", "hangup"]);
    expect(node).toMatchObject({ type: "placeholder", data: { mapsTo: "dial", originalType: "connect-call-to", outcomes: ["callCompleted", "hangup"] } });
    expect(handles).toEqual({ callCompleted: targetOf("callCompleted"), hangup: targetOf("hangup") });
    expect(messages(issues, "error")).toEqual([expect.stringContaining("placeholder for a dial node")]);
  });
});
