import { describe, expect, it } from "vitest";
import { handlesOf, issuePaths, problemsOf } from "../validate/fixtures/schema-helpers";
import { GotoFlowData, gotoFlowNode } from "./goto-flow";

describe("goto_flow node", () => {
  it("has a starter that parses", () => {
    expect(GotoFlowData.safeParse(gotoFlowNode.starter()).success).toBe(true);
  });

  it("offers no handles and is terminal", () => {
    expect(handlesOf(gotoFlowNode, { flowId: "billing" })).toEqual([]);
    expect(gotoFlowNode.terminal).toBe(true);
    expect(gotoFlowNode.waitsForInput).toBe(false);
  });

  it("accepts flow ids with dots, dashes and underscores", () => {
    expect(GotoFlowData.safeParse({ flowId: "support.line_v2-es" }).success).toBe(true);
  });

  it.each([
    ["no flow id", {}, "flowId"],
    ["an empty flow id", { flowId: "" }, "flowId"],
    ["a flow id starting with a dash", { flowId: "-main" }, "flowId"],
    ["a flow id with a slash", { flowId: "../main" }, "flowId"],
    ["a flow id with a space", { flowId: "main line" }, "flowId"],
    ["an unknown key", { flowId: "main", version: 3 }, ""],
  ])("refuses %s", (_name, input, path) => {
    expect(issuePaths(GotoFlowData, input)).toContain(path);
  });

  it("reports a flow that does not exist, only when the flows are known", () => {
    expect(problemsOf(gotoFlowNode, { flowId: "billing" }, {})).toEqual([]);
    expect(problemsOf(gotoFlowNode, { flowId: "billing" }, { knownFlows: new Set(["billing"]) })).toEqual([]);
    expect(problemsOf(gotoFlowNode, { flowId: "billing" }, { knownFlows: new Set(["main"]) })).toEqual([{ code: "goto_target_missing", pointer: "/flowId" }]);
  });
});
