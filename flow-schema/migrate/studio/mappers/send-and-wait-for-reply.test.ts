import { describe, expect, it } from "vitest";
import { importWidget, messages, targetOf } from "../testing";

const replySplit = (values: Array<[string, string]>) => ({
  name: "answer",
  type: "split-based-on",
  properties: { input: "{{widgets.subject.inbound.Body}}" },
  transitions: [
    { event: "noMatch", next: "to_timeout" },
    ...values.map(([type, value], index) => ({
      event: "match",
      next: "to_timeout",
      conditions: [{ arguments: ["{{widgets.subject.inbound.Body}}"], type, value, friendly_name: `v${index}` }],
    })),
  ],
});

function ask(values: Array<[string, string]> | undefined, properties: Record<string, unknown> = {}) {
  const transitions = [
    { event: "incomingMessage", next: values === undefined ? "to_reply" : "answer" },
    { event: "timeout", next: targetOf("timeout") },
    { event: "deliveryFailure", next: targetOf("timeout") },
  ];
  const extra = values === undefined ? [{ name: "to_reply", type: "say-play", properties: { say: "ok" } }] : [replySplit(values)];
  return importWidget("send-and-wait-for-reply", { body: "Reply YES or NO", timeout: "3600", from: "{{flow.channel.address}}", ...properties }, [], { transitions, trigger: "incomingMessage", extra });
}

describe("Studio send-and-wait-for-reply (chat)", () => {
  it("becomes a menu of the values the next split compares the reply with, every reply going to that split", () => {
    const { node, handles, issues } = ask([
      ["equal_to", "yes"],
      ["matches_any_of", "no, nope"],
    ]);
    expect(node).toMatchObject({ type: "menu" });
    expect(node.data).toEqual({
      prompt: { text: "Reply YES or NO" },
      options: [
        { key: "1", label: "yes" },
        { key: "2", label: "no", say: ["nope"] },
      ],
      input: "dtmf",
      timeoutSeconds: 60,
      maxRetries: 0,
    });
    expect(handles).toEqual({ "option:1": "answer", "option:2": "answer", max_retries: "answer", timeout: targetOf("timeout") });
    expect(issues.map((issue) => [issue.severity, issue.path])).toEqual([
      ["warning", "/states/1/properties/timeout"],
      ["warning", "/states/1/type"],
      ["error", "/states/1/transitions/2/event"],
    ]);
  });

  it("keeps digit values as the option keys", () => {
    const { node } = ask([
      ["equal_to", "1"],
      ["equal_to", "2"],
    ]);
    expect(node.data).toMatchObject({ options: [{ key: "1", label: "1" }, { key: "2", label: "2" }] });
  });

  it("becomes a gather when the reply is free text, and says that words no longer count", () => {
    const { node, handles, issues } = ask(undefined, { timeout: 30 });
    expect(node).toMatchObject({ type: "gather", data: { timeoutSeconds: 30, storeAs: "subject", terminator: "" } });
    expect(handles).toMatchObject({ next: "to_reply", max_retries: "to_reply" });
    expect(messages(issues, "warning")).toEqual([expect.stringContaining("a reply in words no longer counts"), expect.stringContaining("becomes a gather")]);
  });

  it("becomes a gather when the split tests something other than fixed values", () => {
    expect(ask([["contains", "yes"]]).node.type).toBe("gather");
  });
});
