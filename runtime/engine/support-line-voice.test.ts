import { describe, expect, it } from "vitest";
import { exampleFlow } from "./fixtures/examples";
import { SessionHarness } from "./testing/session-harness";

// Wednesday 3 June 2026, 11:00 in New York (EDT): open.
const OPEN = new Date("2026-06-03T15:00:00Z");

describe("support line on voice (examples/support-line.json)", () => {
  it("walks hours → menu → transfer → no answer → goodbye", () => {
    const call = new SessionHarness({
      flow: exampleFlow("support-line"),
      now: OPEN,
      caller: { phone: "+15551230000" },
      call: { id: "CA123", from: "+15551230000", to: "+15559990000" },
    });

    call.start();
    expect(call.last.effects.map((effect) => effect.type)).toEqual(["prompt", "prompt", "collect"]);
    expect(call.last.effects[0]).toMatchObject({ type: "prompt", nodeId: "welcome", interruptible: true, language: "en-US" });
    const collect = call.lastOf("collect")[0];
    expect(collect).toMatchObject({ nodeId: "main_menu", mode: "menu", input: "both", timeoutSeconds: 8, maxDigits: 1 });
    expect(collect?.hints).toEqual(expect.arrayContaining(["Sales", "billing", "technical support"]));
    expect(collect?.options?.map((option) => option.key)).toEqual(["1", "2", "3"]);
    expect(call.state).toMatchObject({ status: "waiting", currentNodeId: "main_menu", waiting: { kind: "input", attempt: 1 } });

    call.send({ type: "digits", digits: "1", token: collect?.token ?? "" });
    expect(call.lastOf("transfer")).toEqual([
      { type: "transfer", nodeId: "to_sales", token: call.token, teamId: "sales", priority: "normal", timeoutSeconds: 90, endsFlow: false },
    ]);
    expect(call.state.nodes.main_menu).toEqual({ key: "1", label: "Sales" });
    expect(call.state.waiting?.kind).toBe("transfer");

    call.advance(90_000);
    call.send({ type: "transfer_result", result: "no_answer" });
    expect(call.said).toEqual([expect.stringContaining("All of our team members are still helping")]);
    expect(call.lastOf("end")).toEqual([{ type: "end", reason: "hangup_node", nodeId: "all_busy", disconnect: true }]);
    expect(call.state).toMatchObject({ status: "ended", endReason: "hangup_node", waiting: null });

    expect(call.path).toEqual([
      "welcome:next",
      "hours:in_hours",
      "main_menu:waiting",
      "main_menu:option:1",
      "to_sales:waiting",
      "to_sales:no_answer",
      "all_busy:ended(hangup_node)",
    ]);
    expect(call.steps.every((record) => record.flowId === "support-line" && record.version === 1)).toBe(true);
    expect(call.steps[3]?.input).toBe("1");
  });

  it("routes a spoken choice and ends with the goodbye after a completed transfer", () => {
    const call = new SessionHarness({ flow: exampleFlow("support-line"), now: OPEN });
    call.start();
    call.send({ type: "speech", text: "Billing, please.", confidence: 0.9 });
    expect(call.state.currentNodeId).toBe("to_billing");
    call.send({ type: "transfer_result", result: "completed" });
    expect(call.path.slice(-3)).toEqual(["to_billing:waiting", "to_billing:completed", "goodbye:ended(hangup_node)"]);
  });

  it("says the closed message out of hours", () => {
    // Sunday 7 June 2026, 11:00 in New York.
    const call = new SessionHarness({ flow: exampleFlow("support-line"), now: new Date("2026-06-07T15:00:00Z") });
    call.start();
    expect(call.path).toEqual(["welcome:next", "hours:out_of_hours", "closed:ended(hangup_node)"]);
    expect(call.state.endReason).toBe("hangup_node");
  });

  it("sends a silent caller to support (timeout) after the retries", () => {
    const call = new SessionHarness({ flow: exampleFlow("support-line"), now: OPEN });
    call.start();
    call.send({ type: "timeout", token: call.token ?? "" });
    expect(call.said).toEqual(["I didn't hear a selection.", expect.stringContaining("For sales")]);
    call.send({ type: "timeout", token: call.token ?? "" });
    call.send({ type: "timeout", token: call.token ?? "" });
    expect(call.path.slice(2)).toEqual([
      "main_menu:waiting",
      "main_menu:no_input",
      "main_menu:no_input",
      "main_menu:timeout",
      "to_support:waiting",
    ]);
  });
});
