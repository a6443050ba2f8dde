import { describe, expect, it } from "vitest";
import type { ConditionRule } from "../../flow-schema/nodes/condition";
import { evaluateRule } from "./evaluate-rule";
import { buildFlow } from "./fixtures/build-flow";
import { SessionHarness } from "./testing/session-harness";

describe("condition operators", () => {
  it.each<[ConditionRule["operator"], string, string, boolean]>([
    ["equals", "gold", "gold", true],
    ["equals", "Gold", "gold", false],
    ["equals", "1.0", "1", false],
    ["not_equals", "gold", "silver", true],
    ["not_equals", "gold", "gold", false],
    ["contains", "my invoice", "voice", true],
    ["contains", "my invoice", "bill", false],
    ["starts_with", "+49301234", "+49", true],
    ["starts_with", "+1555", "+49", false],
    ["matches", "Refund please", "[Rr]efund|[Ii]nvoice", true],
    ["matches", "hello", "^h.l+o$", true],
    ["matches", "hello", "^bye", false],
    ["matches", "anything", "([unclosed", false],
    ["less_than", "9", "10", true],
    ["less_than", "10", "9", false],
    ["less_than", "-2.5", "-2", true],
    ["less_than", "abc", "abd", true],
    ["less_than", "9", "10x", false],
    ["greater_than", "10", "9", true],
    ["greater_than", "12.50", "0", true],
    ["greater_than", "0", "0", false],
    ["greater_than", "b", "a", true],
    ["greater_than", "", "0", false],
    ["is_empty", "", "", true],
    ["is_empty", "   ", "", true],
    ["is_empty", "x", "", false],
    ["is_not_empty", "x", "", true],
    ["is_not_empty", " ", "", false],
  ])("%s: %j vs %j → %s", (operator, left, right, expected) => {
    expect(evaluateRule(operator, left, right).holds).toBe(expected);
  });

  const flow = buildFlow({
    id: "route",
    nodes: [
      {
        id: "route",
        type: "condition",
        data: {
          rules: [
            { id: "vip", left: "{{vars.tier}}", operator: "equals", right: "gold" },
            { id: "rich", left: "{{vars.balance}}", operator: "greater_than", right: "{{vars.limit}}" },
            { id: "unknown", left: "{{vars.tier}}", operator: "is_empty" },
          ],
        },
      },
      { id: "end", type: "hangup", data: {} },
    ],
    edges: [
      ["route", "match:vip", "end"],
      ["route", "match:rich", "end"],
      ["route", "match:unknown", "end"],
      ["route", "no_match", "end"],
    ],
  });

  it.each<[Record<string, string | number>, string]>([
    [{ tier: "gold", balance: 1000, limit: 10 }, "match:vip"],
    [{ tier: "silver", balance: 1000, limit: 200 }, "match:rich"],
    [{ tier: "silver", balance: 90, limit: 200 }, "no_match"],
    [{ balance: 1, limit: 2 }, "match:unknown"],
  ])("the first rule that holds wins: %j → %s", (variables, handle) => {
    const call = new SessionHarness({ flow, variables });
    call.start();
    expect(call.steps[0]?.outcome).toBe(handle);
  });
});
