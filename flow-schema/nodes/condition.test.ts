import { describe, expect, it } from "vitest";
import { handlesOf, issuePaths } from "../validate/fixtures/schema-helpers";
import { ConditionData, conditionNode, describeRule } from "./condition";

const vip = { id: "vip", left: "{{vars.tier}}", operator: "equals", right: "gold" };

describe("condition node", () => {
  it("has a starter that parses", () => {
    expect(handlesOf(conditionNode, conditionNode.starter())).toEqual(["match:vip", "no_match"]);
  });

  it("offers match:<id> per rule, in order, then no_match", () => {
    const data = ConditionData.parse({ rules: [vip, { id: "empty", left: "{{vars.name}}", operator: "is_empty" }] });
    expect(conditionNode.outputs(data)).toEqual([
      { id: "match:vip", label: "{{vars.tier}} = gold" },
      { id: "match:empty", label: "{{vars.name}} is empty" },
      { id: "no_match", label: "No match" },
    ]);
  });

  it("does not wait and is not terminal", () => {
    expect(conditionNode.waitsForInput).toBe(false);
    expect(conditionNode.terminal).toBe(false);
  });

  it("accepts unary operators without a right-hand value", () => {
    expect(ConditionData.safeParse({ rules: [{ id: "a", left: "{{vars.x}}", operator: "is_not_empty" }] }).success).toBe(true);
  });

  it.each(["equals", "not_equals", "contains", "starts_with", "matches", "less_than", "greater_than"])(
    "refuses %s without a right-hand value",
    (operator) => {
      expect(issuePaths(ConditionData, { rules: [{ id: "a", left: "{{vars.x}}", operator }] })).toEqual(["rules.0.right"]);
    },
  );

  it.each([
    ["duplicate rule ids", { rules: [vip, { ...vip, right: "platinum" }] }, "rules.1.id"],
    ["no rules", { rules: [] }, "rules"],
    ["51 rules", { rules: Array.from({ length: 51 }, (_, i) => ({ ...vip, id: `r${i}` })) }, "rules"],
    ["a rule id with a colon", { rules: [{ ...vip, id: "a:b" }] }, "rules.0.id"],
    ["an unknown operator", { rules: [{ ...vip, operator: "like" }] }, "rules.0.operator"],
    ["a rule without a left side", { rules: [{ id: "a", operator: "equals", right: "x" }] }, "rules.0.left"],
    ["an unknown key in a rule", { rules: [{ ...vip, caseSensitive: true }] }, "rules.0"],
    ["an unknown key", { rules: [vip], otherwise: "x" }, ""],
  ])("refuses %s", (_name, input, path) => {
    expect(issuePaths(ConditionData, input)).toContain(path);
  });

  it("hands `matches` patterns to the regex check, templates marked as such, but not other operators", () => {
    const data = ConditionData.parse({
      rules: [
        { id: "a", left: "{{vars.x}}", operator: "matches", right: "^\\d+$" },
        { id: "b", left: "{{vars.x}}", operator: "matches", right: "{{vars.pattern}}" },
        { id: "c", left: "{{vars.x}}", operator: "equals", right: "(" },
      ],
    });
    expect(conditionNode.patterns(data)).toEqual([
      { pointer: "/rules/0/right", pattern: "^\\d+$" },
      { pointer: "/rules/1/right", pattern: "{{vars.pattern}}", templated: true },
    ]);
  });

  it("lists both sides of each rule as templates", () => {
    const data = ConditionData.parse({ rules: [vip, { id: "e", left: "{{vars.y}}", operator: "is_empty" }] });
    expect(conditionNode.templates(data)).toEqual([
      { pointer: "/rules/0/left", template: "{{vars.tier}}" },
      { pointer: "/rules/0/right", template: "gold" },
      { pointer: "/rules/1/left", template: "{{vars.y}}" },
    ]);
  });

  it("describes a unary rule without a stray right-hand value", () => {
    expect(describeRule({ id: "e", left: "{{vars.y}}", operator: "is_empty", right: "ignored" })).toBe("{{vars.y}} is empty");
  });
});
