import { convertValue } from "../convert-value";
import type { Outcome } from "../outcome";
import type { Run } from "../run";
import type { JsonValue } from "../session-state";
import { templateValue } from "../template-value";
import type { NodeOf } from "./node-of";

/**
 * return: ends a subflow with an outcome and its outputs (each converted to the type the flow
 * declares); an output that cannot be converted makes the caller take `failed`. In a flow nobody
 * called, it ends the session (`returned`).
 */
export const returnExecutor = {
  enter(run: Run, node: NodeOf<"return">): Outcome {
    if (run.callDepth === 0) return { kind: "end", reason: "returned" };
    const declared = run.flow.document.outputs ?? {};
    const outputs: Record<string, JsonValue> = {};
    for (const [name, template] of Object.entries(node.data.outputs)) {
      const value = templateValue(run, template);
      const type = declared[name]?.type ?? "json";
      const converted = convertValue(value, type);
      if (converted === undefined) {
        return { kind: "return", outcome: node.data.outcome, outputs, failure: `output "${name}" is not a ${type}: ${JSON.stringify(value).slice(0, 80)}` };
      }
      outputs[name] = converted;
    }
    return { kind: "return", outcome: node.data.outcome, outputs };
  },
};
