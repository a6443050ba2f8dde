import { evaluateRule } from "../evaluate-rule";
import type { Outcome } from "../outcome";
import type { Run } from "../run";
import type { NodeOf } from "./node-of";

/**
 * condition: the first rule that holds picks `match:<id>`; none picks `no_match`. A `matches` rule
 * whose pattern cannot run (a templated one is compiled only now) does not hold; the step's note
 * says why, for the log.
 */
export const conditionExecutor = {
  enter(run: Run, node: NodeOf<"condition">): Outcome {
    const problems: string[] = [];
    for (const rule of node.data.rules) {
      const verdict = evaluateRule(rule.operator, run.render(rule.left), rule.right === undefined ? "" : run.render(rule.right));
      if (verdict.problem !== undefined) problems.push(`rule "${rule.id}": ${verdict.problem}`);
      if (verdict.holds) return { kind: "follow", handle: `match:${rule.id}`, ...noted(problems) };
    }
    return { kind: "follow", handle: "no_match", ...noted(problems) };
  },
};

function noted(problems: readonly string[]): { note?: string } {
  return problems.length === 0 ? {} : { note: problems.join("; ") };
}
