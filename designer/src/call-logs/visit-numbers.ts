import { versionKey } from "./flow-version-ref";
import { staysAtNode } from "./step-outcome";

interface StepLike {
  flowId: string;
  version: number | null;
  nodeId: string;
  outcome: string | null;
}

/**
 * For each step, its visit number (1, 2, 3…) when the step enters a node, or undefined when it
 * continues at the node the previous step stayed at (a menu answered after `waiting`, a retry, an
 * HTTP answer, a transfer result, a hang-up while waiting).
 */
export function visitNumbers(steps: readonly StepLike[]): (number | undefined)[] {
  let count = 0;
  return steps.map((step, index) => {
    const previous = index === 0 ? undefined : steps[index - 1];
    const continues =
      previous !== undefined &&
      staysAtNode(previous.outcome) &&
      previous.nodeId === step.nodeId &&
      versionKey(previous.flowId, previous.version) === versionKey(step.flowId, step.version);
    if (continues) return undefined;
    count += 1;
    return count;
  });
}
