import { z } from "zod";
import { FlowId } from "../primitives";
import { bothChannels, defineNode, everyHandleExpected, noPatterns, noTemplates, noWrites } from "./node-definition";

export const GotoFlowData = z.strictObject({
  flowId: FlowId.describe("The flow to continue in (its current published version); variables carry over"),
});
export type GotoFlowData = z.infer<typeof GotoFlowData>;

export const gotoFlowNode = defineNode({
  type: "goto_flow",
  title: "Go to flow",
  description: "Continue in another flow, keeping the variables.",
  data: GotoFlowData,
  starter: () => ({ flowId: "main" }),
  outputs: () => [],
  terminal: true,
  waitsForInput: false,
  channels: bothChannels,
  templates: noTemplates,
  writes: noWrites,
  patterns: noPatterns,
  optionalHandle: everyHandleExpected,
  check: (data, context) =>
    context.knownFlows === undefined || context.knownFlows.has(data.flowId)
      ? []
      : [{ code: "goto_target_missing", message: `goto_flow names flow "${data.flowId}", which does not exist`, pointer: "/flowId" }],
  summary: (data) => `→ ${data.flowId}`,
});
