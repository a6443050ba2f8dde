import { z } from "zod";
import { FlowId, Identifier, Template, VariableName } from "../primitives";
import type { NodeProblem } from "./node-definition";
import { bothChannels, defineNode, everyHandleExpected, noPatterns, truncate } from "./node-definition";

/**
 * `subflow`: calls another flow and comes back.
 *
 * Data shape (what an importer writes; Twilio Studio's run-subflow maps here):
 * ```json
 * {
 *   "flowId": "collect-card",                     // the called flow (it declares `inputs` and `outputs`)
 *   "inputs": { "account": "{{vars.account}}" },  // called flow's input name → value template
 *   "outputs": { "last4": "card_last4" },         // called flow's output name → variable set here
 *   "outcomes": ["done", "declined"],             // the called flow's return outcomes: one handle each
 *   "version": 3                                  // written by publishing; leave it out
 * }
 * ```
 * Handles: `outcome:<name>` per entry of `outcomes`, and `failed` (the called flow is missing or
 * unpublished, an input cannot be converted to its type, calls are nested too deep, or the called
 * flow ends without a return node: an unconnected handle, a missing node or goto target).
 *
 * The called flow runs in the same session with its own variables: its declared `variables`
 * defaults, then its inputs (mapped values, else the declared defaults), converted to their types.
 * A mapped value that is one lone placeholder keeps its type (`{{nodes.api.body}}` stays an
 * object). When it returns, this flow's variables are as they were, plus each mapped output, and
 * `nodes.<id>` is `{outcome, outputs}`. Caller, call and channel are shared.
 *
 * Publishing pins the called flow: it writes `version` (the called flow's live version then) into
 * the published version, so republishing or rolling back the called flow changes nothing for the
 * calling version until the caller is published again. A draft (the simulator) always calls the
 * live version, and publishing always pins afresh: a `version` in a draft (one a rollback brought
 * back) is replaced.
 */
export const SubflowData = z.strictObject({
  flowId: FlowId.describe("The flow to call; it declares its inputs and outputs and ends in return nodes"),
  inputs: z
    .record(VariableName, Template)
    .default({})
    .describe("Values for the called flow's inputs, by input name: templates read in this flow ({{vars.x}})"),
  outputs: z
    .record(VariableName, VariableName)
    .default({})
    .describe("Where the called flow's outputs go, by output name: the variable of this flow that receives it"),
  outcomes: z
    .array(Identifier)
    .max(20)
    .default([])
    .refine((list) => new Set(list).size === list.length, "outcomes must be unique")
    .describe("The called flow's return outcomes, one handle each (outcome:<name>); any other ending takes failed"),
  version: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("The called flow's version this one runs: written by publishing (its live version then); leave it out in drafts"),
});
export type SubflowData = z.infer<typeof SubflowData>;

/** The handle a return outcome leaves a subflow node by. */
export const outcomeHandle = (outcome: string): string => `outcome:${outcome}`;

export const subflowNode = defineNode({
  type: "subflow",
  title: "Subflow",
  description: "Call another flow with inputs, and continue by the outcome it returns.",
  data: SubflowData,
  starter: () => ({ flowId: "main", inputs: {}, outputs: {}, outcomes: ["done"] }),
  outputs: (data) => [...data.outcomes.map((outcome) => ({ id: outcomeHandle(outcome), label: outcome })), { id: "failed", label: "Failed" }],
  terminal: false,
  waitsForInput: false,
  channels: bothChannels,
  templates: (data) => Object.entries(data.inputs).map(([name, template]) => ({ pointer: `/inputs/${name}`, template })),
  writes: (data) => Object.values(data.outputs),
  patterns: noPatterns,
  optionalHandle: everyHandleExpected,
  check: (data, context) => {
    if (context.knownFlows !== undefined && !context.knownFlows.has(data.flowId)) {
      return [{ code: "subflow_target_missing", message: `subflow calls flow "${data.flowId}", which does not exist`, pointer: "/flowId" }];
    }
    const contract = context.subflows?.(data.flowId);
    if (contract === undefined) {
      if (context.subflows === undefined) return [];
      return [
        {
          code: "subflow_target_unpublished",
          message: `subflow calls flow "${data.flowId}", which has no published version: publish it first (its inputs, outputs and outcomes are read from it)`,
          pointer: "/flowId",
        },
      ];
    }
    const problems: NodeProblem[] = [];
    for (const name of Object.keys(data.inputs)) {
      if (!Object.hasOwn(contract.inputs, name)) {
        problems.push({ code: "subflow_input_unknown", message: `flow "${data.flowId}" has no input "${name}"${listOf("its inputs", Object.keys(contract.inputs))}`, pointer: `/inputs/${name}` });
      }
    }
    for (const [name, input] of Object.entries(contract.inputs)) {
      if (input.default === undefined && !Object.hasOwn(data.inputs, name)) {
        problems.push({ code: "subflow_input_missing", message: `flow "${data.flowId}" needs input "${name}" (it has no default); map a value to it`, pointer: "/inputs" });
      }
    }
    for (const name of Object.keys(data.outputs)) {
      if (!Object.hasOwn(contract.outputs, name)) {
        problems.push({ code: "subflow_output_unknown", message: `flow "${data.flowId}" has no output "${name}"${listOf("its outputs", Object.keys(contract.outputs))}`, pointer: `/outputs/${name}` });
      }
    }
    data.outcomes.forEach((outcome, index) => {
      if (!contract.outcomes.includes(outcome)) {
        problems.push({
          code: "subflow_outcome_unknown",
          message: `flow "${data.flowId}" never returns outcome "${outcome}"${listOf("its return outcomes", contract.outcomes)}`,
          pointer: `/outcomes/${index}`,
        });
      }
    });
    const unlisted = contract.outcomes.filter((outcome) => !data.outcomes.includes(outcome));
    if (unlisted.length > 0) {
      problems.push({
        code: "subflow_outcome_unlisted",
        message: `flow "${data.flowId}" can return ${unlisted.map((o) => `"${o}"`).join(", ")}, which this node has no handle for: those take failed`,
        pointer: "/outcomes",
      });
    }
    return problems;
  },
  summary: (data) => truncate(`⇄ ${data.flowId}${data.version === undefined ? "" : ` v${data.version}`}`),
});

function listOf(what: string, names: readonly string[]): string {
  return names.length === 0 ? `; it declares none` : `; ${what}: ${names.join(", ")}`;
}
