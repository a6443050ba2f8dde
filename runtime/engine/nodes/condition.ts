import { evaluateRule } from "../evaluate-rule";
import type { Outcome } from "../outcome";
import type { Run } from "../run";
import type { NodeOf } from "./node-of";

/** condition: the first rule that holds picks `match:<id>`; none picks `no_match`. */
export const conditionExecutor = {
  enter(run: Run, node: NodeOf<"condition">): Outcome {
    const rule = node.data.rules.find((candidate) =>
      evaluateRule(candidate.operator, run.render(candidate.left), candidate.right === undefined ? "" : run.render(candidate.right)),
    );
    return { kind: "follow", handle: rule ? `match:${rule.id}` : "no_match" };
  },
};
