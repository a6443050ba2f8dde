import { describe, expect, it } from "vitest";
import { importWidget, messages, targetOf } from "../testing";

const gather = { name: "menu", type: "gather-input-on-call", properties: { say: "Press a key" } };

function split(conditions: Array<Record<string, unknown>>, input = "{{widgets.menu.Digits}}") {
  const transitions = [
    { event: "noMatch", next: targetOf("noMatch") },
    ...conditions.map((condition, index) => ({ event: "match", next: targetOf(`match${index}`), conditions: [{ arguments: [input], ...condition }] })),
  ];
  return importWidget("split-based-on", { input }, [], { transitions, extra: [gather] });
}

describe("Studio split-based-on", () => {
  it("makes one rule per match transition, in order, and noMatch → no_match", () => {
    const { node, handles, issues } = split([
      { friendly_name: "If value equal_to 1", type: "equal_to", value: "1" },
      { friendly_name: "two", type: "equal_to", value: 2 },
    ]);
    expect(node).toMatchObject({ type: "condition", position: { x: 10, y: 20 } });
    expect(node.data).toEqual({
      rules: [
        { id: "1", left: "{{nodes.menu.digits}}", operator: "matches", right: "(?i)^\\s*1\\s*$" },
        { id: "2", left: "{{nodes.menu.digits}}", operator: "matches", right: "(?i)^\\s*2\\s*$" },
      ],
    });
    expect(handles).toEqual({ no_match: targetOf("noMatch"), "match:1": targetOf("match0"), "match:2": targetOf("match1") });
    expect(issues).toEqual([]);
  });

  it.each([
    ["equal_to", "Yes", "matches", "(?i)^\\s*Yes\\s*$"],
    ["contains", "agent", "matches", "(?i)agent"],
    ["starts_with", "sales.", "matches", "(?i)^\\s*sales\\."],
    ["matches_any_of", "yes, y ,yeah", "matches", "(?i)^\\s*(?:yes|y|yeah)\\s*$"],
    ["regex", "^[0-9]{4}$", "matches", "^[0-9]{4}$"],
    ["greater_than", " 10 ", "greater_than", "10"],
    ["less_than", "5", "less_than", "5"],
  ])("converts %s %j like Studio compares it (case and surrounding spaces ignored)", (type, value, operator, right) => {
    const { node, issues } = split([{ type, value }]);
    expect(node.data).toMatchObject({ rules: [{ operator, right }] });
    expect(messages(issues)).toEqual([]);
  });

  it.each([
    ["is_blank", "is_empty"],
    ["is_not_blank", "is_not_empty"],
  ])("converts %s to %s, with no right-hand value", (type, operator) => {
    const { node } = split([{ type, value: "Is Blank" }]);
    expect(node.data).toEqual({ rules: [{ id: type, left: "{{nodes.menu.digits}}", operator }] });
  });

  it("keeps exact-text operators for not_equal_to and template values, and says so", () => {
    const { node, issues } = split([
      { type: "not_equal_to", value: "No" },
      { type: "equal_to", value: "{{flow.variables.expected}}" },
    ]);
    expect(node.data).toMatchObject({
      rules: [
        { operator: "not_equals", right: "No" },
        { operator: "equals", right: "{{vars.expected}}" },
      ],
    });
    expect(issues.map((issue) => issue.path)).toEqual(["/states/1/transitions/1/conditions/0/type", "/states/1/transitions/2/conditions/0/type"]);
  });

  it("drops what a rule cannot express, with the transition's JSON pointer", () => {
    const { node, handles, issues } = split([
      { type: "is_after_time", value: "17:00" },
      { type: "does_not_match_any_of", value: "a, b" },
      { type: "equal_to", value: "3" },
    ]);
    expect(node.data).toMatchObject({ rules: [{ id: "3" }] });
    expect(handles).toEqual({ no_match: targetOf("noMatch"), "match:3": targetOf("match2") });
    expect(issues.filter((issue) => issue.severity === "error").map((issue) => issue.path)).toEqual([
      "/states/1/transitions/1/conditions/0/type",
      "/states/1/transitions/2/conditions/0/type",
      "/states/1/transitions/1/event",
      "/states/1/transitions/2/event",
    ]);
  });

  it("tests the condition's own argument when it differs from the input, and reports extra conditions", () => {
    const transitions = [
      { event: "noMatch" },
      {
        event: "match",
        next: targetOf("both"),
        conditions: [
          { arguments: ["{{trigger.call.From}}"], type: "starts_with", value: "+44" },
          { arguments: ["{{trigger.call.To}}"], type: "equal_to", value: "+15550000000" },
        ],
      },
    ];
    const { node, issues } = importWidget("split-based-on", { input: "{{widgets.menu.Digits}}" }, [], { transitions, extra: [gather] });
    expect(node.data).toEqual({ rules: [{ id: "rule", left: "{{caller.phone}}", operator: "matches", right: "(?i)^\\s*\\+44" }] });
    expect(issues).toEqual([expect.objectContaining({ severity: "error", path: "/states/1/transitions/1/conditions/1", message: expect.stringContaining("only the first") })]);
  });
});
