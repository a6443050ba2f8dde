import { describe, expect, it } from "vitest";
import { handlesOf, issuePaths, problemsOf } from "../validate/fixtures/schema-helpers";
import { ReturnData, returnNode } from "./return";
import { SubflowData, subflowNode } from "./subflow";

const contract = {
  inputs: { account: { type: "string" as const }, reason: { type: "string" as const, default: "x" } },
  outputs: { paid: { type: "boolean" as const } },
  outcomes: ["done", "declined"],
};

describe("subflow node", () => {
  it("has a starter that parses", () => {
    expect(SubflowData.safeParse(subflowNode.starter()).success).toBe(true);
  });

  it("offers one handle per outcome, then failed", () => {
    expect(handlesOf(subflowNode, { flowId: "billing", outcomes: ["done", "declined"] })).toEqual(["outcome:done", "outcome:declined", "failed"]);
    expect(handlesOf(subflowNode, { flowId: "billing" })).toEqual(["failed"]);
    expect(subflowNode.terminal).toBe(false);
  });

  it("writes the variables its outputs go to", () => {
    expect(subflowNode.writes(SubflowData.parse({ flowId: "billing", outputs: { paid: "was_paid" } }))).toEqual(["was_paid"]);
  });

  it.each([
    ["an outcome twice", { flowId: "b", outcomes: ["done", "done"] }, "outcomes"],
    ["an outcome with a colon", { flowId: "b", outcomes: ["a:b"] }, "outcomes.0"],
    ["an input name with a dash", { flowId: "b", inputs: { "a-b": "x" } }, "inputs.a-b"],
    ["an output into a bad variable name", { flowId: "b", outputs: { paid: "1x" } }, "outputs.paid"],
    ["version 0", { flowId: "b", version: 0 }, "version"],
    ["an unknown key", { flowId: "b", target: "c" }, ""],
  ])("refuses %s", (_name, input, path) => {
    expect(issuePaths(SubflowData, input)).toContain(path);
  });

  it("checks inputs, outputs and outcomes against the called flow's contract, only when it is known", () => {
    const data = { flowId: "billing", inputs: { colour: "red" }, outputs: { total: "t" }, outcomes: ["done", "refunded"] };
    expect(problemsOf(subflowNode, data, {})).toEqual([]);
    expect(problemsOf(subflowNode, data, { subflows: () => contract })).toEqual([
      { code: "subflow_input_unknown", pointer: "/inputs/colour" },
      { code: "subflow_input_missing", pointer: "/inputs" },
      { code: "subflow_output_unknown", pointer: "/outputs/total" },
      { code: "subflow_outcome_unknown", pointer: "/outcomes/1" },
      { code: "subflow_outcome_unlisted", pointer: "/outcomes" },
    ]);
    expect(problemsOf(subflowNode, { flowId: "billing", inputs: { account: "1" }, outcomes: ["done", "declined"] }, { subflows: () => contract })).toEqual([]);
  });
});

describe("return node", () => {
  it("has a starter that parses, ends the flow and defaults its outcome to done", () => {
    expect(ReturnData.safeParse(returnNode.starter()).success).toBe(true);
    expect(ReturnData.parse({})).toEqual({ outcome: "done", outputs: {} });
    expect(handlesOf(returnNode, {})).toEqual([]);
    expect(returnNode.terminal).toBe(true);
  });

  it("reads its output values as templates", () => {
    expect(returnNode.templates(ReturnData.parse({ outputs: { paid: "{{vars.paid}}" } }))).toEqual([{ pointer: "/outputs/paid", template: "{{vars.paid}}" }]);
  });
});
