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
      const right = rule.right ?? "";
      const verdict = evaluateRule(rule.operator, run.render(rule.left), run.render(right), isTemplate(right) ? "template" : "document");
      if (verdict.problem !== undefined) problems.push(`rule "${rule.id}": ${verdict.problem}`);
      if (verdict.holds) return { kind: "follow", handle: `match:${rule.id}`, ...noted(problems) };
    }
    return { kind: "follow", handle: "no_match", ...noted(problems) };
  },
};

/** The validator compiles only a right side without placeholders; one with them is rendered first. */
function isTemplate(text: string): boolean {
  return text.includes("{{");
}

function noted(problems: readonly string[]): { note?: string } {
  return problems.length === 0 ? {} : { note: problems.join("; ") };
}
