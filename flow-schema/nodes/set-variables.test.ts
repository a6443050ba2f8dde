import { describe, expect, it } from "vitest";
import { handlesOf, issuePaths } from "../validate/fixtures/schema-helpers";
import { SetVariablesData, setVariablesNode } from "./set-variables";

describe("set_variables node", () => {
  it("has a starter that parses", () => {
    expect(handlesOf(setVariablesNode, setVariablesNode.starter())).toEqual(["next"]);
  });

  it("offers next, does not wait and is not terminal", () => {
    expect(handlesOf(setVariablesNode, { assignments: [{ name: "a", value: "1" }] })).toEqual(["next"]);
    expect(setVariablesNode.waitsForInput).toBe(false);
    expect(setVariablesNode.terminal).toBe(false);
  });

  it("sets the variables it assigns and reads their value templates", () => {
    const data = SetVariablesData.parse({
      assignments: [
        { name: "phone", value: "{{caller.phone}}" },
        { name: "topic", value: "billing" },
      ],
    });
    expect(setVariablesNode.writes(data)).toEqual(["phone", "topic"]);
    expect(setVariablesNode.templates(data)).toEqual([
      { pointer: "/assignments/0/value", template: "{{caller.phone}}" },
      { pointer: "/assignments/1/value", template: "billing" },
    ]);
  });

  it.each([
    ["no assignments", { assignments: [] }, "assignments"],
    ["a name starting with a digit", { assignments: [{ name: "1st", value: "x" }] }, "assignments.0.name"],
    ["a dotted name", { assignments: [{ name: "vars.topic", value: "x" }] }, "assignments.0.name"],
    ["the name __proto__", { assignments: [{ name: "__proto__", value: "x" }] }, "assignments.0.name"],
    ["a value that is not text", { assignments: [{ name: "n", value: 5 }] }, "assignments.0.value"],
    ["an assignment without a value", { assignments: [{ name: "n" }] }, "assignments.0.value"],
    ["an unknown key in an assignment", { assignments: [{ name: "n", value: "x", type: "string" }] }, "assignments.0"],
    ["an unknown key", { assignments: [{ name: "n", value: "x" }], scope: "session" }, ""],
  ])("refuses %s", (_name, input, path) => {
    expect(issuePaths(SetVariablesData, input)).toContain(path);
  });
});
