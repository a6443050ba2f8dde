import { z } from "zod";
import { Identifier, Template, VariableName } from "../primitives";
import { bothChannels, defineNode, everyHandleExpected, noPatterns, noProblems, noWrites, truncate } from "./node-definition";

/**
 * `return`: ends a called flow and goes back to the `subflow` node that called it, which leaves by
 * the handle `outcome:<outcome>`.
 *
 * Data shape:
 * ```json
 * { "outcome": "done", "outputs": { "last4": "{{vars.card_last4}}" } }
 * ```
 * `outputs` are by output name (each declared in the flow's `outputs`), values templates read in
 * this flow; a lone placeholder keeps its type. In a flow that was not called (started by a
 * channel, or reached by goto_flow from one), a return ends the session (`returned`).
 */
export const ReturnData = z.strictObject({
  outcome: Identifier.default("done").describe("The outcome the calling subflow node leaves by (its handle outcome:<name>)"),
  outputs: z.record(VariableName, Template).default({}).describe("Values of the flow's declared outputs, by output name: templates"),
});
export type ReturnData = z.infer<typeof ReturnData>;

export const returnNode = defineNode({
  type: "return",
  title: "Return",
  description: "End this subflow with an outcome and output values, back to the calling flow.",
  data: ReturnData,
  starter: () => ({ outcome: "done", outputs: {} }),
  outputs: () => [],
  terminal: true,
  waitsForInput: false,
  channels: bothChannels,
  templates: (data) => Object.entries(data.outputs).map(([name, template]) => ({ pointer: `/outputs/${name}`, template })),
  writes: noWrites,
  patterns: noPatterns,
  optionalHandle: everyHandleExpected,
  check: noProblems,
  summary: (data) => truncate(`↩ ${data.outcome}${Object.keys(data.outputs).length === 0 ? "" : ` (${Object.keys(data.outputs).join(", ")})`}`),
});
