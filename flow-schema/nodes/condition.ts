import { z } from "zod";
import { Identifier, Template } from "../primitives";
import { bothChannels, defineNode, everyHandleExpected, noWrites, truncate, noProblems } from "./node-definition";

export const ConditionOperator = z.enum([
  "equals",
  "not_equals",
  "contains",
  "starts_with",
  "matches",
  "less_than",
  "greater_than",
  "is_empty",
  "is_not_empty",
]);
export type ConditionOperator = z.infer<typeof ConditionOperator>;

/** Operators that compare against nothing. */
export const UNARY_OPERATORS: ReadonlySet<ConditionOperator> = new Set(["is_empty", "is_not_empty"]);

export const ConditionRule = z
  .strictObject({
    id: Identifier.describe("Names the rule's handle: match:<id>"),
    left: Template.describe("Value to test, e.g. {{vars.balance}}"),
    operator: ConditionOperator,
    right: Template.optional().describe("Value to compare with; for matches, a regular expression (RE2 syntax: no lookaround or backreferences)"),
  })
  .superRefine((rule, ctx) => {
    if (!UNARY_OPERATORS.has(rule.operator) && rule.right === undefined) {
      ctx.addIssue({ code: "custom", message: `operator ${rule.operator} needs a right-hand value`, path: ["right"] });
    }
  });
export type ConditionRule = z.infer<typeof ConditionRule>;

export const ConditionData = z
  .strictObject({
    rules: z.array(ConditionRule).min(1).max(50).describe("Tested in order; the first that holds wins"),
  })
  .superRefine((data, ctx) => {
    const seen = new Set<string>();
    data.rules.forEach((rule, index) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: "custom", message: `rule id ${rule.id} is used twice`, path: ["rules", index, "id"] });
      seen.add(rule.id);
    });
  });
export type ConditionData = z.infer<typeof ConditionData>;

const OPERATOR_WORDS: Record<ConditionOperator, string> = {
  equals: "=",
  not_equals: "≠",
  contains: "contains",
  starts_with: "starts with",
  matches: "matches",
  less_than: "<",
  greater_than: ">",
  is_empty: "is empty",
  is_not_empty: "is not empty",
};

export function describeRule(rule: ConditionRule): string {
  return [rule.left, OPERATOR_WORDS[rule.operator], UNARY_OPERATORS.has(rule.operator) ? "" : (rule.right ?? "")]
    .filter((part) => part !== "")
    .join(" ");
}

export const conditionNode = defineNode({
  type: "condition",
  title: "Condition",
  description: "Branch on variables: the first rule that holds wins.",
  data: ConditionData,
  starter: () => ({ rules: [{ id: "vip", left: "{{vars.tier}}", operator: "equals", right: "gold" }] }),
  outputs: (data) => [
    ...data.rules.map((rule) => ({ id: `match:${rule.id}`, label: truncate(describeRule(rule), 40) })),
    { id: "no_match", label: "No match" },
  ],
  terminal: false,
  waitsForInput: false,
  channels: bothChannels,
  templates: (data) =>
    data.rules.flatMap((rule, index) => [
      { pointer: `/rules/${index}/left`, template: rule.left },
      ...(rule.right === undefined ? [] : [{ pointer: `/rules/${index}/right`, template: rule.right }]),
    ]),
  writes: noWrites,
  // A `matches` pattern that is a template is compiled at run time; only its size can be checked now.
  patterns: (data) =>
    data.rules.flatMap((rule, index) =>
      rule.operator === "matches" && rule.right !== undefined
        ? [{ pointer: `/rules/${index}/right`, pattern: rule.right, ...(rule.right.includes("{{") ? { templated: true as const } : {}) }]
        : [],
    ),
  optionalHandle: everyHandleExpected,
  check: noProblems,
  summary: (data) => truncate(data.rules.map(describeRule).join("; ")),
});
