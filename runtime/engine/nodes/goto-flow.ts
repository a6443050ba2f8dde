import type { Outcome } from "../outcome";
import type { Run } from "../run";
import type { NodeOf } from "./node-of";

/** goto_flow: continue at the entry of the target's current published version, variables kept. */
export const gotoFlowExecutor = {
  enter(run: Run, node: NodeOf<"goto_flow">): Outcome {
    const target = run.env.loadFlow(node.data.flowId);
    if (target === undefined) return { kind: "end", reason: "goto_target_missing" };
    return { kind: "goto", target };
  },
};
