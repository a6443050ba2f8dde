import { MAX_SUBFLOW_DEPTH } from "../../../flow-schema/subflow-contract";
import { convertValue } from "../convert-value";
import type { Outcome } from "../outcome";
import type { Run } from "../run";
import type { JsonValue } from "../session-state";
import { templateValue } from "../template-value";
import type { NodeOf } from "./node-of";

const failed = (note: string): Outcome => ({ kind: "follow", handle: "failed", note });

/**
 * subflow: calls the pinned version of another flow (a draft calls the live one) with its own
 * variables: the called flow's declared defaults, then its inputs (mapped, else their defaults),
 * each converted to its declared type. Anything that stops the call takes `failed`.
 */
export const subflowExecutor = {
  enter(run: Run, node: NodeOf<"subflow">): Outcome {
    const { flowId, version } = node.data;
    if (run.callDepth >= MAX_SUBFLOW_DEPTH) return failed(`subflow calls nest more than ${MAX_SUBFLOW_DEPTH} deep`);
    const pinned = run.flow.version !== "draft" && version !== undefined;
    const target = pinned ? run.env.loadVersion(flowId, version) : run.env.loadFlow(flowId);
    if (target === undefined) return failed(pinned ? `version ${version} of flow "${flowId}" cannot be found` : `flow "${flowId}" has no published version`);

    const vars: Record<string, JsonValue> = { ...target.document.variables };
    for (const [name, input] of Object.entries(target.document.inputs ?? {})) {
      const template = node.data.inputs[name];
      const value = template === undefined ? input.default : templateValue(run, template);
      if (value === undefined) return failed(`flow "${flowId}" needs input "${name}", which is not mapped and has no default`);
      const converted = convertValue(value, input.type);
      if (converted === undefined) return failed(`input "${name}" of flow "${flowId}" is not a ${input.type}: ${JSON.stringify(value).slice(0, 80)}`);
      vars[name] = converted;
    }
    return { kind: "call", target, vars };
  },
};
