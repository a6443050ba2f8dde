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
    ["matches", "GOLD member", "(?i)^gold\\b", true],
    ["matches", `${"a".repeat(40)}!`, "^(a+)+$", false],
    ["matches", "x1", "(?=x)x", false],
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

  describe("a templated `matches` pattern, compiled when the rule is tested", () => {
    const templated = buildFlow({
      id: "pick",
      nodes: [
        { id: "pick", type: "condition", data: { rules: [{ id: "found", left: "{{vars.text}}", operator: "matches", right: "{{vars.pattern}}" }] } },
        { id: "end", type: "hangup", data: {} },
      ],
      edges: [
        ["pick", "match:found", "end"],
        ["pick", "no_match", "end"],
      ],
    });
    const first = (variables: Record<string, string>) => {
      const call = new SessionHarness({ flow: templated, variables });
      call.start();
      return call.steps[0];
    };

    it("holds when the rendered pattern finds the text", () => {
      expect(first({ text: "gold member", pattern: "^gold" })).toEqual(expect.objectContaining({ outcome: "match:found" }));
      expect(first({ text: "gold member", pattern: "^gold" })?.note).toBeUndefined();
      expect(first({ text: "silver", pattern: "^gold" })?.outcome).toBe("no_match");
    });

    it("does not hold when the rendered pattern cannot run, and the step's note says why", () => {
      const lookahead = first({ text: "gold", pattern: "(?=g)gold" });
      expect(lookahead?.outcome).toBe("no_match");
      expect(lookahead?.note).toMatch(/^rule "found": \/\(\?=g\)gold\/ cannot run: lookahead \(\?=…\) is not supported/);
      const long = first({ text: "a", pattern: "a".repeat(501) });
      expect(long?.outcome).toBe("no_match");
      expect(long?.note).toContain("it is 501 characters long; at most 500 are allowed");
      const slowest = first({ text: "ab".repeat(2000), pattern: "[ab]*a[ab]{990}c" });
      expect(slowest?.outcome).toBe("no_match");
      expect(slowest?.note).toContain("a pattern filled in from a template (its text may come from a caller) may have at most 64");
      const catastrophic = first({ text: `${"a".repeat(40)}!`, pattern: "^(a+)+$" });
      expect(catastrophic).toEqual(expect.objectContaining({ outcome: "no_match" }));
      expect(catastrophic?.note).toBeUndefined();
    });
  });
});
