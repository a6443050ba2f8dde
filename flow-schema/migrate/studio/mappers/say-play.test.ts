import { describe, expect, it } from "vitest";
import { importWidget, messages, targetOf } from "../testing";

describe("Studio say-play, set-variables and widgets with no node yet", () => {
  it("say-play with a next widget is a greeting", () => {
    const { node, handles, issues } = importWidget("say-play", { say: "Hi {{trigger.call.From}}", voice: "alice", language: "en-US", loop: 1 }, ["audioComplete"]);
    expect(node).toMatchObject({ type: "greeting", data: { prompt: { text: "Hi {{caller.phone}}", voice: "alice", language: "en-US" } } });
    expect(handles).toEqual({ next: targetOf("audioComplete") });
    expect(issues).toEqual([]);
  });

  it("say-play that ends the call is a hang-up with its message; loop and digits are reported", () => {
    const { node, issues } = importWidget("say-play", { say: "Bye", loop: "3", digits: "12" }, [], { transitions: [{ event: "audioComplete" }] });
    expect(node).toMatchObject({ type: "hangup", data: { prompt: { text: "Bye" } } });
    expect(issues.map((issue) => issue.path)).toEqual(["/states/1/properties/digits", "/states/1/properties/loop", "/states/1/type"]);
  });

  it("set-variables: assignments to vars, names made valid, filters kept verbatim and reported", () => {
    const { node, issues } = importWidget(
      "set-variables",
      { variables: [{ key: "count", value: "{{flow.variables.count | plus: 1}}" }, { key: "order-id", value: "{{trigger.message.Body}}" }, { value: "x" }] },
      ["next"],
    );
    expect(node.data).toEqual({
      assignments: [
        { name: "count", value: "{{flow.variables.count | plus: 1}}" },
        { name: "order_id", value: "{{vars.last_message}}" },
      ],
    });
    expect(issues.map((issue) => issue.path)).toEqual(["/states/1/properties/variables/0/value", "/states/1/properties/variables/1/key", "/states/1/properties/variables/2"]);
    expect(messages(issues)[0]).toContain("{{flow.variables.count | plus: 1}} is kept as it is");
  });

  it("record-call (recording the whole call, not a voicemail) is a placeholder that names no node, keeping the widget and its edges", () => {
    const properties = { record_call: true, recording_channels: "dual" };
    const { node, handles, issues } = importWidget("record-call", properties, ["success", "failed"]);
    expect(node).toMatchObject({ type: "placeholder", data: { source: "Twilio Studio", originalType: "record-call", outcomes: ["success", "failed"] } });
    expect(node.data).not.toHaveProperty("mapsTo");
    expect(node.data).toMatchObject({ reason: expect.stringContaining("records the whole call"), original: { type: "record-call", properties: expect.objectContaining(properties) } });
    expect(Object.keys(handles)).toEqual(["success", "failed"]);
    expect(issues).toEqual([expect.objectContaining({ severity: "error", path: "/states/1/type" })]);
  });

  it("an unknown widget type is a placeholder that names no node", () => {
    const { node, issues } = importWidget("capture-payments", { payment_amount: "10" }, ["success"]);
    expect(node).toMatchObject({ type: "placeholder", data: { originalType: "capture-payments", outcomes: ["success"] } });
    expect(node.data).not.toHaveProperty("mapsTo");
    expect(messages(issues, "error")).toEqual([expect.stringContaining('no node for the widget type "capture-payments"')]);
  });
});
