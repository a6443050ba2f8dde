import { z } from "zod";
import { VariableName, VariableValue } from "./primitives";

/**
 * What a flow promises when another flow calls it with a `subflow` node: the inputs it takes
 * (document field `inputs`) and the outputs its `return` nodes give back (`outputs`). The outcomes
 * are the `outcome` names of its `return` nodes. Flows that are never called leave both out.
 */

/** The type an input or output is converted to: text, a number, true/false, or any JSON value as is. */
export const ValueType = z.enum(["string", "number", "boolean", "json"]);
export type ValueType = z.infer<typeof ValueType>;

export const FlowInput = z.strictObject({
  type: ValueType.default("string").describe("What the value is converted to when the flow is called (string, number, boolean or json)"),
  default: VariableValue.optional().describe("Used when the calling node does not map this input; without one the input is required"),
  description: z.string().max(500).optional(),
});
export type FlowInput = z.infer<typeof FlowInput>;

export const FlowOutput = z.strictObject({
  type: ValueType.default("string").describe("What a return node's value is converted to"),
  description: z.string().max(500).optional(),
});
export type FlowOutput = z.infer<typeof FlowOutput>;

export const FlowInputs = z
  .record(VariableName, FlowInput)
  .describe("Inputs this flow takes when called by a subflow node: each becomes vars.<name> in the called flow");
export const FlowOutputs = z.record(VariableName, FlowOutput).describe("Outputs this flow's return nodes give back to the calling flow");

/**
 * The most subflow calls that may be nested (a flow calling a flow calling a flow… counts each
 * call): the validator refuses longer chains and any chain that comes back to a flow already on it;
 * the engine takes `failed` rather than go deeper.
 */
export const MAX_SUBFLOW_DEPTH = 8;

/** A called flow as a subflow node sees it: what it takes, what it gives back, how it can end. */
export interface SubflowContract {
  inputs: Readonly<Record<string, FlowInput>>;
  outputs: Readonly<Record<string, FlowOutput>>;
  /** The distinct `outcome` names of its return nodes, in document order. */
  outcomes: readonly string[];
}

/** Reads a called flow's contract from its document (the parts that parse). */
export function subflowContract(document: {
  inputs?: Record<string, FlowInput> | undefined;
  outputs?: Record<string, FlowOutput> | undefined;
  nodes: ReadonlyArray<{ type: string; data: unknown }>;
}): SubflowContract {
  const outcomes: string[] = [];
  for (const node of document.nodes) {
    if (node.type !== "return" || typeof node.data !== "object" || node.data === null) continue;
    const outcome: unknown = "outcome" in node.data ? node.data.outcome : undefined;
    if (typeof outcome === "string" && !outcomes.includes(outcome)) outcomes.push(outcome);
  }
  return { inputs: document.inputs ?? {}, outputs: document.outputs ?? {}, outcomes };
}
